/**
 * The requester's own moves after filing (Art. 68): withdraw before the final
 * decision, cancel an approved leave before departure, report back (销假) once it has started.
 * The requester, whoever filed it for them, and the government office staff may do these.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { expectChanged } from '../../../db/atomic';
import { leaveRequests, leaveSteps } from '../../../db/schema';
import { UserError } from '../errors';
import { text, toPerson, toUnitChat, type Card } from '../messages';
import { hasRole, type Person } from '../org/types';
import { localDate } from '../time';
import { describeDates, leaveCard, leaveCardRefreshes, personName, personWithPost, STATUS_ZH } from './cards';
import { APPROVAL_CHAINS, otherGovernmentLeaders } from './policy';
import { stepRecipient } from './routing';
import { loadLeave, loadLeaves } from './store';
import type { Leave, LeaveContext, LeaveRequest } from './types';

export type LifecycleMove = 'withdraw' | 'cancel' | 'back';

const MOVE_ZH: Record<LifecycleMove, string> = { withdraw: '撤回', cancel: '取消', back: '销假' };

function mayManage(actor: Person, request: LeaveRequest): boolean {
  return actor.id === request.requesterId || actor.id === request.filedById || hasRole(actor, 'office_staff');
}

/** Which of the actor's own requests a move applies to, when they typed no number. */
function eligible(move: LifecycleMove, request: LeaveRequest, today: string): boolean {
  switch (move) {
    case 'withdraw':
      return request.status === 'pending';
    case 'cancel':
      return request.status === 'approved' && today < request.startDate;
    case 'back':
      return request.status === 'approved' && !request.returnedAt && request.startDate <= today;
  }
}

/** The request a move names by number, or the actor's only eligible one. */
export async function leaveForMove(ctx: LeaveContext, move: LifecycleMove, id?: number): Promise<Leave> {
  if (id !== undefined) {
    const leave = await loadLeave(ctx.db, id);
    if (!leave) throw new UserError(`没有编号 ${id} 的请假申请。`);
    return leave;
  }
  const today = localDate(ctx.now);
  const own = await ctx.db
    .select()
    .from(leaveRequests)
    .where(and(eq(leaveRequests.requesterId, ctx.actor.id), inArray(leaveRequests.status, ['pending', 'approved'])))
    .orderBy(desc(leaveRequests.id));
  const candidates = own.filter((r) => eligible(move, r, today));
  if (candidates.length === 0) throw new UserError(`您没有可以${MOVE_ZH[move]}的请假申请。`);
  if (candidates.length > 1) {
    const list = candidates.map((r) => `编号 ${r.id}（${describeDates(r.startDate, r.endDate)}）`).join('；');
    throw new UserError(
      `您有 ${candidates.length} 份可以${MOVE_ZH[move]}的请假申请：${list}。请写明编号，例如：${move === 'back' ? '/销假' : `/请假 ${MOVE_ZH[move]}`} ${candidates[0]!.id}`,
    );
  }
  const [leave] = await loadLeaves(ctx.db, candidates);
  return leave!;
}

/** Refuses a move the actor may not make, or that the request's state does not allow (before asking to confirm, too). */
export function checkMove(ctx: LeaveContext, leave: Leave, move: LifecycleMove): void {
  if (!mayManage(ctx.actor, leave.request)) {
    throw new UserError(`只有请假人本人、代为请假人或区政府办工作人员可以${MOVE_ZH[move]}这份请假申请。`);
  }
  refuseIfNotEligible(move, leave.request, localDate(ctx.now));
}

/** Applies a move; returns the updated card (for the clicked card) and a confirmation. */
export async function applyMove(ctx: LeaveContext, leave: Leave, move: LifecycleMove): Promise<{ card: Card; message: string }> {
  const { db, dir, actor, now, effects } = ctx;
  const { request } = leave;
  checkMove(ctx, leave, move);

  const version = request.version + 1;
  const status = move === 'withdraw' ? 'withdrawn' : move === 'cancel' ? 'cancelled' : request.status;
  const returnedAt = move === 'back' ? now : request.returnedAt;
  const closedAt = move === 'back' ? request.closedAt : now;
  const updated: Leave = {
    request: { ...request, status, currentStep: move === 'withdraw' ? null : request.currentStep, returnedAt, closedAt, version, updatedAt: now },
    steps: leave.steps.map((s) => (move === 'withdraw' && (s.status === 'pending' || s.status === 'waiting') ? { ...s, status: 'void' } : s)),
  };
  effects.conflictMessage = '该请假申请刚刚已有变化，请查看卡片上的最新状态后再操作。';
  effects.statements.push(
    db
      .update(leaveRequests)
      .set({ status, currentStep: updated.request.currentStep, returnedAt, closedAt, version, updatedAt: now })
      .where(and(eq(leaveRequests.id, request.id), eq(leaveRequests.version, request.version))),
    expectChanged(db),
  );
  if (move === 'withdraw') {
    effects.statements.push(
      db
        .update(leaveSteps)
        .set({ status: 'void' })
        .where(and(eq(leaveSteps.requestId, request.id), inArray(leaveSteps.status, ['pending', 'waiting']))),
    );
  }
  effects.audits.push({ subjectType: 'leave', subjectId: String(request.id), action: move, detail: { by: actor.id, status } });
  const card = leaveCard(dir, updated, 'requester', undefined, localDate(ctx.now));
  effects.refreshes.push(...leaveCardRefreshes(dir, updated, version, localDate(ctx.now)));

  const who = personWithPost(dir, request.requesterId);
  const trip = `编号 ${request.id}，${describeDates(request.startDate, request.endDate)}，${request.destination}`;
  if (move === 'withdraw') {
    const current = leave.steps.find((s) => s.idx === request.currentStep);
    if (current) {
      effects.pushes.push({
        to: stepRecipient(dir, current),
        message: text(`${who} 已撤回请假申请（${trip}），无需再处理。`),
        key: `leave:${request.id}:withdrawn:approver`,
      });
    }
    return { card, message: `已撤回请假申请（编号 ${request.id}）。` };
  }
  if (move === 'cancel') {
    const told = new Set<string>(leave.steps.map((s) => s.decidedById).filter((id): id is string => Boolean(id)));
    if (APPROVAL_CHAINS[request.rank].notifyOtherLeadersOnApproval) for (const leader of otherGovernmentLeaders(dir, request.requesterId)) told.add(leader.id);
    told.delete(actor.id);
    told.delete(request.requesterId);
    for (const personId of told) {
      effects.pushes.push({
        to: toPerson(personId),
        message: text(`${who} 已取消外出（${trip}），原请假作废。`),
        key: `leave:${request.id}:cancelled:${personId}`,
      });
    }
    for (const fn of APPROVAL_CHAINS[request.rank].copyOnFiling) {
      const office = dir.officeUnit(fn);
      if (office)
        effects.pushes.push({
          to: toUnitChat(office.id),
          message: text(`${who} 已取消外出（${trip}），原请假单作废。`),
          key: `leave:${request.id}:cancelled:${fn}`,
        });
    }
    return { card, message: `已取消请假（编号 ${request.id}）。` };
  }
  if (actor.id !== request.requesterId) {
    effects.pushes.push({
      to: toPerson(request.requesterId),
      message: text(`${personName(dir, actor.id)} 已为您办理销假（编号 ${request.id}）。`),
      key: `leave:${request.id}:back:requester`,
    });
  }
  return { card, message: `已销假（编号 ${request.id}），欢迎返岗。` };
}

function refuseIfNotEligible(move: LifecycleMove, request: LeaveRequest, today: string): void {
  const state = `该请假申请${STATUS_ZH[request.status]}`;
  switch (move) {
    case 'withdraw':
      if (request.status !== 'pending') {
        throw new UserError(request.status === 'approved' ? `${state}，不能撤回；出发前可以取消：/请假 取消 ${request.id}` : `${state}，不能撤回。`);
      }
      return;
    case 'cancel':
      if (request.status !== 'approved') {
        throw new UserError(request.status === 'pending' ? `${state}，尚未批准，请用撤回：/请假 撤回 ${request.id}` : `${state}，不能取消。`);
      }
      if (today >= request.startDate) throw new UserError(`已到出发日期（${request.startDate}），不能取消；返回后请销假：/销假 ${request.id}`);
      return;
    case 'back':
      if (request.status !== 'approved') throw new UserError(`${state}，无需销假。`);
      if (request.returnedAt) throw new UserError('该请假已经销假，无需重复办理。');
      if (today < request.startDate) throw new UserError(`尚未到出发日期（${request.startDate}），无需销假；如不再外出，请取消：/请假 取消 ${request.id}`);
      return;
  }
}
