/**
 * Acting authority while an approved leave runs (Art. 9, 11): a step waiting for someone who is now
 * away goes to their delegate, and both are told. Called daily by the reminders job and when a
 * leave starting today is approved.
 */
import { and, eq } from 'drizzle-orm';
import { expectChanged } from '../../../db/atomic';
import type { AppDb } from '../../../db/types';
import { leaveRequests, leaveSteps } from '../../../db/schema';
import type { WorkCalendar } from '../calendar/types';
import { newEffects, type Effects } from '../effects';
import { text, toPerson } from '../messages';
import type { Directory } from '../org/directory';
import { formatDateZh, localDate } from '../time';
import { leaveCardRefreshes, personName } from './cards';
import type { Resolution } from './delegation';
import { STEP_TEMPLATES } from './policy';
import { pushStepCard, resolveStep } from './routing';
import { approvedCovering, awaySet, pendingLeaves } from './store';
import type { Leave, LeaveStep } from './types';

export interface Reroute {
  leave: Leave;
  step: LeaveStep;
  resolution: Resolution;
}

/** Pure: the current steps whose approver is away and whose resolution now gives someone else. */
export function reroutesFor(dir: Directory, leaves: readonly Leave[], away: ReadonlySet<string>): Reroute[] {
  const result: Reroute[] = [];
  for (const leave of leaves) {
    const step = leave.steps.find((s) => s.idx === leave.request.currentStep && s.status === 'pending');
    if (!step?.resolvedApproverId || !away.has(step.resolvedApproverId)) continue;
    const resolution = resolveStep(dir, away, step, leave.request.requesterId);
    if (resolution.approverId !== step.resolvedApproverId) result.push({ leave, step, resolution });
  }
  return result;
}

/**
 * Adds one reroute to `effects`: guarded by the request's version (a decision in between wins),
 * the new approver gets the card, the absent one is told, and every copy of the card updates.
 * `returnsOn` tells the delegate until when they act.
 */
export function applyReroute(db: AppDb, dir: Directory, effects: Effects, now: Date, reroute: Reroute, returnsOn?: string): void {
  const { leave, step, resolution } = reroute;
  const { request } = leave;
  const version = request.version + 1;
  const movedStep: LeaveStep = { ...step, resolvedApproverId: resolution.approverId, delegation: resolution.reason === 'direct' ? null : resolution.reason };
  const updated: Leave = { request: { ...request, version, updatedAt: now }, steps: leave.steps.map((s) => (s.id === step.id ? movedStep : s)) };
  effects.statements.push(
    db
      .update(leaveRequests)
      .set({ version, updatedAt: now })
      .where(and(eq(leaveRequests.id, request.id), eq(leaveRequests.version, request.version), eq(leaveRequests.status, 'pending'))),
    expectChanged(db),
    db.update(leaveSteps).set({ resolvedApproverId: movedStep.resolvedApproverId, delegation: movedStep.delegation }).where(eq(leaveSteps.id, step.id)),
  );
  const absent = step.resolvedApproverId!;
  const delegate = personName(dir, resolution.approverId);
  const what = `${personName(dir, request.requesterId)}的请假申请（编号 ${request.id}）“${STEP_TEMPLATES[step.template].zh}”`;
  const how = resolution.label ? `（${resolution.label}）` : '';
  const until = returnsOn ? `，预计 ${formatDateZh(returnsOn)} 返岗` : '';
  const key = `leave:${request.id}:step:${step.idx}:reroute:${absent}:${resolution.approverId ?? 'office'}`;
  effects.pushes.push({ to: toPerson(absent), message: text(`您请假外出期间，${what}已转由 ${delegate}${how}处理。`), key: `${key}:from` });
  if (resolution.approverId) {
    effects.pushes.push({
      to: toPerson(resolution.approverId),
      message: text(`${personName(dir, absent)} 请假外出${until}，${what}转由您处理${how}。`),
      key: `${key}:to`,
    });
  }
  pushStepCard(effects, dir, updated, movedStep);
  effects.refreshes.push(...leaveCardRefreshes(dir, updated, version, localDate(now)));
  effects.audits.push({
    subjectType: 'leave',
    subjectId: String(request.id),
    action: 'reroute',
    detail: { step: step.idx, addresseeId: step.addresseeId, from: absent, to: resolution.approverId, delegation: movedStep.delegation },
  });
}

/**
 * The daily duty: every pending step whose approver's approved leave has started goes to their
 * delegate. One Effects unit per request, so one lost race never blocks the others; the caller
 * commits each (see `commitSystemEffects`).
 */
export async function rerouteStepsForStartedLeaves(db: AppDb, dir: Directory, calendar: WorkCalendar, now: Date): Promise<Effects[]> {
  const today = localDate(now);
  const [away, covering, pending] = await Promise.all([awaySet(db, today), approvedCovering(db, today), pendingLeaves(db)]);
  return reroutesFor(dir, pending, away).map((reroute) => {
    const effects = newEffects();
    const absence = covering.find((l) => l.requesterId === reroute.step.resolvedApproverId);
    const returnsOn = absence ? calendar.addWorkingDays(absence.endDate, 1).date : undefined;
    applyReroute(db, dir, effects, now, reroute, returnsOn);
    return effects;
  });
}
