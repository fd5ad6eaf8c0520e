/** The 「打开」 button of a to-do line: the matter's live card, for someone it waits for. */
import { articleZh, UserError } from '../errors';
import type { DomainContext } from '../context';
import { leaveCard } from '../leave/cards';
import { meetingAbsenceCard } from '../leave/meeting-card';
import { partnerOverlapWarning } from '../leave/stand-ins';
import { awaySet, loadLeave, loadMeetingAbsence } from '../leave/store';
import { leaveSubject, meetingSubject } from '../leave/types';
import { md, type Block, type Card } from '../messages';
import { articleOf, resolveApprover } from '../org/acting-authority';
import { localDate } from '../time';
import {
  approvalCard,
  approvalSubject,
  extensionCard,
  extensionSubject,
  itemSubject,
  noticeCard,
  personName,
  reportCard,
  reportSubject,
  returnedReportCard,
  unitAudience,
} from '../supervision/cards';
import { disputeCard, disputeSubject, loadDisputeById } from '../supervision/disputes';
import { itemLight } from '../supervision/light';
import { loadDetail, loadExtension, loadItem, loadReport } from '../supervision/store';
import { signoffCard } from '../signoffs/card';
import { currentRound } from '../signoffs/store';
import { adapterOf } from '../signoffs/subjects';
import { signoffSubject } from '../signoffs/types';
import type { TodoItem } from './items';
import { todoOf } from './load';
import { documentCard } from '../documents/cards';
import { currentStepOf, loadDoc } from '../documents/store';
import { docSubject, stepSubject } from '../documents/types';
import { hasRole } from '../org/types';

const NOT_YOURS = '这件待办已处理，或不归您处理。请发送 /待办 查看最新列表。';

/** The live card of the matter `ref` names, as its reader sees it (their own buttons), and its subject. */
export async function openTodo(ctx: DomainContext, ref: string | undefined): Promise<{ card: Card; subject?: string }> {
  // Only what waits for the actor opens: a forged or stale reference shows nothing.
  const todo = ref ? (await todoOf(ctx)).find((t) => t.ref === ref) : undefined;
  if (!todo) throw new UserError(NOT_YOURS);
  const found = await cardOf(ctx, todo);
  if (!found) throw new UserError(NOT_YOURS);
  return todo.standsInFor ? { ...found, card: { ...found.card, blocks: [await standInNote(ctx, todo.standsInFor), ...found.card.blocks] } } : found;
}

/** "赵明 请假外出，由您（AB角代批）代为处理（第十一条）。" atop a card opened for someone away (Art. 9, 11). */
async function standInNote(ctx: DomainContext, absentId: string): Promise<Block> {
  const acting = resolveApprover(ctx.dir, await awaySet(ctx.db, localDate(ctx.now)), absentId, '');
  const label = acting.label ? `（${acting.label}）` : '';
  return { type: 'note', text: md`${personName(ctx.dir, absentId)} 请假外出，由您${label}代为处理（${articleZh(articleOf(acting))}）。` };
}

async function cardOf(ctx: DomainContext, todo: TodoItem): Promise<{ card: Card; subject?: string } | undefined> {
  const { db, dir } = ctx;
  const [, id = '', unitId] = todo.ref.split(':');
  switch (todo.kind) {
    case 'leave': {
      const leave = await loadLeave(db, Number(id));
      // The approver's card carries the A/B overlap warning wherever it is opened from (Art. 11).
      return leave && { card: leaveCard(dir, leave, 'approver', await partnerOverlapWarning(db, dir, leave.request)), subject: leaveSubject(leave.request.id) };
    }
    case 'signoff': {
      // ref `signoff:<type>:<id>`: the pending step's copy, with 同意 / 退回.
      const adapter = adapterOf(id);
      const view = await adapter.load(ctx, Number(unitId));
      const steps = view ? await currentRound(db, view.type, view.id) : [];
      const step = steps.find((s) => s.status === 'pending');
      return view && step
        ? { card: signoffCard(dir, adapter.zh, view, steps, step.idx), subject: signoffSubject(view.type, view.id, step.round, step.idx) }
        : undefined;
    }
    case 'meeting': {
      const absence = await loadMeetingAbsence(db, Number(id));
      return absence && { card: meetingAbsenceCard(dir, absence), subject: meetingSubject(absence.id) };
    }
    case 'approve_draft': {
      const detail = await loadDetail(db, id);
      return detail && { card: approvalCard(detail, dir, { kind: 'approver' }), subject: approvalSubject(detail.item.id, 'approver') };
    }
    case 'sign_off':
    case 'receive':
    case 'review':
    case 'redo': {
      const report = await loadReport(db, Number(id));
      const item = report && (await loadItem(db, report.itemId));
      if (!report || !item) return undefined;
      // A returned report opens its redo card (重新报送); the head gets the 审签 version, the office its own.
      if (todo.kind === 'redo') return { card: returnedReportCard(report, item, dir) };
      const audience = todo.kind === 'sign_off' ? 'signer' : 'office';
      return { card: reportCard(report, item, dir, audience), subject: reportSubject(report.id, audience) };
    }
    case 'extension':
    case 'extension_watch': {
      const extension = await loadExtension(db, Number(id));
      const item = extension && (await loadItem(db, extension.itemId));
      return item && { card: extensionCard(extension!, item, dir, await awaySet(db, localDate(ctx.now))), subject: extensionSubject(extension!.id) };
    }
    case 'dispute': {
      const dispute = await loadDisputeById(db, Number(id));
      const item = dispute && (await loadItem(db, dispute.itemId));
      return item && { card: disputeCard(dispute!, item, dir, await awaySet(db, localDate(ctx.now))), subject: disputeSubject(dispute!.id) };
    }
    case 'document':
    case 'document_forward':
    case 'redraft': {
      // The leaders' copy carries the sign-off buttons; the office's and the unit's carry 转办 and 重新报送.
      const d = await loadDoc(db, Number(id));
      if (!d) return undefined;
      const step = currentStepOf(d);
      if (todo.kind === 'document' && step) return { card: documentCard(dir, d, 'decider', step), subject: stepSubject(d.doc.id, step) };
      const audience = hasRole(ctx.actor, 'office_staff') ? 'office' : 'unit';
      return { card: documentCard(dir, d, audience), subject: docSubject(d.doc.id, audience) };
    }
    case 'ack':
    case 'plan':
    case 'weekly': {
      // The unit's own copy of the notice, whose buttons do each of them; weekly refs name no unit: the lead unit's.
      const detail = await loadDetail(db, id);
      if (!detail) return undefined;
      const unit = todo.kind === 'weekly' ? detail.item.leadUnitId : (unitId ?? detail.item.leadUnitId);
      const light = itemLight(detail.item, await ctx.calendar(), ctx.now);
      return { card: noticeCard(detail, dir, light, unitAudience(detail, unit)), subject: itemSubject(detail.item.id, unit) };
    }
  }
}
