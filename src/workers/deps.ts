import { drizzle } from 'drizzle-orm/d1';
import * as schema from '../../db/schema';
import type { AppDb } from '../../db/types';
import type { AppDeps } from '../app-env';
import { buildDeps } from '../deps';
import { errorFields, log } from '../log';
import { systemClock } from '../core/time';
import type { ExecutionContext, WorkerEnv } from './env';
import { workerConfig } from './env';
import { workerPlatformSenders, type WorkerSenders } from './senders';
import { r2FileStore } from './r2-file-store';
import { memoryFileStore } from '../files/store';

/** D1 through drizzle: the same schema and query layer as better-sqlite3 (db/types.ts). */
export function d1Database(env: WorkerEnv): AppDb {
  return drizzle(env.DB, { schema }) as unknown as AppDb;
}

interface IsolateState extends WorkerSenders {
  db: AppDb;
}

/**
 * Built once per isolate and bindings object: the Feishu token, the bot's open_id and the rate
 * limiters then live as long as the isolate, like a Node process's, instead of one request.
 */
const isolates = new WeakMap<object, IsolateState>();

function isolateState(env: WorkerEnv): IsolateState {
  let state = isolates.get(env);
  if (!state) {
    const db = d1Database(env);
    state = { db, ...workerPlatformSenders(workerConfig(env), db, systemClock) };
    isolates.set(env, state);
  }
  return state;
}

/**
 * One request's (or one cron run's) dependencies. `defer` hands the task to `waitUntil`, so the
 * response goes out first and the isolate stays alive until delivery ends; the cron sweeper
 * retries whatever a cut-off task left pending.
 */
export function workerDeps(env: WorkerEnv, ctx: Pick<ExecutionContext, 'waitUntil'>): AppDeps {
  const config = workerConfig(env);
  const { db, senders, feishu } = isolateState(env);
  const defer: AppDeps['defer'] = (task) => {
    ctx.waitUntil(task().catch((error) => log().error(errorFields(error), 'deferred task failed')));
  };
  // Without the FILES bucket the Worker still runs; attachments then last only as long as the isolate.
  const deps = buildDeps(config, db, systemClock, defer, senders, env.FILES ? r2FileStore(env.FILES) : memoryFileStore());
  return feishu ? { ...deps, feishuBotOpenId: feishu.botOpenId } : deps;
}
