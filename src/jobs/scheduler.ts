import { and, eq } from 'drizzle-orm';
import type { AppDb } from '../../db/types';
import { jobRuns } from '../../db/schema';
import type { WorkCalendar } from '../core/calendar/types';
import type { Platform } from '../core/inbound';
import { localDate, localTime, type LocalDate } from '../core/time';

/** The settings jobs read, from the one typed config (src/config.ts). */
export interface JobSettings {
  /** DAILY_PUSH_AT: when the daily reminder jobs run, Beijing time `HH:mm`. */
  dailyPushAt: string;
  /** ESCALATE_ON_HOLIDAYS=1: overdue escalations also run on non-working days. */
  escalateOnHolidays: boolean;
}

/** What the entry gives every job besides the database and calendar. */
export interface JobEnv {
  settings: JobSettings;
  /** Every mounted platform: pushes a job enqueues go out on each (like a command's). */
  pushPlatforms: readonly Platform[];
}

export interface JobContext extends JobEnv {
  db: AppDb;
  now: Date;
  today: LocalDate;
  calendar: WorkCalendar;
}

/** A scheduled job: `isDue` decides from the Beijing date, time and calendar; the database decides "once". */
export interface Job {
  name: string;
  /** Earliest Beijing time of day it may run, `HH:mm`. */
  at(ctx: JobContext): string;
  isDue(ctx: JobContext): boolean;
  run(ctx: JobContext): Promise<string>;
}

export interface JobReport {
  job: string;
  date: LocalDate;
  result: string;
}

/**
 * "The scheduler only wakes; the database decides" (runtime.md §4): every due job is claimed once
 * per (job, Beijing date) with a unique insert, so a duplicate trigger, a restart or a catch-up after
 * downtime never runs it twice. A job that throws releases its claim so the next wake retries it.
 */
export async function runDueJobs(db: AppDb, calendar: WorkCalendar, jobs: readonly Job[], now: Date, env: JobEnv): Promise<JobReport[]> {
  const ctx: JobContext = { ...env, db, now, today: localDate(now), calendar };
  const reports: JobReport[] = [];
  for (const job of jobs) {
    if (localTime(now) < job.at(ctx) || !job.isDue(ctx)) continue;
    const claimed = await db.insert(jobRuns).values({ job: job.name, localDate: ctx.today, startedAt: now })
      .onConflictDoNothing().returning();
    if (claimed.length === 0) continue;
    try {
      const result = await job.run(ctx);
      await db.update(jobRuns).set({ finishedAt: now }).where(and(eq(jobRuns.job, job.name), eq(jobRuns.localDate, ctx.today)));
      reports.push({ job: job.name, date: ctx.today, result });
    } catch (error) {
      await db.delete(jobRuns).where(and(eq(jobRuns.job, job.name), eq(jobRuns.localDate, ctx.today)));
      throw error;
    }
  }
  return reports;
}
