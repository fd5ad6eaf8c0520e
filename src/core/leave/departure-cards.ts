/**
 * On the departure day an approved trip can no longer be called off, only reported back (销假,
 * lifecycle.ts): the requester's card trades 取消请假 for 销假. Run with the daily leave duties;
 * the key makes it once per request.
 */
import { and, eq, isNull, lte } from 'drizzle-orm';
import type { AppDb } from '../../../db/types';
import { leaveRequests } from '../../../db/schema';
import { newEffects, type Effects } from '../effects';
import type { Directory } from '../org/directory';
import { localDate } from '../time';
import { leaveCard } from './cards';
import { loadLeaves } from './store';
import { leaveSubject } from './types';

export async function refreshCardsOnDeparture(db: AppDb, dir: Directory, now: Date): Promise<Effects> {
  const today = localDate(now);
  const effects = newEffects();
  // Started and not reported back — also a trip that began on a day the duties did not run.
  const started = await db
    .select()
    .from(leaveRequests)
    .where(and(eq(leaveRequests.status, 'approved'), isNull(leaveRequests.returnedAt), lte(leaveRequests.startDate, today)));
  for (const leave of await loadLeaves(db, started)) {
    const { id } = leave.request;
    effects.refreshes.push({
      subject: leaveSubject(id, 'requester'),
      card: leaveCard(dir, leave, 'requester', undefined, today),
      key: `leave:${id}:v${leave.request.version}:departed`,
    });
  }
  return effects;
}
