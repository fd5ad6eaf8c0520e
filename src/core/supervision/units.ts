/** 承办落实 (Art. 40): a unit acknowledges the notice (签收) and submits its work plan (工作计划). */
import type { Statement } from '../../../db/atomic';
import { supervisionAcks, supervisionPlans } from '../../../db/schema';
import { UserError } from '../errors';
import { cardMessage } from '../messages';
import { formatInstantZh } from '../time';
import { deadlineText, personName, planCard, planSubject, unitName } from './cards';
import { assertOpenForUnits, auditItem, refreshItemCards, updateItem } from './change';
import { actorUnitsOn, authorize, type SupervisionAction } from './permissions';
import { officeRecipients, unitRecipients } from './recipients';
import { requireDetail } from './store';
import type { Acknowledgement, ItemDetail, Outcome, SupervisionCtx } from './types';

export const MAX_TEXT = 4000;

/** The unit the actor acts for on this item (lead first, for someone in both). */
export function actingUnit(ctx: SupervisionCtx, detail: ItemDetail, action: SupervisionAction): string {
  authorize(ctx.dir, ctx.actor, action, { item: detail.item });
  return actorUnitsOn(ctx.dir, ctx.actor, detail.item)[0]!;
}

export function requireText(value: string | undefined, what: string, example: string): string {
  const text = value?.trim() ?? '';
  if (!text) throw new UserError(`请填写${what}，例如：${example}`);
  if (text.length > MAX_TEXT) throw new UserError(`${what}太长（最多 ${MAX_TEXT} 字），请精简或分次报送。`);
  return text;
}

/**
 * A unit that reports or plans before acknowledging has evidently received the notice: its
 * acknowledgement is recorded with the submission (and shown in the timeline).
 */
export function ackIfMissing(ctx: SupervisionCtx, detail: ItemDetail, unitId: string): { statements: Statement[]; acks: Acknowledgement[] } {
  if (detail.acks.some((a) => a.unitId === unitId)) return { statements: [], acks: detail.acks };
  const ack = { itemId: detail.item.id, unitId, personId: ctx.actor.id, at: ctx.now };
  auditItem(ctx, detail.item.id, 'acknowledged', `${unitName(ctx.dir, unitId)} ${ctx.actor.name} 签收（随报送）`, { unitId });
  return { statements: [ctx.db.insert(supervisionAcks).values(ack).onConflictDoNothing()], acks: [...detail.acks, ack] };
}

export async function acknowledge(ctx: SupervisionCtx, itemId: string): Promise<Outcome> {
  const detail = await requireDetail(ctx.db, itemId);
  assertOpenForUnits(detail.item, '签收');
  const unitId = actingUnit(ctx, detail, 'acknowledge');
  const existing = detail.acks.find((a) => a.unitId === unitId);
  if (existing) {
    return { text: `${unitName(ctx.dir, unitId)}已于 ${formatInstantZh(existing.at)} 由 ${personName(ctx.dir, existing.personId)} 签收，无需重复签收。` };
  }
  const ack = { itemId: detail.item.id, unitId, personId: ctx.actor.id, at: ctx.now };
  const { next, statements } = updateItem(ctx, detail.item, { status: 'in_progress' });
  ctx.effects.statements.push(...statements, ctx.db.insert(supervisionAcks).values(ack));
  auditItem(ctx, next.id, 'acknowledged', `${unitName(ctx.dir, unitId)} ${ctx.actor.name} 签收`, { unitId });
  await refreshItemCards(ctx, { ...detail, item: next, acks: [...detail.acks, ack] });
  return { text: `${unitName(ctx.dir, unitId)}已签收督查事项 ${next.id}，办理期限 ${deadlineText(next)}。请及时提交工作计划（/计划 ${next.id} 内容）。` };
}

export async function submitPlan(ctx: SupervisionCtx, itemId: string, planText: string | undefined): Promise<Outcome> {
  const detail = await requireDetail(ctx.db, itemId);
  assertOpenForUnits(detail.item, '提交工作计划');
  const unitId = actingUnit(ctx, detail, 'plan');
  const body = requireText(planText, '工作计划（落实措施和时间安排）', `/计划 ${detail.item.id} 1. 12月5日前完成排查；2. 12月15日前完成整改`);
  const plan = { itemId: detail.item.id, unitId, authorId: ctx.actor.id, text: body, submittedAt: ctx.now, attachmentCount: 0 };
  const ack = ackIfMissing(ctx, detail, unitId);
  const { next, statements } = updateItem(ctx, detail.item, { status: 'in_progress' });
  ctx.effects.statements.push(...statements, ...ack.statements, ctx.db.insert(supervisionPlans).values(plan));
  const card = cardMessage(planCard(plan, next, ctx.dir));
  const audience = unitId === next.leadUnitId ? officeRecipients(ctx.dir) : [...unitRecipients(ctx.dir, next.leadUnitId), ...officeRecipients(ctx.dir)];
  const planNo = detail.plans.length + 1;
  // The subject lets a file attached to the plan afterwards update the count on these cards in place.
  for (const r of audience)
    ctx.effects.pushes.push({ to: r.to, message: card, subject: planSubject(next.id, planNo), key: `item:${next.id}:plan:${planNo}:${r.tag}` });
  auditItem(ctx, next.id, 'plan_submitted', `${unitName(ctx.dir, unitId)} ${ctx.actor.name} 提交工作计划`, { unitId });
  await refreshItemCards(ctx, { ...detail, item: next, acks: ack.acks, plans: [...detail.plans, { id: 0, ...plan }] });
  return { text: `已提交 ${next.id} 的工作计划，区政府办将跟踪落实。` };
}
