import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { D1_MAX_BOUND_PARAMETERS } from '../../db/in-chunks';
import { openSqlite } from '../../db/open-sqlite';
import { outbox } from '../../db/schema';
import type { AppDb } from '../../db/types';
import { insertLedger } from '../../bench/daily/generate';
import { loadCalendar } from '../../src/core/calendar';
import { FAN_OUT_CHUNK } from '../../src/core/reminders/policy';
import { localDate } from '../../src/core/time';
import { allJobs } from '../../src/jobs';
import { runDueJobs, type JobEnv } from '../../src/jobs/scheduler';
import { DEMO_ORG_FILE, loadOrgFile } from '../../src/node/deps';
import { demoOrg } from '../reliability/support/crash-scene';

/**
 * The 09:00 jobs on a ledger of a few hundred items (the demo organisation, bench/daily/generate.ts):
 * however the pass reads and writes — each job reading alone and enqueueing one push a unit, or one
 * shared read and multi-row inserts of FAN_OUT_CHUNK pushes, on SQLite or within D1's 100 bound
 * parameters — the outbox ends up with the same rows, ids and payloads included.
 */
const NOW = new Date('2026-12-08T09:00:00+08:00');
const env: JobEnv = { settings: { dailyPushAt: '09:00', escalateOnHolidays: false }, pushPlatforms: ['feishu', 'dingtalk'] };

let dir: string;
let source: string;
let copies = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'duban-fan-out-'));
  source = join(dir, 'ledger.db');
  const { db, close } = openSqlite(source);
  await loadOrgFile(db, DEMO_ORG_FILE, NOW);
  await insertLedger(db, demoOrg(), { units: 0, people: 0, items: 300 }, localDate(NOW));
  close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `jobs` on a fresh copy of the ledger; the outbox rows after, and how often the acknowledgements were read. */
async function outboxAfter(jobs: (db: AppDb) => Promise<unknown>, wrap: (db: AppDb) => AppDb = (db) => db) {
  const file = join(dir, `copy-${++copies}.db`);
  copyFileSync(source, file);
  const { db, close } = openSqlite(file);
  const client = (db as unknown as { $client: { prepare: (sql: string) => unknown } }).$client;
  const prepare = client.prepare.bind(client);
  let ackReads = 0;
  client.prepare = (sql: string) => {
    if (/^select .* from "supervision_acks"/.test(sql)) ackReads++;
    return prepare(sql);
  };
  try {
    await jobs(wrap(db));
    return { rows: await db.select().from(outbox).orderBy(asc(outbox.id)), ackReads };
  } finally {
    close();
  }
}

/** Each job in its own pass (its own read), one push per atomic unit. */
const eachAlone = async (db: AppDb) => {
  const calendar = await loadCalendar(db);
  for (const job of allJobs) await runDueJobs(db, calendar, [job], NOW, { ...env, fanOutChunk: 1 });
};
const onePass = async (db: AppDb) => runDueJobs(db, await loadCalendar(db), allJobs, NOW, env);

/** The database as D1 drives it (atomic units through `batch`), refusing a statement with more than 100 bound parameters. */
function d1Shaped(db: AppDb, seen: { statements: number; mostParameters: number }): AppDb {
  const batch = async (statements: Array<{ run: () => void; toSQL: () => { params: unknown[] } }>) => {
    for (const s of statements) {
      const { params } = s.toSQL();
      seen.statements++;
      seen.mostParameters = Math.max(seen.mostParameters, params.length);
      if (params.length > D1_MAX_BOUND_PARAMETERS) throw new Error(`too many SQL variables: ${params.length}`);
    }
    (db as unknown as { transaction: (fn: () => void) => void }).transaction(() => {
      for (const s of statements) s.run();
    });
  };
  return new Proxy(db, { get: (target, prop, receiver) => (prop === 'batch' ? batch : Reflect.get(target, prop, receiver)) });
}

describe('Daily jobs at scale: one read of the day, multi-row inserts, the same outbox', () => {
  it('one pass sharing one read enqueues exactly what each job reading alone, a push a unit, does', async () => {
    const alone = await outboxAfter(eachAlone);
    const together = await outboxAfter(onePass);
    // Warnings, escalations, digests and nudges: more than one unit of pushes on two platforms.
    expect(alone.rows.length).toBeGreaterThan(2 * FAN_OUT_CHUNK);
    expect(together.rows).toEqual(alone.rows);
    // Each of the four reminder jobs read the ledger itself; the pass read it once for all of them.
    expect(alone.ackReads).toBe(4);
    expect(together.ackReads).toBe(1);
  });

  it('on D1 every insert stays within 100 bound parameters, and the rows are the same', async () => {
    const seen = { statements: 0, mostParameters: 0 };
    const alone = await outboxAfter(eachAlone);
    const d1 = await outboxAfter(onePass, (db) => d1Shaped(db, seen));
    expect(d1.rows).toEqual(alone.rows);
    expect(seen.mostParameters).toBeLessThanOrEqual(D1_MAX_BOUND_PARAMETERS);
    // Multi-row: far fewer statements than rows.
    expect(seen.statements).toBeLessThan(alone.rows.length / 3);
  });
});
