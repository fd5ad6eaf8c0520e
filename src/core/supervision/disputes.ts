/**
 * 异议 (Art. 61): "对办理过程中部门之间有分歧的事项，分管副区长应主动加强协调，取得一致意见或提出倾向性
 * 建议". A unit on an item the office forwarded from a 来文 raises a disagreement; it goes as a card to
 * the lead unit's supervising deputy — or whoever acts for him while he is away (Art. 9, 11) — whose
 * coordination (一致意见 or 倾向性建议) is recorded on the item's timeline and told to its units and
 * the office. No supervising deputy: the office coordinates.
 */
import { and, eq, max } from 'drizzle-orm';
import { expectChanged } from '../../../db/atomic';
import type { AppDb } from '../../../db/types';
import { documents, supervisionDisputes } from '../../../db/schema';
import { citing, UserError } from '../errors';
import { cardMessage, md, text, toPerson, type Block, type Card } from '../messages';
import { awaySet } from '../leave/store';
import { absentRefusal, onBehalfOf, resolveApprover } from '../org/acting-authority';
import { hasRole } from '../org/types';
import type { Directory } from '../org/directory';
import { formatInstantZh, localDate } from '../time';
import { deciderNamed } from '../todo/acting';
import { personName, unitName } from './cards';
import { assertNotArchived, auditItem } from './change';
import { standInNotice } from './handover';
import { actorUnitsOn, decisionRecord } from './permissions';
import { officeRecipients, unitRecipients } from './recipients';
import { loadItem, requireDetail } from './store';
import { STATUS_ZH, type Outcome, type SupervisionCtx, type SupervisionItem } from './types';
import { requireText } from './units';

export type Dispute = typeof supervisionDisputes.$inferSelect;
export type DisputeOutcome = 'agreed' | 'proposed';

export const DISPUTE_ACTION = 'sup.dispute';
export const DISPUTE_EXAMPLE = '/异议 DB-2026-0001 供暖管网改造应由城东街道牵头，本局配合';
export const DISPUTE_OUTCOME_ZH: Record<DisputeOutcome, string> = { agreed: '取得一致意见', proposed: '提出倾向性建议' };
const COORDINATION_QUOTE = '对办理过程中部门之间有分歧的事项，分管副区长应主动加强协调，取得一致意见或提出倾向性建议';

export const disputeSubject = (id: number) => `dispute:${id}`;

/** Disputes waiting for coordination: the to-do list, the digest and the nudges read them. */
export async function loadPendingDisputes(db: AppDb): Promise<Dispute[]> {
  return db.select().from(supervisionDisputes).where(eq(supervisionDisputes.status, 'pending'));
}

export async function loadDisputeById(db: AppDb, id: number): Promise<Dispute | undefined> {
  const [dispute] = await db.select().from(supervisionDisputes).where(eq(supervisionDisputes.id, id));
  return dispute;
}

async function loadDispute(ctx: SupervisionCtx, rawId: string | undefined): Promise<Dispute> {
  const id = Number(rawId);
  const dispute = Number.isInteger(id) && id > 0 ? await loadDisputeById(ctx.db, id) : undefined;
  if (!dispute) throw new UserError('找不到这条异议，请刷新卡片后再试。');
  return dispute;
}

/** Who coordinates now: "赵明", or "孙强（AB角代批，代 赵明）" while he is away; the office when nobody. */
function coordinatorZh(dir: Directory, dispute: Dispute, away: ReadonlySet<string>): string {
  if (!dispute.addresseeId) return '区政府办';
  if (dispute.status !== 'pending') return personName(dir, dispute.addresseeId);
  return deciderNamed(dir, away, dispute.addresseeId) ?? `区政府办转办（${personName(dir, dispute.addresseeId)} 请假外出）`;
}

export function disputeCard(dispute: Dispute, item: SupervisionItem, dir: Directory, away: ReadonlySet<string> = new Set()): Card {
  const pending = dispute.status === 'pending';
  const blocks: Block[] = [
    {
      type: 'fields',
      fields: [
        { label: '督查事项', value: `${item.id} ${item.title}` },
        { label: '提出单位', value: `${unitName(dir, dispute.unitId)}（${personName(dir, dispute.raisedBy)}）` },
        { label: '协调', value: coordinatorZh(dir, dispute, away) },
        {
          label: '状态',
          value:
            dispute.status === 'pending'
              ? '待协调'
              : `${DISPUTE_OUTCOME_ZH[dispute.status]}（${personName(dir, dispute.decidedBy)}，${formatInstantZh(dispute.decidedAt!)}）`,
        },
      ],
    },
    { type: 'markdown', text: md`**异议内容**：${dispute.reason}` },
  ];
  if (!pending) blocks.push({ type: 'markdown', text: md`**协调意见**：${dispute.decisionNote ?? ''}` });
  else {
    blocks.push({
      type: 'form',
      name: 'coordinate',
      inputs: [
        {
          kind: 'select',
          name: 'outcome',
          label: '协调结果',
          required: true,
          options: (['agreed', 'proposed'] as const).map((o) => ({ label: DISPUTE_OUTCOME_ZH[o], value: o })),
        },
        { kind: 'textarea', name: 'note', label: '协调意见', required: true },
      ],
      submit: {
        label: '记录协调意见',
        action: DISPUTE_ACTION,
        payload: { dispute: String(dispute.id) },
        style: 'primary',
        command: `/异议 协调 ${dispute.id} 一致 意见…`,
      },
    });
  }
  blocks.push({ type: 'note', text: md`依据《工作规则》第六十一条：${COORDINATION_QUOTE}。` });
  return { title: `异议协调 · ${item.id}`, colour: pending ? 'orange' : 'green', blocks };
}

/** A unit of the item raises a disagreement: one pending per unit and item. */
export async function raiseDispute(ctx: SupervisionCtx, rawItemId: string | undefined, rawReason: string | undefined): Promise<Outcome> {
  const { item } = await requireDetail(ctx.db, rawItemId);
  assertNotArchived(item);
  const [unitId] = actorUnitsOn(ctx.dir, ctx.actor, item);
  if (!unitId) throw new UserError(citing(61, `只有 ${item.id} 的主办、协办单位可以提出异议。`));
  if (item.status !== 'issued' && item.status !== 'in_progress') throw new UserError(`${item.id} ${STATUS_ZH[item.status]}，不在办理中，不能提出异议。`);
  const [fromDocument] = await ctx.db.select({ id: documents.id }).from(documents).where(eq(documents.itemId, item.id));
  if (!fromDocument) throw new UserError(citing(61, `异议协调适用于区政府办根据领导批示转办的来文事项，${item.id} 不是。如有分歧，请与区政府办督查室联系。`));
  const reason = requireText(rawReason, '异议的内容', DISPUTE_EXAMPLE);
  const [open] = await ctx.db
    .select({ id: supervisionDisputes.id })
    .from(supervisionDisputes)
    .where(and(eq(supervisionDisputes.itemId, item.id), eq(supervisionDisputes.unitId, unitId), eq(supervisionDisputes.status, 'pending')));
  if (open) throw new UserError(`${unitName(ctx.dir, unitId)} 对 ${item.id} 已有一条异议待协调，请等待协调意见。`);

  const [row] = await ctx.db.select({ id: max(supervisionDisputes.id) }).from(supervisionDisputes);
  const dispute: Dispute = {
    id: (row?.id ?? 0) + 1,
    itemId: item.id,
    unitId,
    raisedBy: ctx.actor.id,
    reason,
    addresseeId: ctx.dir.unit(item.leadUnitId)?.supervisingDeputyId ?? null,
    status: 'pending',
    decidedBy: null,
    decidedAt: null,
    decisionNote: null,
    createdAt: ctx.now,
    version: 1,
  };
  ctx.effects.statements.push(ctx.db.insert(supervisionDisputes).values(dispute).onConflictDoNothing(), expectChanged(ctx.db));
  const away = await awaySet(ctx.db, localDate(ctx.now));
  const acting = resolveApprover(ctx.dir, away, dispute.addresseeId, '');
  const subject = disputeSubject(dispute.id);
  const card = cardMessage(disputeCard(dispute, item, ctx.dir, away));
  const audience = acting.approverId ? [{ to: toPerson(acting.approverId), tag: `person:${acting.approverId}` }] : officeRecipients(ctx.dir);
  for (const r of audience) ctx.effects.pushes.push({ to: r.to, message: card, subject, key: `${subject}:ask:${r.tag}` });
  if (acting.approverId && onBehalfOf(ctx.dir, acting)) {
    ctx.effects.pushes.push(standInNotice(ctx.dir, acting, `督查事项 ${item.id} 的异议协调`, `${subject}:ask:person:${acting.approverId}`));
  }
  const who = coordinatorZh(ctx.dir, dispute, away);
  // The office supervises and follows up (Art. 61 "做好督办、反馈"): told when a leader coordinates.
  if (acting.approverId) {
    const notice = text(`【异议】${unitName(ctx.dir, unitId)} ${ctx.actor.name} 对 ${item.id}「${item.title}」提出异议，已送 ${who} 协调（第六十一条）。`);
    for (const r of officeRecipients(ctx.dir)) ctx.effects.pushes.push({ to: r.to, message: notice, key: `${subject}:office:${r.tag}` });
  }
  auditItem(ctx, item.id, 'dispute_raised', `${unitName(ctx.dir, unitId)} ${ctx.actor.name} 提出异议：${reason}（送 ${who} 协调）`, {
    disputeId: dispute.id,
    addresseeId: dispute.addresseeId,
    actingId: acting.approverId,
  });
  return { text: `已提出异议，送 ${who} 协调（第六十一条）。` };
}

/** The coordinator records the outcome; the item's units, whoever raised it and the office are told. */
export async function decideDispute(
  ctx: SupervisionCtx,
  rawId: string | undefined,
  rawOutcome: string | undefined,
  rawNote: string | undefined,
): Promise<Outcome> {
  const dispute = await loadDispute(ctx, rawId);
  const item = (await loadItem(ctx.db, dispute.itemId))!;
  const away = await awaySet(ctx.db, localDate(ctx.now));
  const acting = resolveApprover(ctx.dir, away, dispute.addresseeId, '');
  const mayDecide = acting.approverId ? acting.approverId === ctx.actor.id : hasRole(ctx.actor, 'office_staff');
  if (!mayDecide) {
    throw new UserError(
      (ctx.actor.id === dispute.addresseeId ? absentRefusal(ctx.dir, away, ctx.actor, acting) : undefined) ??
        citing(61, `这条异议由 ${coordinatorZh(ctx.dir, dispute, away)} 协调，您不能记录协调意见。`),
    );
  }
  if (dispute.status !== 'pending') throw new UserError(`这条异议已${DISPUTE_OUTCOME_ZH[dispute.status]}，无需再处理。`);
  if (rawOutcome !== 'agreed' && rawOutcome !== 'proposed') throw new UserError('请选择协调结果：取得一致意见，或提出倾向性建议。');
  const note = requireText(rawNote, '协调意见', '/异议 协调 1 一致 由城东街道牵头，住建局配合');

  const next: Dispute = { ...dispute, status: rawOutcome, decidedBy: ctx.actor.id, decidedAt: ctx.now, decisionNote: note, version: dispute.version + 1 };
  const { id: _id, ...values } = next;
  ctx.effects.statements.push(
    ctx.db
      .update(supervisionDisputes)
      .set(values)
      .where(and(eq(supervisionDisputes.id, dispute.id), eq(supervisionDisputes.version, dispute.version))),
    expectChanged(ctx.db),
  );
  const decider = `${ctx.actor.name}${onBehalfOf(ctx.dir, acting)}`;
  const subject = disputeSubject(dispute.id);
  const message = text(
    `${decider} 协调 ${item.id}「${item.title}」的异议（${unitName(ctx.dir, dispute.unitId)}提出），${DISPUTE_OUTCOME_ZH[rawOutcome]}：${note}`,
  );
  const audience = [
    ...[item.leadUnitId, ...item.assistingUnitIds].flatMap((u) => unitRecipients(ctx.dir, u)),
    { to: toPerson(dispute.raisedBy), tag: `person:${dispute.raisedBy}` },
    ...officeRecipients(ctx.dir),
  ].filter((r, i, all) => all.findIndex((o) => o.tag === r.tag) === i);
  for (const r of audience) ctx.effects.pushes.push({ to: r.to, message, key: `${subject}:${rawOutcome}:${r.tag}` });
  auditItem(ctx, item.id, `dispute_${rawOutcome}`, `${decider} 协调异议，${DISPUTE_OUTCOME_ZH[rawOutcome]}：${note}`, {
    disputeId: dispute.id,
    ...decisionRecord(acting, ctx.actor.id),
  });
  const card = disputeCard(next, item, ctx.dir, away);
  ctx.effects.refreshes.push({ subject, card, key: `${subject}:v${next.version}` });
  return { text: `已记录协调意见（${DISPUTE_OUTCOME_ZH[rawOutcome]}）。`, card, subject };
}
