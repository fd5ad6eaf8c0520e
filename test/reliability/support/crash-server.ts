/**
 * The Node service as `src/node.ts` runs it — `buildNodeDeps`, `createApp` on @hono/node-server,
 * the in-process schedulers (outbox sweeper every second) — plus a wake-up at start, with two
 * changes for the crash-recovery test:
 * - the clock starts at CRASH_NOW (a working day, 09:00) and runs at real speed from there;
 * - the Feishu sender may send 500/s instead of Feishu's 50/s (the fake has no limit), 50 calls in
 *   flight at once, so a fan-out of a few hundred pushes is out in seconds.
 * CRASH_AT_OUTBOX_ROWS=n: the process SIGKILLs itself right after the commit that brings the
 * outbox to n rows or more — a crash at a chosen point of the fan-out, deterministically.
 */
import Database from 'better-sqlite3';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../../src/app';
import { parseConfig } from '../../../src/config';
import { openSqlite } from '../../../db/open-sqlite';
import { adjustableClock } from '../../../src/core/adjustable-clock';
import { buildNodeDeps } from '../../../src/node/deps';
import { startSchedulers } from '../../../src/node/schedulers';
import { feishuSender } from '../../../src/platforms/feishu/api';
import { ledgerFileSource } from '../../../src/export/ledger-file';

const crashAt = Number(process.env.CRASH_AT_OUTBOX_ROWS ?? 0);
if (crashAt > 0) {
  const transaction = Database.prototype.transaction;
  Database.prototype.transaction = function crashing(this: Database.Database, fn: (...args: any[]) => any) {
    const run = transaction.call(this, fn) as any;
    const check = <T>(result: T): T => {
      const { n } = this.prepare('select count(*) as n from outbox').get() as { n: number };
      if (n >= crashAt) process.kill(process.pid, 'SIGKILL');
      return result;
    };
    const wrapped: any = (...args: unknown[]) => check(run(...args));
    for (const mode of ['default', 'deferred', 'immediate', 'exclusive']) wrapped[mode] = (...args: unknown[]) => check(run[mode](...args));
    return wrapped;
  } as typeof transaction;
}

const config = parseConfig(process.env);
const { db } = openSqlite(config.databasePath);
const clock = adjustableClock();
clock.set(new Date(process.env.CRASH_NOW!));
const feishu = feishuSender(config.feishu!, { timeoutMs: 2_000, files: ledgerFileSource(db, clock) });
const fast = { ...feishu, limits: { app: [{ limit: 500, windowMs: 1_000 }], perTarget: [{ limit: 50, windowMs: 1_000 }], inFlight: 50 } };
const pending = new Set<Promise<unknown>>();
const deps = buildNodeDeps(
  config,
  db,
  clock,
  (task) => {
    const p = task()
      .catch((error) => console.error('deferred task failed', error))
      .finally(() => pending.delete(p));
    pending.add(p);
  },
  { feishu: fast },
);
const app = createApp(() => deps);
startSchedulers(deps);
serve({ fetch: app.fetch, port: config.port, hostname: '127.0.0.1' }, (info: AddressInfo) => {
  console.log(`crash-server listening on ${info.port}`);
});
// The wake-up a restart gets: the 5-minute job cron would come later.
void deps.runDueJobs(clock.now()).then(
  (reports) => console.log(JSON.stringify({ jobs: reports.map((r) => `${r.job}: ${r.result}`) })),
  (error) => console.error('jobs failed', error),
);
process.on('SIGTERM', () => process.exit(0));
