/** Getting a step to whoever decides it: resolution (Art. 9, 11, 68) and the push of the card. */
import type { Effects } from '../effects';
import { cardMessage, toPerson, toUnitChat, type Recipient } from '../messages';
import type { Directory } from '../org/directory';
import { hasRole, type Person } from '../org/types';
import { leaveCard } from './cards';
import { absentRefusal, delegationLabel, resolveApprover, type Absences, type DelegationReason, type Resolution } from './delegation';
import { STEP_TEMPLATES, type StepTemplate } from './policy';
import { leaveSubject, type Leave, type LeaveStep } from './types';

/** Resolves a step: the government office's own steps go to the office; the others through delegation. */
export function resolveStep(dir: Directory, away: Absences, step: { template: StepTemplate; addresseeId: string | null }, requesterId: string): Resolution {
  if (STEP_TEMPLATES[step.template].addressee.kind === 'office') {
    return { addresseeId: null, approverId: null, reason: 'direct', label: null, skipped: [] };
  }
  return resolveApprover(dir, away, step.addresseeId, requesterId);
}

export function govOfficeId(dir: Directory): string {
  const office = dir.officeUnit('gov_office');
  if (!office) throw new Error('the directory has no unit with function gov_office (区政府办)');
  return office.id;
}

/** Where a step's card goes: the resolved approver, or the government office's chat. */
export function stepRecipient(dir: Directory, step: Pick<LeaveStep, 'resolvedApproverId'>): Recipient {
  return step.resolvedApproverId ? toPerson(step.resolvedApproverId) : toUnitChat(govOfficeId(dir));
}

/**
 * Pushes the request card to the current step's approver (key unique per step and recipient), with
 * the A/B overlap warning when there is one (Art. 11).
 */
export function pushStepCard(effects: Effects, dir: Directory, leave: Leave, step: LeaveStep, urgent = false, warning?: string): void {
  effects.pushes.push({
    to: stepRecipient(dir, step),
    message: cardMessage(leaveCard(dir, leave, 'approver', warning)),
    subject: leaveSubject(leave.request.id),
    urgent,
    key: `leave:${leave.request.id}:step:${step.idx}:to:${step.resolvedApproverId ?? 'office'}`,
  });
}

/**
 * May `actor` decide the step now? The resolved approver may; so may the delegate resolved at
 * click time (the approver's leave may have started since); the government office staff may when
 * the step is the office's or was left to it to route by hand. Never the requester (Art. 68), and
 * never someone away on approved leave who has not reported back (Art. 9, 11).
 */
export function decisionAuthority(
  dir: Directory,
  away: Absences,
  leave: Leave,
  step: LeaveStep,
  actor: Person,
): { ok: true; resolution: Resolution } | { ok: false; why: string } {
  if (actor.id === leave.request.requesterId) return { ok: false, why: '不能审批本人的请假申请。' };
  const now = resolveStep(dir, away, step, leave.request.requesterId);
  const absent = absentRefusal(dir, away, actor, now);
  if (absent) return { ok: false, why: absent };
  const stored: Resolution = {
    addresseeId: step.addresseeId,
    approverId: step.resolvedApproverId,
    reason: (step.delegation ?? 'direct') as DelegationReason,
    label: delegationLabel(step.delegation),
    skipped: [],
  };
  for (const candidate of [stored, now]) {
    if (candidate.approverId === actor.id) return { ok: true, resolution: candidate };
    if (candidate.approverId === null && hasRole(actor, 'office_staff')) return { ok: true, resolution: candidate };
  }
  const who = step.resolvedApproverId ? `${dir.person(step.resolvedApproverId)?.name ?? step.resolvedApproverId}` : '区政府办';
  return { ok: false, why: `这一步（${STEP_TEMPLATES[step.template].zh}）由 ${who} 处理，您无权操作。` };
}
