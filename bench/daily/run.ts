/**
 * The daily job at full scale: one child generates the organisation and the ledger into a temp
 * database; a second, fresh child runs the scheduler at 09:00 on a working day, so its peak RSS
 * (getrusage maxRSS, plus 5 ms sampling of process.memoryUsage.rss()) is the job's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild } from '../lib/child';
import type { JobReport } from '../../src/jobs/scheduler';
import { FULL_SCALE, type Scale } from './generate';

/** A Tuesday in December 2026: a working day on the statutory calendar, not the week's first (no bulletin). */
export const DAILY_AT = '2026-12-08T09:00:00+08:00';

export interface DailyFigures {
  at: string;
  scale: Scale;
  generated: { units: number; people: number; items: number; acks: number; reports: number; extensions: number; weeks: number };
  /** How the data was made: see generate.ts. */
  method: string;
  totalMs: number;
  /** CPU time of the run process (user + system, every thread): steadier than wall time on a busy machine. */
  cpuMs: number;
  jobMs: Record<string, number>;
  jobResults: string[];
  outboxRows: number;
  /** SHA-256 of every outbox row (all columns, id order): the same before and after a change that must not alter what is sent. */
  outboxSha256: string;
  digestRows: number;
  peakRssMb: number;
  sampledPeakRssMb: number;
  baselineRssMb: number;
}

const MB = 1024 * 1024;

export async function benchDaily(options: { scale?: Scale; log(line: string): void }): Promise<DailyFigures> {
  const scale = options.scale ?? FULL_SCALE;
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-daily-'));
  const env = { BENCH_DB: join(dir, 'duban.db'), BENCH_NOW: DAILY_AT, BENCH_SCALE: JSON.stringify(scale) };
  const script = new URL('./child.ts', import.meta.url);
  try {
    const prepared = (await startChild(script, { env: { ...env, BENCH_STEP: 'prepare' } }).ready) as any;
    options.log(
      `  generated ${prepared.imported.units} units, ${prepared.imported.people} people (org import), ${prepared.ledger.items} open items in ${(prepared.ms / 1000).toFixed(1)} s`,
    );
    const run = (await startChild(script, { env: { ...env, BENCH_STEP: 'run' } }).ready) as any;
    const figures: DailyFigures = {
      at: DAILY_AT,
      scale,
      generated: { ...prepared.imported, ...prepared.ledger },
      method:
        'directory: generated file through parseOrgFile + importOrg (the real import); ledger: direct inserts of schema-typed rows (bench/daily/generate.ts), seeded',
      totalMs: run.totalMs,
      cpuMs: run.cpuMs,
      jobMs: run.timings,
      jobResults: (run.reports as JobReport[]).map((r) => `${r.job}: ${r.result}`),
      outboxRows: run.outboxRows,
      outboxSha256: run.outboxSha256,
      digestRows: run.digestRows,
      peakRssMb: run.maxRssBytes / MB,
      sampledPeakRssMb: run.sampledPeakRssBytes / MB,
      baselineRssMb: run.baselineRssBytes / MB,
    };
    options.log(
      `  daily jobs: ${(figures.totalMs / 1000).toFixed(2)} s (CPU ${(figures.cpuMs / 1000).toFixed(2)} s; digest ${(figures.jobMs['daily-digest']! / 1000).toFixed(2)} s), ${figures.outboxRows} outbox rows (${figures.digestRows} digests, sha256 ${figures.outboxSha256.slice(0, 12)}…), peak RSS ${figures.peakRssMb.toFixed(0)} MB; load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
