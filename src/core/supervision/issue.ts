/**
 * 督查交办 (Art. 40): "经区政府有关领导对督查事项审定同意后，以区政府办名义发出督查通知". The office
 * sends the draft to a leader, who approves (or not) from the card; or the office records an
 * approval the leader gave elsewhere. The notice then goes to the units' chats and liaisons.
 */
import { citing, UserError } from '../errors';
import { cardMessage, text, toPerson } from '../messages';
import { localDate } from '../time';
import { awaySet } from '../leave/store';
import { onBehalfOf, resolveApprover, type Resolution } from '../org/acting-authority';
import type { Directory } from '../org/directory';
import { isGovernmentLeader, type Person } from '../org/types';
import { OFFICE, type CardAudience } from './audience';
import { approvalCard, approvalSubject, itemSubject, noticeCard, personName, unitAudience } from './cards';
import { assertNotArchived, auditItem, refreshItemCards, updateItem } from './change';
import { itemLight, type ItemLight } from './light';
import { standInNotice } from './handover';
import { actingDecider, authorize, decisionRecord } from './permissions';
import { officeRecipients, unitRecipients } from './recipients';
import { requireDetail } from './store';
import type { ItemDetail, Outcome, SupervisionCtx } from './types';

const APPROVER: CardAudience = { kind: 'approver' };

/** The notice to one unit: its chat and liaisons get the unit's own copy (its own buttons, its own subject). */
export function pushUnitNotice(ctx: SupervisionCtx, detail: ItemDetail, unitId: string, light: ItemLight, urgent: boolean): void {
  const { item } = detail;
  const message = cardMessage(noticeCard(detail, ctx.dir, light, unitAudience(detail, unitId)));
  for (const r of unitRecipients(ctx.dir, unitId)) {
    ctx.effects.pushes.push({ to: r.to, message, subject: itemSubject(item.id, unitId), urgent, key: `${itemSubject(item.id)}:notice:${r.tag}` });
  }
}

function assertDraft(detail: ItemDetail): void {
  assertNotArchived(detail.item);
  if (detail.item.status !== 'draft') throw new UserError(`督查事项 ${detail.item.id} 已于之前交办，无需重复交办。`);
}

/** A government leader named in a command (`领导=赵明`), or a Chinese error listing who may approve. */
export function leaderNamed(dir: Directory, name: string | undefined): Person {
  const leaders = dir.people.filter(isGovernmentLeader);
  const list = leaders.map((l) => `${l.name}（${l.post}）`).join('、');
  if (!name?.trim()) throw new UserError(`请写明审定的区政府领导，例如「领导=${leaders[0]?.name ?? '姓名'}」。可选：${list}。`);
  const matches = leaders.filter((l) => l.name === name.trim() || l.id === name.trim());
  if (matches.length !== 1) {
    throw new UserError(citing(40, `督查事项须经区政府有关领导审定同意。「${name.trim()}」不是区政府领导，请从以下选择：${list}。`));
  }
  return matches[0]!;
}

export async function sendForApproval(ctx: SupervisionCtx, itemId: string, leaderIdOrName: string | undefined): Promise<Outcome> {
  const detail = await requireDetail(ctx.db, itemId);
  authorize(ctx.dir, ctx.actor, 'send_for_approval', { item: detail.item });
  assertDraft(detail);
  const leader = leaderNamed(ctx.dir, leaderIdOrName);
  const { next, statements } = updateItem(ctx, detail.item, { approvalLeaderId: leader.id });
  ctx.effects.statements.push(...statements);
  const after = { ...detail, item: next };
  // A leader on leave: the card goes to whoever acts for them (Art. 9, 11); the draft still names the leader.
  const acting = resolveApprover(ctx.dir, await awaySet(ctx.db, localDate(ctx.now)), leader.id, '');
  const to = acting.approverId ?? leader.id;
  const key = `${approvalSubject(next.id)}:v${next.version}:to:${to}`;
  ctx.effects.pushes.push({
    to: toPerson(to),
    message: cardMessage(approvalCard(after, ctx.dir, APPROVER)),
    subject: approvalSubject(next.id, 'approver'),
    key,
  });
  if (onBehalfOf(ctx.dir, acting)) ctx.effects.pushes.push(standInNotice(ctx.dir, acting, `督查事项 ${next.id}「${next.title}」的审定`, key));
  const sentTo = `${personName(ctx.dir, to)}${onBehalfOf(ctx.dir, acting)}`;
  auditItem(ctx, next.id, 'sent_for_approval', `${ctx.actor.name} 送 ${sentTo} 审定`, { leaderId: leader.id, deciderId: to, delegation: acting.reason });
  await refreshItemCards(ctx, after, { approval: true });
  return { text: `已将 ${next.id} 送 ${sentTo} 审定。`, card: approvalCard(after, ctx.dir) };
}

/** The leader's 同意交办 on the approval card (or that of whoever acts for them while away, Art. 9, 11). */
export async function approveItem(ctx: SupervisionCtx, itemId: string): Promise<Outcome> {
  const detail = await requireDetail(ctx.db, itemId);
  assertDraft(detail);
  const at = { item: detail.item, away: await awaySet(ctx.db, localDate(ctx.now)) };
  authorize(ctx.dir, ctx.actor, 'approve', at);
  const acting = actingDecider(ctx.dir, 'approve', at)!;
  return issueItem(ctx, detail, ctx.actor, `${ctx.actor.name}${onBehalfOf(ctx.dir, acting)} 审定同意交办`, acting);
}

/** `/督办 交办 DB-… 领导=赵明`: the office records an approval the leader gave elsewhere. */
export async function recordApproval(ctx: SupervisionCtx, itemId: string, leaderName: string | undefined): Promise<Outcome> {
  const detail = await requireDetail(ctx.db, itemId);
  authorize(ctx.dir, ctx.actor, 'record_approval', { item: detail.item });
  assertDraft(detail);
  const leader = leaderNamed(ctx.dir, leaderName);
  return issueItem(ctx, detail, leader, `区政府办 ${ctx.actor.name} 登记：${leader.name} 已审定同意交办`);
}

export async function declineItem(ctx: SupervisionCtx, itemId: string, reason: string | undefined): Promise<Outcome> {
  const detail = await requireDetail(ctx.db, itemId);
  assertDraft(detail);
  const at = { item: detail.item, away: await awaySet(ctx.db, localDate(ctx.now)) };
  authorize(ctx.dir, ctx.actor, 'approve', at);
  const acting = actingDecider(ctx.dir, 'approve', at)!;
  if (!reason?.trim()) throw new UserError('请填写不同意交办的意见，便于区政府办修改。');
  const { next, statements } = updateItem(ctx, detail.item, { approvalLeaderId: null });
  ctx.effects.statements.push(...statements);
  for (const r of officeRecipients(ctx.dir)) {
    ctx.effects.pushes.push({
      to: r.to,
      message: text(`${ctx.actor.name}${onBehalfOf(ctx.dir, acting)} 不同意交办督查事项 ${next.id}「${next.title}」：${reason.trim()}。请修改后重新送审。`),
      key: `item:${next.id}:v${next.version}:declined:${r.tag}`,
    });
  }
  auditItem(ctx, next.id, 'approval_declined', `${ctx.actor.name}${onBehalfOf(ctx.dir, acting)} 不同意交办：${reason.trim()}`, {
    reason: reason.trim(),
    ...decisionRecord(acting, ctx.actor.id),
  });
  const after = { ...detail, item: next };
  await refreshItemCards(ctx, after, { approval: true });
  return { text: '已退回区政府办修改。', card: approvalCard(after, ctx.dir, APPROVER) };
}

/** Issues the notice in the government office's name to the lead and assisting units (also after a 来文's 批示, Art. 61). */
export async function issueItem(ctx: SupervisionCtx, detail: ItemDetail, leader: Person, how: string, acting?: Resolution): Promise<Outcome> {
  const { next, statements } = updateItem(ctx, detail.item, {
    status: 'issued',
    issuedAt: ctx.now,
    assigningLeaderId: leader.id,
    approvalLeaderId: detail.item.approvalLeaderId ?? leader.id,
  });
  ctx.effects.statements.push(...statements);
  const after = { ...detail, item: next };
  const light = itemLight(next, await ctx.calendar(), ctx.now);
  // Art. 40: leader instructions are handled at once (即接即办), so their notice is pushed urgent.
  const urgent = next.source === 'leader_instruction';
  const units = [next.leadUnitId, ...next.assistingUnitIds];
  for (const unitId of units) pushUnitNotice(ctx, after, unitId, light, urgent);
  const notice = cardMessage(noticeCard(after, ctx.dir, light, OFFICE));
  for (const r of officeRecipients(ctx.dir)) {
    ctx.effects.pushes.push({ to: r.to, message: notice, subject: itemSubject(next.id), key: `${itemSubject(next.id)}:notice:${r.tag}` });
  }
  auditItem(ctx, next.id, 'issued', `${how}，以区政府办名义发出督查通知`, { leaderId: leader.id, units, ...(acting ? decisionRecord(acting, leader.id) : {}) });
  await refreshItemCards(ctx, after, { approval: true });
  return {
    text: `督查事项 ${next.id} 已交办（${personName(ctx.dir, leader.id)}${acting ? onBehalfOf(ctx.dir, acting) : ''} 审定），督查通知已发送至 ${units.map((u) => ctx.dir.unit(u)?.name ?? u).join('、')}。`,
    card: approvalCard(after, ctx.dir),
  };
}
