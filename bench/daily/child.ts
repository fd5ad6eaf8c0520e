/**
 * Daily-job benchmark, in its own process: `BENCH_STEP=prepare` generates the organisation and the
 * ledger into `BENCH_DB`; `BENCH_STEP=run` (a fresh process, so its peak RSS is the job's) opens that
 * database and runs the real scheduler (`runDueJobs` with every job) at 09:00 on a working day.
 */
import { createHash } from 'node:crypto';
import { asc, count, like } from 'drizzle-orm';
import { openSqlite } from '../../db/open-sqlite';
import { outbox } from '../../db/schema';
import { loadCalendar } from '../../src/core/calendar';
import { allJobs } from '../../src/jobs';
import { runDueJobs, type Job } from '../../src/jobs/scheduler';
import { localDate } from '../../src/core/time';
import { reportFailure } from '../lib/child';
import { FULL_SCALE, generateOrg, importGenerated, insertLedger, type Scale } from './generate';

const file = process.env.BENCH_DB!;
const now = new Date(process.env.BENCH_NOW!);
const scale: Scale = JSON.parse(process.env.BENCH_SCALE ?? 'null') ?? FULL_SCALE;

async function prepare() {
  const started = performance.now();
  const { db, close } = openSqlite(file);
  const org = generateOrg(scale);
  const imported = await importGenerated(db, org, now);
  const ledger = await insertLedger(db, org, scale, localDate(now));
  close();
  process.send!({ type: 'ready', imported: { units: imported.units, people: imported.people }, ledger, ms: performance.now() - started });
}

async function run() {
  const { db, close } = openSqlite(file);
  const baselineRss = process.memoryUsage.rss();
  let sampledPeak = baselineRss;
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
  }, 5);
  const timings: Record<string, number> = {};
  // The real jobs, each timed; the scheduler decides which are due and claims them once.
  const timed: Job[] = allJobs.map((job) => ({
    ...job,
    async run(ctx) {
      const t = performance.now();
      try {
        return await job.run(ctx);
      } finally {
        timings[job.name] = performance.now() - t;
      }
    },
  }));
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const calendar = await loadCalendar(db);
  const reports = await runDueJobs(db, calendar, timed, now, {
    settings: { dailyPushAt: '09:00', escalateOnHolidays: false },
    pushPlatforms: ['feishu'],
  });
  const totalMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  // getrusage: the process's true peak, including anything between samples — read before the checks below load the outbox.
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  clearInterval(sampler);
  sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
  const [rows] = await db.select({ n: count() }).from(outbox);
  // Every column of every row, in id order: equal hashes mean the same pushes were queued, byte for byte.
  const hash = createHash('sha256');
  for (const row of await db.select().from(outbox).orderBy(asc(outbox.id))) hash.update(`${JSON.stringify(row)}\n`);
  const [digests] = await db.select({ n: count() }).from(outbox).where(like(outbox.dedupeKey, 'remind:digest:%'));
  close();
  process.send!({
    type: 'ready',
    totalMs,
    // CPU time of the run (user + system): what the job costs, less sensitive to a busy machine than wall time.
    cpuMs: (cpu.user + cpu.system) / 1000,
    timings,
    reports,
    outboxRows: rows!.n,
    outboxSha256: hash.digest('hex'),
    digestRows: digests!.n,
    baselineRssBytes: baselineRss,
    sampledPeakRssBytes: sampledPeak,
    maxRssBytes,
  });
}

(process.env.BENCH_STEP === 'prepare' ? prepare() : run()).then(() => process.disconnect?.(), reportFailure);
