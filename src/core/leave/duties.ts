/**
 * The leave duties the daily reminders job runs, and how effects produced outside a chat request
 * are committed (one atomic unit each, `commitSystemEffects`).
 */
import type { AppDb } from '../../../db/types';
import { commitSystemEffects } from '../../outbox/commit';
import type { WorkCalendar } from '../calendar/types';
import type { Platform } from '../inbound';
import type { Directory } from '../org/directory';
import { handOverDecisions } from '../supervision/handover';
import { handOverDocuments } from '../documents/handover';
import { handOverSignoffs } from '../signoffs/handover';
import { refreshCardsOnDeparture } from './departure-cards';
import { remindNotReportedBack, remindPendingOnDepartureDay } from './reminders';
import { rerouteStepsForStartedLeaves } from './reroute';

export interface LeaveDutiesReport {
  rerouted: number;
  departureReminders: number;
  backReminders: number;
}

/**
 * Re-routes steps of approvers whose leave started, puts their pending 审定 and extension decisions,
 * documents and sign-offs (议题, 纪要, 全区性会议, 用印) before whoever acts for them (Art. 9, 11),
 * turns 取消请假 into 销假 on the cards of trips that started, then sends the two leave reminders.
 * Idempotent per day.
 */
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
  await commitSystemEffects(db, await handOverDecisions(db, dir, now), { now, pushPlatforms });
  await commitSystemEffects(db, await handOverDocuments(db, dir, now), { now, pushPlatforms });
  await commitSystemEffects(db, await handOverSignoffs(db, dir, now), { now, pushPlatforms });
  await commitSystemEffects(db, await refreshCardsOnDeparture(db, dir, now), { now, pushPlatforms });
  const departure = await remindPendingOnDepartureDay(db, dir, now);
  const back = await remindNotReportedBack(db, dir, calendar, now);
  await commitSystemEffects(db, departure, { now, pushPlatforms });
  await commitSystemEffects(db, back, { now, pushPlatforms });
  return { rerouted, departureReminders: departure.pushes.length, backReminders: back.pushes.length };
}
