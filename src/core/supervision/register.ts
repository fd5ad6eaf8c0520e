/** 分解立项 (Art. 40): the office registers an item; it enters the ledger as a draft. */
import { supervisionItems, supervisionMilestones } from '../../../db/schema';
import { expectChanged } from '../../../db/atomic';
import { formatDateZh, localDate } from '../time';
import { approvalCard, approvalSubject } from './cards';
import { auditItem } from './change';
import { authorize } from './permissions';
import { buildRegistration, type Registration, type RegistrationFields } from './registration';
import { formatItemNumber, nextSeq } from './store';
import type { ItemDetail, Outcome, SupervisionCtx, SupervisionItem } from './types';

export async function registerItem(ctx: SupervisionCtx, fields: RegistrationFields): Promise<Outcome & { id: string }> {
  authorize(ctx.dir, ctx.actor, 'register');
  const registration = buildRegistration(fields, ctx.dir, await ctx.calendar(), localDate(ctx.now));
  const detail = await insertItem(ctx, registration);
  const { item } = detail;
  auditItem(ctx, item.id, 'registered', `${ctx.actor.name} 登记立项，办理期限 ${formatDateZh(item.dueOn)}${item.dueProvisional ? '（暂定）' : ''}`, {
    source: item.source,
    dueOn: item.dueOn,
  });
  const card = approvalCard(detail, ctx.dir);
  return { id: item.id, text: `已登记督查事项 ${item.id}（草稿），办理期限 ${item.dueOn}。`, card, subject: approvalSubject(item.id) };
}

/**
 * Writes a validated registration as a draft item with the next number of the year; also used by
 * workflows that create items from what they decided (a 来文's 批示, Art. 61).
 */
export async function insertItem(ctx: SupervisionCtx, registration: Registration): Promise<ItemDetail> {
  const year = Number(localDate(ctx.now).slice(0, 4));
  const seq = await nextSeq(ctx.db, year);
  const id = formatItemNumber(year, seq);
  const item: SupervisionItem = {
    id,
    year,
    seq,
    ...itemFacts(registration),
    dueMetAt: null,
    status: 'draft',
    approvalLeaderId: null,
    assigningLeaderId: null,
    replyText: null,
    publish: null,
    createdBy: ctx.actor.id,
    createdAt: ctx.now,
    issuedAt: null,
    completedAt: null,
    archivedAt: null,
    updatedAt: ctx.now,
    version: 1,
  };
  const milestones = registration.milestones.map((m, i) => ({ itemId: id, seq: i + 1, dueOn: m.dueOn, title: m.title }));
  ctx.effects.conflictMessage = `编号 ${id} 刚刚被同时登记的事项占用，请重新发送登记命令。`;
  ctx.effects.statements.push(
    // A concurrent registration that took the same number makes this unit lose cleanly.
    ctx.db.insert(supervisionItems).values(item).onConflictDoNothing(),
    expectChanged(ctx.db),
    ...milestones.map((m) => ctx.db.insert(supervisionMilestones).values(m)),
  );
  return { item, milestones, acks: [], plans: [], reports: [], extensions: [] };
}

/** The columns a registration sets (also used when an edit re-validates the item). */
export function itemFacts(r: Registration) {
  return {
    source: r.source,
    title: r.title,
    content: r.content,
    reference: r.reference,
    receivedOn: r.receivedOn,
    meetingOn: r.meetingOn,
    assignedOn: r.assignedOn,
    leadUnitId: r.leadUnitId,
    assistingUnitIds: r.assistingUnitIds,
    responsiblePerson: r.responsiblePerson,
    dueOn: r.deadline.dueDate,
    dueProvisional: r.deadline.provisional,
    dueExplicit: r.deadline.explicit,
    dueArticle: r.deadline.article,
    dueExplanation: r.deadline.explanation,
    satisfiedByProgress: r.deadline.satisfiedByProgress,
    complex: r.complex,
    longRunning: r.longRunning,
  };
}
