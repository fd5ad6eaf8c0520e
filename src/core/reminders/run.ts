/**
 * What each reminder job does when the scheduler runs it: read the day's facts, compute the pushes
 * (pure functions in this folder), enqueue them through the outbox with their dedupe keys.
 */
import type { AppDb } from '../../../db/types';
import type { WorkCalendar } from '../calendar/types';
import type { PushDraft } from '../effects';
import type { Platform } from '../inbound';
import { cardMessage, toPerson } from '../messages';
import { isGovernmentLeader } from '../org/types';
import { officeRecipients } from '../supervision/recipients';
import { addCalendarDays, localDate, weekdayOf } from '../time';
import { ackChasesFor } from './ack-chase';
import { computeBulletin } from './bulletin';
import { bulletinCard } from './bulletin-card';
import { dayFactsAt, loadDayFacts, type DayFacts, type DayFactsCache } from './day-facts';
import { buildDigests } from './digest';
import { digestCard } from './digest-card';
import { escalationsFor } from './escalation';
import { fanOut } from './fan-out';
import { reminderKey } from './keys';
import { nudgesFor } from './nudges';
import { loadItemStates, stateStamp, unchangedSince } from './snapshot';
import { warningsFor } from './warnings';

export interface ReminderRun {
  db: AppDb;
  calendar: WorkCalendar;
  now: Date;
  pushPlatforms: readonly Platform[];
  /** The scheduler pass's shared read of the day (day-facts.ts); absent, each job reads its own. */
  dayFacts?: DayFactsCache;
  /** Pushes per atomic unit; FAN_OUT_CHUNK when absent. */
  fanOutChunk?: number;
}

/** Reads before giving up on a job whose facts keep changing under it (the scheduler runs it again later). */
const CONSISTENT_ATTEMPTS = 5;

/**
 * Reads the facts, builds the pushes and enqueues them in units that commit only while nothing
 * they were built from has changed since the read; otherwise reads and builds again. So a push
 * reflects the state as of its own write: a report signed off between the start-up catch-up run's
 * read and its write is not listed as 待审签. The check is a statement of the same atomic unit,
 * so it holds on D1 (batch) as on better-sqlite3. The pushes are built as the units take them.
 */
async function enqueueConsistently(run: ReminderRun, build: (facts: DayFacts) => Iterable<PushDraft> | Promise<Iterable<PushDraft>>): Promise<number> {
  for (let attempt = 1; attempt <= CONSISTENT_ATTEMPTS; attempt++) {
    const stamp = await stateStamp(run.db);
    const facts = await dayFactsAt(run.dayFacts, stamp, () => loadDayFacts(run.db, run.calendar, run.now));
    const guard = () => unchangedSince(run.db, stamp);
    const enqueued = await fanOut(run.db, await build(facts), { now: run.now, pushPlatforms: run.pushPlatforms, guard, chunk: run.fanOutChunk });
    if (enqueued !== false) return enqueued;
  }
  throw new Error(`reminders: the state changed under every one of ${CONSISTENT_ATTEMPTS} attempts to enqueue`);
}

export async function sendDeadlineWarnings(run: ReminderRun): Promise<string> {
  return `${await enqueueConsistently(run, (f) => warningsFor(f.dir, f.items, f.calendar, run.now))} warnings`;
}

export async function sendEscalations(run: ReminderRun): Promise<string> {
  return `${await enqueueConsistently(run, (f) => escalationsFor(f.dir, f.leave.away, f.items))} escalations`;
}

export async function sendAckChases(run: ReminderRun): Promise<string> {
  return `${await enqueueConsistently(run, (f) => ackChasesFor(f.dir, f.items, run.now))} chases`;
}

export async function sendDigests(run: ReminderRun): Promise<string> {
  return `${await enqueueConsistently(run, function* (f) {
    const digests = buildDigests(
      {
        dir: f.dir,
        calendar: f.calendar,
        now: run.now,
        items: f.items,
        leave: f.leave,
        pausedUntil: f.pausedUntil,
        documents: f.documents,
        signoffs: f.signoffs,
        disputes: f.disputes,
      },
      f.todo(),
    );
    for (const digest of digests) {
      const to = toPerson(digest.person.id);
      yield { to, message: cardMessage(digestCard(digest, f.today)), key: reminderKey('digest', 'daily', f.today, to) };
    }
  })} digests`;
}

/** Decisions pending longer than NUDGE_AFTER_WORKING_HOURS: one reminder a day to whoever decides now. */
export async function sendDecisionNudges(run: ReminderRun): Promise<string> {
  return `${await enqueueConsistently(run, (f) => nudgesFor(f.dir, f.todo(), f.leave.away, f.calendar, run.now))} nudges`;
}

/** The bulletin goes to the government office's chat and to every district government leader. */
export async function sendBulletin(run: ReminderRun): Promise<string> {
  return `${await enqueueConsistently(run, async ({ dir }) => {
    // The bulletin counts the whole week, completed items too: not the live items the others share.
    const states = await loadItemStates(run.db);
    const message = cardMessage(bulletinCard(computeBulletin(states, dir, run.calendar, run.now), dir));
    const week = `week:${mondayOf(localDate(run.now))}`;
    const recipients = [...officeRecipients(dir).map((r) => r.to), ...dir.people.filter(isGovernmentLeader).map((p) => toPerson(p.id))];
    return recipients.map((to) => ({ to, message, key: reminderKey('bulletin', week, localDate(run.now), to) }));
  })} bulletins`;
}

export const mondayOf = (date: string) => addCalendarDays(date, -((weekdayOf(date) + 6) % 7));

/** The bulletin's day: the first working day of the ISO week (a week with none has no bulletin). */
export function isFirstWorkingDayOfWeek(calendar: WorkCalendar, today: string): boolean {
  if (!calendar.isWorkingDay(today)) return false;
  for (let d = mondayOf(today); d < today; d = addCalendarDays(d, 1)) if (calendar.isWorkingDay(d)) return false;
  return true;
}
