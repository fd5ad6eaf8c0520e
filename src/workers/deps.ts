import { drizzle } from 'drizzle-orm/d1';
import * as schema from '../../db/schema';
import type { AppDb } from '../../db/types';
import type { AppDeps } from '../app-env';
import { buildDeps } from '../deps';
import { systemClock } from '../core/time';
import type { ExecutionContext, WorkerEnv } from './env';
import { workerConfig } from './env';
import { workerPlatformSenders } from './senders';

/** D1 through drizzle: the same schema and query layer as better-sqlite3 (db/types.ts). */
export function d1Database(env: WorkerEnv): AppDb {
  return drizzle(env.DB, { schema }) as unknown as AppDb;
}

/**
 * One request's (or one cron run's) dependencies. `defer` hands the task to `waitUntil`, so the
 * response goes out first and the isolate stays alive until delivery ends; the cron sweeper
 * retries whatever a cut-off task left pending.
 */
export function workerDeps(env: WorkerEnv, ctx: Pick<ExecutionContext, 'waitUntil'>): AppDeps {
  const config = workerConfig(env);
  const db = d1Database(env);
  const defer: AppDeps['defer'] = (task) => {
    ctx.waitUntil(task().catch((error) => console.error(JSON.stringify({ at: 'deferred task', error: String(error?.stack ?? error) }))));
  };
  return buildDeps(config, db, systemClock, defer, workerPlatformSenders(config));
}
