import { and, eq, isNull, lt } from 'drizzle-orm';
import type { AppDb } from '../../db/types';
import { jobRuns } from '../../db/schema';
import type { WorkCalendar } from '../core/calendar/types';
import type { DayFactsCache } from '../core/reminders/day-facts';
import type { Platform } from '../core/inbound';
import { localDate, localTime, type LocalDate } from '../core/time';

/** The settings jobs read, from the one typed config (src/config.ts). */
export interface JobSettings {
  /** DAILY_PUSH_AT: when the daily reminder jobs run, Beijing time `HH:mm`. */
  dailyPushAt: string;
  /** ESCALATE_ON_HOLIDAYS=1: overdue escalations also run on non-working days. */
  escalateOnHolidays: boolean;
  /** DINGTALK_MONTHLY_QUOTA when DingTalk is configured: the quota job warns at its thresholds. */
  dingtalkMonthlyQuota?: number;
}

/** What the entry gives every job besides the database and calendar. */
export interface JobEnv {
  settings: JobSettings;
  /** Every mounted platform: pushes a job enqueues go out on each (like a command's). */
  pushPlatforms: readonly Platform[];
  /** Pushes per atomic unit of a fan-out; FAN_OUT_CHUNK when absent (tests make it small to crash half-way). */
  fanOutChunk?: number;
}

export interface JobContext extends JobEnv {
  db: AppDb;
  now: Date;
  today: LocalDate;
  calendar: WorkCalendar;
  /** The day's state read once for every reminder job of this pass (src/core/reminders/day-facts.ts). */
  dayFacts: DayFactsCache;
}

/** A scheduled job: `isDue` decides from the Beijing date, time and calendar; the database decides "once". */
export interface Job {
  name: string;
  /** Its Chinese name, for people (the sandbox's 运行每日任务 toast). */
  title: string;
  /**
   * For a job that runs several times a day: the part of the day a run stands for (e.g. the hour);
   * the database then claims each (job, slot, date) once. Absent: once a day.
   */
  slot?(ctx: JobContext): string;
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
 * How long a claimed run may stay unfinished before a later wake takes it over. A run cut short by
 * the process dying (SIGKILL, power loss: test/reliability/crash-recovery.test.ts) never releases
 * its claim, and the rest of its fan-out would be lost. Far longer than a real run (the daily jobs
 * for 10 000 items take seconds, bench/); running a job again is safe, every push it enqueues has
 * its dedupe key.
 */
export const JOB_CLAIM_LEASE_MS = 15 * 60_000;

/**
 * "The scheduler only wakes; the database decides" (docs/cloudflare.md, Cron Triggers): every due job is claimed once
 * per (job, Beijing date) with a unique insert, so a duplicate trigger, a restart or a catch-up after
 * downtime never runs it twice. A job that throws releases its claim so the next wake retries it;
 * one whose process died is taken over once its claim is older than JOB_CLAIM_LEASE_MS.
 */
export async function runDueJobs(db: AppDb, calendar: WorkCalendar, jobs: readonly Job[], now: Date, env: JobEnv): Promise<JobReport[]> {
  const ctx: JobContext = { ...env, db, now, today: localDate(now), calendar, dayFacts: {} };
  const reports: JobReport[] = [];
  for (const job of jobs) {
    if (localTime(now) < job.at(ctx) || !job.isDue(ctx)) continue;
    const claim = job.slot ? `${job.name}@${job.slot(ctx)}` : job.name;
    const thisRun = and(eq(jobRuns.job, claim), eq(jobRuns.localDate, ctx.today));
    // A new claim, or the takeover of a lapsed one; nothing when the run finished or is still going.
    const claimed = await db
      .insert(jobRuns)
      .values({ job: claim, localDate: ctx.today, startedAt: now })
      .onConflictDoUpdate({
        target: [jobRuns.job, jobRuns.localDate],
        set: { startedAt: now },
        setWhere: and(isNull(jobRuns.finishedAt), lt(jobRuns.startedAt, new Date(now.getTime() - JOB_CLAIM_LEASE_MS))),
      })
      .returning();
    if (claimed.length === 0) continue;
    try {
      const result = await job.run(ctx);
      await db.update(jobRuns).set({ finishedAt: now }).where(thisRun);
      reports.push({ job: job.name, date: ctx.today, result });
    } catch (error) {
      await db.delete(jobRuns).where(thisRun);
      throw error;
    }
  }
  return reports;
}
