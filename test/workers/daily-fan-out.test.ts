import { env } from 'cloudflare:workers';
import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { insertLedger, orgOfFile } from '../../bench/daily/generate';
import { jobRuns, outbox } from '../../db/schema';
import type { AppDb } from '../../db/types';
import { loadCalendar } from '../../src/core/calendar';
import { importOrg, parseOrgFile } from '../../src/core/org/import';
import { FAN_OUT_CHUNK } from '../../src/core/reminders/policy';
import { localDate } from '../../src/core/time';
import { allJobs } from '../../src/jobs';
import { runDueJobs, type JobEnv } from '../../src/jobs/scheduler';
import { d1Database } from '../../src/workers/deps';

const NOW = new Date('2026-12-08T09:00:00+08:00');
const jobEnv: JobEnv = { settings: { dailyPushAt: '09:00', escalateOnHolidays: false }, pushPlatforms: ['feishu', 'dingtalk'] };

/** The outbox as delivery sees it (ids left out: the second run's continue after the first's). */
const outboxRows = async (db: AppDb) => (await db.select().from(outbox).orderBy(asc(outbox.id))).map(({ id: _id, ...row }) => row);

describe('Daily fan-out on D1 (db.batch, 100 bound parameters per statement)', () => {
  it('one pass with multi-row units enqueues the same rows as each job alone, a push a unit', async () => {
    const db = d1Database(env);
    const org = parseOrgFile(env.DEMO_ORG_YAML);
    await importOrg(db, org, NOW);
    await insertLedger(db, orgOfFile(org), { units: 0, people: 0, items: 200 }, localDate(NOW));
    const calendar = await loadCalendar(db);

    for (const job of allJobs) await runDueJobs(db, calendar, [job], NOW, { ...jobEnv, fanOutChunk: 1 });
    const alone = await outboxRows(db);
    expect(alone.length).toBeGreaterThan(FAN_OUT_CHUNK);

    await db.delete(outbox);
    await db.delete(jobRuns);
    const reports = await runDueJobs(db, calendar, allJobs, NOW, jobEnv);
    expect(reports.map((r) => r.job)).toContain('daily-digest');
    expect(await outboxRows(db)).toEqual(alone);
  });
});
