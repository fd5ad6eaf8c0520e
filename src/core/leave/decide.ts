/** Deciding a step: 同意 moves the request along its chain; 驳回 (with a reason) ends it (Art. 68). */
import { and, eq, inArray } from 'drizzle-orm';
import { expectChanged } from '../../../db/atomic';
import { leaveRequests, leaveSteps } from '../../../db/schema';
import { citing, UserError } from '../errors';
import type { Directory } from '../org/directory';
import { text, toPerson, type ActionResponse } from '../messages';
import { localDate } from '../time';
import { describeDates, describeSpan, leaveCard, leaveCardRefreshes, personName, personWithPost, STATUS_ZH } from './cards';
import { absences, type Absences, type Resolution } from './delegation';
import { APPROVAL_CHAINS, DESTINATION_SCOPES, LEAVE_ARTICLE, otherGovernmentLeaders, PURPOSES, STEP_TEMPLATES } from './policy';
import { applyReroute, reroutesFor } from './reroute';
import { decisionAuthority, pushStepCard, resolveStep } from './routing';
import { activeOverlapping, partnerOverlapWarning, standInNote, standInsOver } from './stand-ins';
import { awaySet, loadLeave, pendingLeaves, toApprovedLeave } from './store';
import type { Leave, LeaveContext, LeaveRequest, LeaveStep } from './types';

export type Decision = 'approve' | 'reject';

export const MAX_REJECT_REASON = 300;

/** Loads the request a card button names, or explains that it does not exist. */
export async function leaveFromPayload(ctx: LeaveContext, rawId: string | undefined): Promise<Leave> {
  const id = Number(rawId);
  const leave = Number.isInteger(id) && id > 0 ? await loadLeave(ctx.db, id) : undefined;
  if (!leave) throw new UserError(`没有编号 ${rawId ?? ''} 的请假申请，这张卡片可能已失效。`);
  return leave;
}

type DecisionCheck = { ok: false; response: ActionResponse } | { ok: true; step: LeaveStep; away: Absences; resolution: Resolution };

/**
 * May `actor` decide the current step `stepIdx` of `leave` now? When not, the response to show
 * instead (nothing is written then): the card's latest state, or why they may not.
 */
export async function checkDecision(ctx: LeaveContext, leave: Leave, stepIdx: number): Promise<DecisionCheck> {
  const { request } = leave;
  const card = leaveCard(ctx.dir, leave);
  if (request.status !== 'pending')
    return { ok: false, response: { toast: { kind: 'info', text: `该请假申请${STATUS_ZH[request.status]}，无需再处理。` }, card } };
  if (request.currentStep !== stepIdx) return { ok: false, response: { toast: { kind: 'info', text: '这一步已经处理过了，卡片已更新为最新状态。' }, card } };
  const step = currentStep(leave);
  const away = await awaySet(ctx.db, localDate(ctx.now));
  const authority = decisionAuthority(ctx.dir, away, leave, step, ctx.actor);
  if (!authority.ok) return { ok: false, response: { toast: { kind: 'error', text: authority.why } } };
  return { ok: true, step, away, resolution: authority.resolution };
}

function currentStep(leave: Leave): LeaveStep {
  const step = leave.steps.find((s) => s.idx === leave.request.currentStep);
  if (!step) throw new Error(`leave ${leave.request.id} has no step ${leave.request.currentStep}`);
  return step;
}

/**
 * Records the actor's decision on the current step. Only the resolved approver, or the delegate
 * resolved at click time, may decide; the UPDATE is conditional on the version, so of two
 * simultaneous clicks exactly one decides and the other is told (Art. 68; test/reliability/concurrent-clicks.test.ts).
 */
export async function decideLeave(ctx: LeaveContext, leave: Leave, stepIdx: number, decision: Decision, reason?: string): Promise<ActionResponse> {
  const check = await checkDecision(ctx, leave, stepIdx);
  if (!check.ok) return check.response;
  const trimmed = reason?.trim() ?? '';
  if (decision === 'reject' && !trimmed) throw new UserError('驳回须填写理由，请在表单中写明后再提交。');
  if (trimmed.length > MAX_REJECT_REASON) throw new UserError(`理由太长（最多 ${MAX_REJECT_REASON} 字），请精简。`);

  const { db, dir, actor, now, effects } = ctx;
  const { step, away, resolution: authorised } = check;
  const { request } = leave;

  const decided: LeaveStep = {
    ...step,
    resolvedApproverId: authorised.approverId,
    delegation: authorised.reason === 'direct' ? null : authorised.reason,
    status: decision === 'approve' ? 'approved' : 'rejected',
    decidedById: actor.id,
    reason: trimmed || null,
    decidedAt: now,
  };
  const nextPlanned = decision === 'approve' ? leave.steps.find((s) => s.idx === step.idx + 1) : undefined;
  let next: LeaveStep | undefined;
  if (nextPlanned) {
    const resolution = resolveStep(dir, away, nextPlanned, request.requesterId);
    next = {
      ...nextPlanned,
      status: 'pending',
      resolvedApproverId: resolution.approverId,
      delegation: resolution.reason === 'direct' ? null : resolution.reason,
    };
  }
  const status = decision === 'reject' ? 'rejected' : next ? 'pending' : 'approved';
  const version = request.version + 1;
  const updated: Leave = {
    request: { ...request, status, currentStep: next ? next.idx : null, version, updatedAt: now, closedAt: status === 'pending' ? null : now },
    steps: leave.steps.map((s) =>
      s.id === decided.id ? decided : next && s.id === next.id ? next : status === 'rejected' && s.status === 'waiting' ? { ...s, status: 'void' } : s,
    ),
  };

  effects.conflictMessage = '该请假申请刚刚已被他人处理，请查看卡片上的最新状态。';
  effects.statements.push(
    db
      .update(leaveRequests)
      .set({ status, currentStep: updated.request.currentStep, version, updatedAt: now, closedAt: updated.request.closedAt })
      .where(and(eq(leaveRequests.id, request.id), eq(leaveRequests.version, request.version), eq(leaveRequests.status, 'pending'))),
    expectChanged(db),
    db
      .update(leaveSteps)
      .set({
        status: decided.status,
        decidedById: actor.id,
        reason: decided.reason,
        decidedAt: now,
        resolvedApproverId: decided.resolvedApproverId,
        delegation: decided.delegation,
      })
      .where(eq(leaveSteps.id, step.id)),
  );
  if (next) {
    effects.statements.push(
      db
        .update(leaveSteps)
        .set({ status: 'pending', resolvedApproverId: next.resolvedApproverId, delegation: next.delegation })
        .where(eq(leaveSteps.id, next.id)),
    );
  }
  if (status === 'rejected') {
    effects.statements.push(
      db
        .update(leaveSteps)
        .set({ status: 'void' })
        .where(and(eq(leaveSteps.requestId, request.id), inArray(leaveSteps.status, ['waiting']))),
    );
  }
  effects.audits.push({
    subjectType: 'leave',
    subjectId: String(request.id),
    action: decision,
    detail: {
      step: step.idx,
      template: step.template,
      addresseeId: step.addresseeId,
      decidedById: actor.id,
      resolvedApproverId: decided.resolvedApproverId,
      delegation: decided.delegation,
      reason: decided.reason,
      status,
    },
  });

  const card = leaveCard(dir, updated);
  const warning = next ? await partnerOverlapWarning(db, dir, updated.request) : undefined;
  effects.refreshes.push(...leaveCardRefreshes(dir, updated, version, localDate(ctx.now), warning));
  if (next) pushStepCard(effects, dir, updated, next, false, warning);
  if (status === 'approved') await announceApproval(ctx, updated, away);
  const words = STEP_TEMPLATES[step.template].words;
  if (status === 'rejected')
    tellRequester(
      ctx,
      updated,
      'rejected',
      words.refusalNotice(`请假申请（编号 ${request.id}，${describeDates(request.startDate, request.endDate)}）`, personName(dir, actor.id), trimmed),
    );

  const done =
    decision === 'reject'
      ? `${words.rejected}，已告知请假人。`
      : status === 'approved'
        ? `${words.approved}，审批完成。`
        : `${words.approved}，已送下一步：${STEP_TEMPLATES[next!.template].zh}。`;
  return { toast: { kind: 'success', text: done }, card };
}

function tellRequester(ctx: LeaveContext, leave: Leave, event: string, message: string): void {
  const { request } = leave;
  const to = new Set([request.requesterId, request.filedById]);
  for (const personId of to) {
    ctx.effects.pushes.push({ to: toPerson(personId), message: text(message), key: `leave:${request.id}:${event}:${personId}` });
  }
}

/**
 * The last step approved: the requester is told; for leaders the government office informs the
 * other district government leaders (Art. 68); a leave starting today takes over its holder's
 * pending steps at once (Art. 9, 11).
 */
async function announceApproval(ctx: LeaveContext, leave: Leave, away: Absences): Promise<void> {
  const { db, dir, now, effects } = ctx;
  const { request } = leave;
  const trip = `${describeDates(request.startDate, request.endDate)}，${PURPOSES[request.purpose].zh}${DESTINATION_SCOPES[request.scope].zh}，赴${request.destination}（${request.reason}）`;
  tellRequester(ctx, leave, 'approved', `您的请假申请（编号 ${request.id}）已批准：${trip}。返回后请发送 /销假 ${request.id}。`);
  if (APPROVAL_CHAINS[request.rank].notifyOtherLeadersOnApproval) {
    const others = (await activeOverlapping(db, request.startDate, request.endDate)).filter((r) => r.status === 'approved' && r.id !== request.id);
    const standIns = standInNote(dir, standInsOver(dir, others.map(toApprovedLeave), toApprovedLeave(leave.request)));
    const notice = `区政府办通报：${personWithPost(dir, request.requesterId)} 经批准外出，${trip}。${standIns}${partnerNote(dir, request, others)}\n${citing(LEAVE_ARTICLE, '区政府办公室负责将领导请假外出情况通报区政府其他领导。')}`;
    for (const leader of otherGovernmentLeaders(dir, request.requesterId)) {
      effects.pushes.push({ to: toPerson(leader.id), message: text(notice), key: `leave:${request.id}:approved:notify:${leader.id}` });
    }
  }
  const today = localDate(now);
  if (request.startDate <= today && today <= request.endDate) {
    const nowAway = absences([...away, request.requesterId], request.entrusteeId ?? away.headEntrusteeId ?? null);
    const others = (await pendingLeaves(db)).filter((l) => l.request.id !== request.id);
    for (const reroute of reroutesFor(dir, others, nowAway)) applyReroute(db, dir, effects, now, reroute, undefined);
  }
}

/**
 * The A/B partner already away on some of the same days: their stand-in changes too (Art. 11), so
 * the 通报 says who covers their work on the overlapping days.
 */
function partnerNote(dir: Directory, request: LeaveRequest, approved: readonly LeaveRequest[]): string {
  const partnerId = dir.person(request.requesterId)?.abPartnerId;
  const partnerLeave = approved.find((r) => r.requesterId === partnerId);
  if (!partnerId || !partnerLeave) return '';
  const from = partnerLeave.startDate > request.startDate ? partnerLeave.startDate : request.startDate;
  const to = partnerLeave.endDate < request.endDate ? partnerLeave.endDate : request.endDate;
  const runs = standInsOver(dir, [...approved, request].map(toApprovedLeave), { ...toApprovedLeave(partnerLeave), start: from, end: to });
  return `AB角 ${personName(dir, partnerId)} 同期外出（${describeSpan(from, to)}），${standInNote(dir, runs).replace(/^外出期间：?/, '期间')}`;
}
