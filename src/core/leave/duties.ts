/**
 * The leave duties the daily reminders job runs, and how effects produced outside a chat request
 * are committed (one atomic unit each: domain writes + audit + outbox, like `src/bot/commit.ts`).
 */
import { atomic, isConflict } from '../../../db/atomic';
import type { AppDb } from '../../../db/types';
import { auditLog } from '../../../db/schema';
import { outboxStatements } from '../../outbox/enqueue';
import type { WorkCalendar } from '../calendar/types';
import type { Effects } from '../effects';
import type { Platform } from '../inbound';
import type { Directory } from '../org/directory';
import { remindNotReportedBack, remindPendingOnDepartureDay } from './reminders';
import { rerouteStepsForStartedLeaves } from './reroute';

/** Commits one unit of system effects (no actor). False when a guarded statement lost a race: nothing was written. */
export async function commitSystemEffects(db: AppDb, effects: Effects, options: { now: Date; pushPlatforms: readonly Platform[] }): Promise<boolean> {
  try {
    await atomic(db, [
      ...effects.statements,
      ...effects.audits.map((a) => db.insert(auditLog).values({
        at: options.now, actorId: null, subjectType: a.subjectType, subjectId: a.subjectId, action: a.action, detail: a.detail ?? null, sourceMessage: null,
      })),
      ...outboxStatements(db, effects, { now: options.now, pushPlatforms: options.pushPlatforms }),
    ]);
    return true;
  } catch (error) {
    if (isConflict(error)) return false;
    throw error;
  }
}

export interface LeaveDutiesReport {
  rerouted: number;
  departureReminders: number;
  backReminders: number;
}

/** Re-routes steps of approvers whose leave started, then sends the two leave reminders. Idempotent per day. */
export async function runLeaveDuties(
  db: AppDb,
  dir: Directory,
  calendar: WorkCalendar,
  now: Date,
  pushPlatforms: readonly Platform[],
): Promise<LeaveDutiesReport> {
  let rerouted = 0;
  for (const unit of await rerouteStepsForStartedLeaves(db, dir, calendar, now)) {
    if (await commitSystemEffects(db, unit, { now, pushPlatforms })) rerouted++;
  }
  const departure = await remindPendingOnDepartureDay(db, dir, now);
  const back = await remindNotReportedBack(db, dir, calendar, now);
  await commitSystemEffects(db, departure, { now, pushPlatforms });
  await commitSystemEffects(db, back, { now, pushPlatforms });
  return { rerouted, departureReminders: departure.pushes.length, backReminders: back.pushes.length };
}
