/** Filing a leave request (Art. 68): who may, when, along which chain, and who is told at once. */
import { expectChanged } from '../../../db/atomic';
import { leaveRequests, leaveSteps } from '../../../db/schema';
import { citing, UserError } from '../errors';
import { cardMessage, mdText, text, toPerson, toUnitChat } from '../messages';
import type { Directory } from '../org/directory';
import { hasRole, type Person } from '../org/types';
import { formatInstantZh, localDate } from '../time';
import { describeDates, leaveCard, leaveSlipCard, STATUS_ZH } from './cards';
import { entrusteeFor } from './entrustment';
import { lateFilingCard } from './forms';
import type { LeaveDraft } from './parse';
import {
  APPROVAL_CHAINS,
  approvalChainFor,
  checkNotice,
  DESTINATION_SCOPES,
  LEAVE_ARTICLE,
  NOT_COVERED_MESSAGE,
  requesterRankOf,
  WITHIN_CITY_MESSAGE,
  type RequesterRank,
} from './policy';
import { govOfficeId, pushStepCard, resolveStep } from './routing';
import { partnerOverlapWarning } from './stand-ins';
import { awaySet, nextLeaveId, overlappingActive } from './store';
import { leaveSlipSubject, leaveSubject, type Leave, type LeaveContext, type LeaveStep } from './types';

/**
 * Who may file for whom: Art. 68 covers the ranks of `requesterRankOf`; only the government office
 * files on someone else's behalf ("由区政府办公室代为请假").
 */
export function mayFileFor(dir: Directory, actor: Person, requesterId: string): { requester: Person; rank: RequesterRank } {
  const requester = dir.person(requesterId);
  if (!requester) throw new UserError(`通讯录中没有人员“${requesterId}”。`);
  const onBehalf = requester.id !== actor.id;
  if (onBehalf && !hasRole(actor, 'office_staff')) {
    throw new UserError(citing(LEAVE_ARTICLE, '只有区政府办工作人员可以代为请假。请让本人提交，或联系区政府办。'));
  }
  const rank = requesterRankOf(requester, dir);
  if (!rank) throw new UserError(onBehalf ? `${requester.name}：${NOT_COVERED_MESSAGE}` : NOT_COVERED_MESSAGE);
  return { requester, rank };
}

export type FilingOutcome = 'filed' | 'late' | 'within_city';

/**
 * Files `draft` for its requester, or refuses. A refusal the user can fix throws a UserError; a
 * late request gets the refusal card with the emergency path (nothing written). On success every
 * write and message is in `ctx.effects`, committed as one unit by the dispatcher.
 */
/** `yearNote`: which year dates typed without one were read as, when not this year (shown on the answer). */
export async function fileLeave(ctx: LeaveContext, draft: LeaveDraft, yearNote?: string): Promise<FilingOutcome> {
  const { db, dir, actor, now } = ctx;
  if (draft.scope === 'within_city') {
    ctx.reply(WITHIN_CITY_MESSAGE);
    return 'within_city';
  }
  const { requester, rank } = mayFileFor(dir, actor, draft.requesterId);
  const onBehalf = requester.id !== actor.id;

  const today = localDate(now);
  if (draft.start < today) {
    throw new UserError(`出发日期 ${draft.start} 已经过去，不能补办请假。请核对日期；如已外出，请向区政府办说明情况。`);
  }
  const notice = checkNotice(today, draft.start, draft.end);
  const emergency = draft.emergencyReport !== undefined;
  if (!notice.onTime && !emergency) {
    ctx.reply(cardMessage(lateFilingCard(dir, draft, notice)));
    return 'late';
  }
  const overlap = await overlappingActive(db, requester.id, draft.start, draft.end);
  if (overlap.length) {
    const o = overlap[0]!;
    throw new UserError(
      `${onBehalf ? requester.name : '您'}已有${STATUS_ZH[o.status]}的请假申请（编号 ${o.id}，${describeDates(o.startDate, o.endDate)}），与本次日期重叠。` +
        `如需调整，请先撤回或取消原申请：/请假 ${o.status === 'pending' ? '撤回' : '取消'} ${o.id}`,
    );
  }

  const entrusteeId = entrusteeFor(dir, requester, draft.entrustee);
  const id = await nextLeaveId(db);
  const away = await awaySet(db, today);
  const request = {
    id,
    requesterId: requester.id,
    filedById: actor.id,
    rank,
    startDate: draft.start,
    endDate: draft.end,
    scope: draft.scope,
    purpose: draft.purpose,
    destination: draft.destination,
    reason: draft.reason,
    emergency,
    emergencyReport: draft.emergencyReport ?? null,
    entrusteeId,
    status: 'pending' as const,
    currentStep: 0,
    returnedAt: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
  };
  const steps: LeaveStep[] = approvalChainFor(requester, rank, dir).map((planned, idx) => {
    const resolution = idx === 0 ? resolveStep(dir, away, planned, requester.id) : undefined;
    return {
      id: 0, // assigned on insert; the card needs none
      requestId: id,
      idx,
      template: planned.template,
      addresseeId: planned.addresseeId,
      resolvedApproverId: resolution?.approverId ?? null,
      delegation: resolution && resolution.reason !== 'direct' ? resolution.reason : null,
      status: idx === 0 ? 'pending' : 'waiting',
      decidedById: null,
      reason: null,
      decidedAt: null,
    };
  });
  const leave: Leave = { request, steps };
  const { effects } = ctx;
  // Two filings racing for the same id: the later one writes nothing and is asked to resend.
  effects.conflictMessage = '刚才有另一份请假申请同时提交，本次未保存，请重新发送。';
  effects.statements.push(
    db.insert(leaveRequests).values(request).onConflictDoNothing(),
    expectChanged(db),
    db.insert(leaveSteps).values(steps.map(({ id: _id, ...s }) => s)),
  );
  effects.audits.push({
    subjectType: 'leave',
    subjectId: String(id),
    action: 'file',
    detail: {
      requesterId: requester.id,
      filedById: actor.id,
      rank,
      start: draft.start,
      end: draft.end,
      scope: draft.scope,
      purpose: draft.purpose,
      emergency,
      entrusteeId,
      notice: { rule: notice.rule, latest: notice.latest, onTime: notice.onTime },
      steps: steps.map((s) => ({ template: s.template, addresseeId: s.addresseeId, resolvedApproverId: s.resolvedApproverId, delegation: s.delegation })),
    },
  });

  const first = steps[0]!;
  pushStepCard(effects, dir, leave, first, false, await partnerOverlapWarning(db, dir, request));
  const card = leaveCard(dir, leave, 'requester', undefined, localDate(ctx.now));
  // One answer: the live card, which names the step and who has it, and follows every decision.
  const answer = yearNote ? { ...card, blocks: [{ type: 'note' as const, text: mdText(yearNote) }, ...card.blocks] } : card;
  ctx.reply(cardMessage(answer), { subject: leaveSubject(id, 'requester') });
  if (onBehalf) {
    effects.pushes.push({ to: toPerson(requester.id), message: cardMessage(card), subject: leaveSubject(id, 'requester'), key: `leave:${id}:filed:requester` });
  }
  for (const fn of APPROVAL_CHAINS[rank].copyOnFiling) {
    const office = dir.officeUnit(fn);
    if (office)
      effects.pushes.push({
        to: toUnitChat(office.id),
        message: cardMessage(leaveSlipCard(dir, leave)),
        subject: leaveSlipSubject(id),
        key: `leave:${id}:slip:${fn}`,
      });
  }
  if (emergency) {
    effects.audits.push({ subjectType: 'leave', subjectId: String(id), action: 'emergency_report', detail: { report: draft.emergencyReport } });
    effects.pushes.push({
      to: toUnitChat(govOfficeId(dir)),
      urgent: true,
      key: `leave:${id}:emergency:office`,
      message: text(
        `【紧急请假报告】${requester.post} ${requester.name} 因特殊情况未能提前报批，已于 ${formatInstantZh(now)} 书面报告：${draft.emergencyReport}\n` +
          `外出：${describeDates(draft.start, draft.end)}，${DESTINATION_SCOPES[draft.scope].zh}，${draft.destination}，${draft.reason}（编号 ${id}）。\n` +
          citing(LEAVE_ARTICLE, '由区政府办公室代为请假，审批流程照常进行。'),
      ),
    });
  }
  return 'filed';
}
