/**
 * What each reminder job does when the scheduler runs it: read the day's facts, compute the pushes
 * (pure functions in this folder), enqueue them through the outbox with their dedupe keys.
 */
import type { AppDb } from '../../../db/types';
import { loadDocs, OPEN_DOC_STATUSES } from '../documents/store';
import type { WorkCalendar } from '../calendar/types';
import type { PushDraft } from '../effects';
import type { Platform } from '../inbound';
import { cardMessage, toPerson } from '../messages';
import { loadDirectory } from '../org/directory';
import { isGovernmentLeader } from '../org/types';
import { officeRecipients } from '../supervision/recipients';
import { addCalendarDays, localDate, weekdayOf } from '../time';
import { todoBook } from '../todo/items';
import { loadPendingSignoffs } from '../todo/signoffs';
import { loadPendingDisputes } from '../supervision/disputes';
import { ackChasesFor } from './ack-chase';
import { computeBulletin } from './bulletin';
import { bulletinCard } from './bulletin-card';
import { buildDigests } from './digest';
import { digestCard } from './digest-card';
import { escalationsFor } from './escalation';
import { fanOut } from './fan-out';
import { itemViews } from './item-views';
import { reminderKey } from './keys';
import { loadLeaveFacts } from './leave-facts';
import { nudgesFor } from './nudges';
import { loadPauses } from './pauses';
import { LIVE_STATUSES, loadItemStates, stateStamp, unchangedSince } from './snapshot';
import { warningsFor } from './warnings';

export interface ReminderRun {
  db: AppDb;
  calendar: WorkCalendar;
  now: Date;
  pushPlatforms: readonly Platform[];
}

async function liveViews(run: ReminderRun) {
  return itemViews(await loadItemStates(run.db, LIVE_STATUSES), run.calendar, run.now);
}

/** Reads before giving up on a job whose facts keep changing under it (the scheduler runs it again later). */
const CONSISTENT_ATTEMPTS = 5;

/**
 * Reads the facts, builds the pushes and enqueues them in units that commit only while nothing
 * they were built from has changed since the read; otherwise reads and builds again. So a push
 * reflects the state as of its own write: a report signed off between the start-up catch-up run's
 * read and its write is not listed as 待审签. The check is a statement of the same atomic unit,
 * so it holds on D1 (batch) as on better-sqlite3.
 */
async function enqueueConsistently(run: ReminderRun, build: () => Promise<PushDraft[]>): Promise<number> {
  for (let attempt = 1; attempt <= CONSISTENT_ATTEMPTS; attempt++) {
    const stamp = await stateStamp(run.db);
    const pushes = await build();
    const guard = () => unchangedSince(run.db, stamp);
    if (await fanOut(run.db, pushes, { now: run.now, pushPlatforms: run.pushPlatforms, guard })) return pushes.length;
  }
  throw new Error(`reminders: the state changed under every one of ${CONSISTENT_ATTEMPTS} attempts to enqueue`);
}

export async function sendDeadlineWarnings(run: ReminderRun): Promise<string> {
  return `${await enqueueConsistently(run, async () => {
    const [dir, views] = await Promise.all([loadDirectory(run.db), liveViews(run)]);
    return warningsFor(dir, views, run.calendar, run.now);
  })} warnings`;
}

export async function sendEscalations(run: ReminderRun): Promise<string> {
  return `${await enqueueConsistently(run, async () => {
    const [dir, views, leave] = await Promise.all([loadDirectory(run.db), liveViews(run), loadLeaveFacts(run.db, run.calendar, localDate(run.now))]);
    return escalationsFor(dir, leave.away, views);
  })} escalations`;
}

export async function sendAckChases(run: ReminderRun): Promise<string> {
  return `${await enqueueConsistently(run, async () => {
    const [dir, views] = await Promise.all([loadDirectory(run.db), liveViews(run)]);
    return ackChasesFor(dir, views, run.now);
  })} chases`;
}

export async function sendDigests(run: ReminderRun): Promise<string> {
  const today = localDate(run.now);
  return `${await enqueueConsistently(run, async () => {
    const [dir, items, leave, pausedUntil, documents, signoffs, disputes] = await Promise.all([
      loadDirectory(run.db), liveViews(run), loadLeaveFacts(run.db, run.calendar, today), loadPauses(run.db, today), loadDocs(run.db, OPEN_DOC_STATUSES),
      loadPendingSignoffs(run.db), loadPendingDisputes(run.db),
    ]);
    const digests = buildDigests({ dir, calendar: run.calendar, now: run.now, items, leave, pausedUntil, documents, signoffs, disputes });
    return digests.map((digest) => {
      const to = toPerson(digest.person.id);
      return { to, message: cardMessage(digestCard(digest, today)), key: reminderKey('digest', 'daily', today, to) };
    });
  })} digests`;
}

/** Decisions pending longer than NUDGE_AFTER_WORKING_HOURS: one reminder a day to whoever decides now. */
export async function sendDecisionNudges(run: ReminderRun): Promise<string> {
  return `${await enqueueConsistently(run, async () => {
    const [dir, items, leave, documents, signoffs, disputes] = await Promise.all([
      loadDirectory(run.db), liveViews(run), loadLeaveFacts(run.db, run.calendar, localDate(run.now)), loadDocs(run.db, OPEN_DOC_STATUSES),
      loadPendingSignoffs(run.db), loadPendingDisputes(run.db),
    ]);
    return nudgesFor(dir, todoBook({ dir, items, leave, documents, signoffs, disputes }), leave.away, run.calendar, run.now);
  })} nudges`;
}

/** The bulletin goes to the government office's chat and to every district government leader. */
export async function sendBulletin(run: ReminderRun): Promise<string> {
  return `${await enqueueConsistently(run, async () => {
    const [dir, states] = await Promise.all([loadDirectory(run.db), loadItemStates(run.db)]);
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
