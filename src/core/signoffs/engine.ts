/**
 * The sign-off engine: start a chain, decide a step (同意 / 退回), resubmit after a return. Every
 * change writes the steps, the subject's status, the cards refreshed in place and the messages in
 * one atomic unit (the outbox); two clicks at once produce one decision.
 */
import { and, eq } from 'drizzle-orm';
import { expectChanged } from '../../../db/atomic';
import { signoffSteps } from '../../../db/schema';
import type { DomainContext, ReplyingContext } from '../context';
import { citing, UserError } from '../errors';
import { awaySet } from '../leave/store';
import { cardMessage, text, toPerson, toUnitChat, type ActionResponse, type Recipient } from '../messages';
import { absentRefusal, onBehalfOf, resolveApprover, type Absences, type Resolution } from '../org/acting-authority';
import type { Directory } from '../org/directory';
import { standInNotice } from '../supervision/handover';
import { hasRole } from '../org/types';
import { govOfficeId } from '../leave/routing';
import { localDate } from '../time';
import { returnFormCard, signoffCard } from './card';
import { currentRound, insertable, roundRows } from './store';
import { signoffSubject, type ChainStep, type SignoffStep, type SubjectAdapter, type SubjectStatus, type SubjectView } from './types';

const MAX_NOTE = 500;

/** Who decides a step now: the addressee, or whoever acts for them (Art. 9, 11); null: the office. */
function actingFor(dir: Directory, away: Absences, step: Pick<SignoffStep, 'addresseeId'>, requesterId: string): Resolution {
  if (!step.addresseeId) return { addresseeId: null, approverId: null, reason: 'office_routing', label: null, skipped: [] };
  return resolveApprover(dir, away, step.addresseeId, requesterId);
}

function recipientOf(dir: Directory, acting: Resolution): Recipient {
  return acting.approverId ? toPerson(acting.approverId) : toUnitChat(govOfficeId(dir));
}

/**
 * Sends the pending step's card to whoever decides it now. A stand-in (Art. 9, 11) is told whose step it
 * is, by the card and a line with it; their copy has a key of its own, so a leave that starts while the
 * step waits hands the card over once (`handOverSignoffs`).
 */
export function pushToDecider(
  ctx: Pick<DomainContext, 'dir' | 'effects'>,
  adapter: SubjectAdapter,
  view: SubjectView,
  steps: readonly SignoffStep[],
  step: SignoffStep,
  away: Absences,
): void {
  const acting = actingFor(ctx.dir, away, step, view.requesterId);
  const standIn = onBehalfOf(ctx.dir, acting);
  const base = `signoff:${view.type}:${view.id}:r${step.round}:s${step.idx}`;
  const key = standIn ? `${base}:to:${acting.approverId}` : base;
  ctx.effects.pushes.push({
    to: recipientOf(ctx.dir, acting),
    message: cardMessage(signoffCard(ctx.dir, adapter.zh, view, steps, step.idx, acting)),
    subject: signoffSubject(view.type, view.id, step.round, step.idx),
    key,
  });
  if (standIn) ctx.effects.pushes.push(standInNotice(ctx.dir, acting, `${adapter.zh}「${view.title}」（编号 ${view.id}）的${step.stage}`, key));
}

/** Opens round `round` of the chain for a subject written in the same unit (`view` as it will read). */
export async function startSignoff(ctx: ReplyingContext, adapter: SubjectAdapter, view: SubjectView, chain: readonly ChainStep[], round = 1): Promise<void> {
  const steps = roundRows(view.type, view.id, round, chain, ctx.now);
  ctx.effects.statements.push(...steps.map((s) => ctx.db.insert(signoffSteps).values(insertable(s))));
  const away = await awaySet(ctx.db, localDate(ctx.now));
  pushToDecider(ctx, adapter, view, steps, steps[0]!, away);
  ctx.effects.audits.push({
    subjectType: view.type,
    subjectId: String(view.id),
    action: round === 1 ? 'submit' : 'resubmit',
    detail: { round, chain: steps.map((s) => ({ stage: s.stage, addresseeId: s.addresseeId })) },
  });
  ctx.reply(cardMessage(signoffCard(ctx.dir, adapter.zh, view, steps, 'requester')), { subject: signoffSubject(view.type, view.id, round, 'requester') });
}

async function loaded(ctx: ReplyingContext, adapter: SubjectAdapter, rawId: string | undefined): Promise<SubjectView> {
  const id = Number(rawId);
  const view = Number.isInteger(id) && id > 0 ? await adapter.load(ctx, id) : undefined;
  if (!view) throw new UserError(`没有编号 ${rawId ?? ''} 的${adapter.zh}，这张卡片可能已失效。`);
  return view;
}

/** Refreshes the requester's copy and every decided step's copy (the next decider's card is pushed fresh). */
function refresh(ctx: ReplyingContext, adapter: SubjectAdapter, view: SubjectView, steps: SignoffStep[], tag: string): void {
  const decided = steps.filter((s) => s.status === 'approved' || s.status === 'returned').map((s) => s.idx);
  for (const audience of ['requester' as const, ...decided]) {
    const subject = signoffSubject(view.type, view.id, steps[0]!.round, audience);
    ctx.effects.refreshes.push({ subject, card: signoffCard(ctx.dir, adapter.zh, view, steps, audience), key: `${subject}:${tag}` });
  }
}

/** Why the actor may not decide the pending step (away, or not whoever acts now), or undefined when they may. */
function refusal(ctx: ReplyingContext, away: Absences, acting: Resolution, view: SubjectView, pending: SignoffStep): ActionResponse | undefined {
  const absent = absentRefusal(ctx.dir, away, ctx.actor, acting);
  if (absent) return { toast: { kind: 'error', text: absent } };
  const may = acting.approverId ? acting.approverId === ctx.actor.id : hasRole(ctx.actor, 'office_staff');
  if (may) return undefined;
  const who = acting.approverId ? (ctx.dir.person(acting.approverId)?.name ?? acting.approverId) : '区政府办';
  return { toast: { kind: 'error', text: citing(view.article, `这一步（${pending.stage}）由 ${who} 办理，您无权操作。`) } };
}

/** 同意 or 退回 the step `payload.step` (`<round>.<idx>`) names. */
export async function decideSignoff(
  ctx: ReplyingContext,
  adapter: SubjectAdapter,
  payload: Record<string, string>,
  decision: 'approve' | 'return',
  note = '',
): Promise<ActionResponse> {
  const view = await loaded(ctx, adapter, payload.id);
  const steps = await currentRound(ctx.db, view.type, view.id);
  const pending = steps.find((s) => s.status === 'pending');
  const current = signoffCard(ctx.dir, adapter.zh, view, steps, 'viewer');
  if (!pending || view.status !== 'in_review' || payload.step !== `${pending.round}.${pending.idx}`)
    return { toast: { kind: 'info', text: `该${adapter.zh}的这一步已处理。` }, card: current };
  const away = await awaySet(ctx.db, localDate(ctx.now));
  const acting = actingFor(ctx.dir, away, pending, view.requesterId);
  const refused = refusal(ctx, away, acting, view, pending);
  if (refused) return refused;
  const trimmed = note.trim();
  if (decision === 'return' && !trimmed) throw new UserError('退回须写明理由，请填写后再提交。');
  if (trimmed.length > MAX_NOTE) throw new UserError(`理由太长（最多 ${MAX_NOTE} 字），请精简。`);
  const delegation = acting.reason === 'direct' ? null : acting.reason;
  const decided: SignoffStep = {
    ...pending,
    status: decision === 'approve' ? 'approved' : 'returned',
    decidedById: ctx.actor.id,
    delegation,
    note: trimmed || null,
    decidedAt: ctx.now,
  };
  const { db, effects } = ctx;
  effects.conflictMessage = `该${adapter.zh}刚刚已被处理，请查看卡片上的最新状态。`;
  effects.statements.push(
    db
      .update(signoffSteps)
      .set({ status: decided.status, decidedById: decided.decidedById, delegation, note: decided.note, decidedAt: ctx.now })
      .where(and(eq(signoffSteps.id, pending.id), eq(signoffSteps.status, 'pending'))),
    expectChanged(db),
  );
  const next = decision === 'approve' ? steps.find((s) => s.idx === pending.idx + 1) : undefined;
  let after = steps.map((s) => (s.id === pending.id ? decided : s));
  let status: SubjectStatus = view.status;
  let extra = '';
  let fields = view.fields;
  if (decision === 'return') {
    status = 'returned';
    effects.statements.push(
      db
        .update(signoffSteps)
        .set({ status: 'void' })
        .where(and(eq(signoffSteps.subjectType, view.type), eq(signoffSteps.subjectId, view.id), eq(signoffSteps.status, 'waiting'))),
    );
    after = after.map((s) => (s.status === 'waiting' ? { ...s, status: 'void' } : s));
    effects.statements.push(...adapter.setStatus(ctx, view.id, 'returned'));
  } else if (next) {
    effects.statements.push(db.update(signoffSteps).set({ status: 'pending' }).where(eq(signoffSteps.id, next.id)));
    after = after.map((s) => (s.id === next.id ? { ...s, status: 'pending' } : s));
  } else {
    status = 'approved';
    effects.statements.push(...adapter.setStatus(ctx, view.id, 'approved'));
    const approved = await adapter.onApproved?.(ctx, view.id);
    if (approved) {
      extra = approved.text;
      fields = approved.fields ?? view.fields;
    }
  }
  const updated: SubjectView = { ...view, status, fields };
  effects.audits.push({
    subjectType: view.type,
    subjectId: String(view.id),
    action: decision,
    detail: { stage: pending.stage, round: pending.round, addresseeId: pending.addresseeId, decidedById: ctx.actor.id, delegation, note: decided.note },
  });
  refresh(ctx, adapter, updated, after, `r${pending.round}s${pending.idx}`);
  if (next) pushToDecider(ctx, adapter, updated, after, { ...next, status: 'pending' }, away);
  const what = `您提交的${adapter.zh}「${view.title}」（编号 ${view.id}）`;
  const outcome =
    decision === 'return'
      ? `${what}被 ${ctx.actor.name} 退回（${pending.stage}）：${trimmed}。修改后可在卡片上重新提交。`
      : next
        ? `${what}已经 ${ctx.actor.name} 同意（${pending.stage}），转 ${next.stage}。`
        : `${what}已签批完成（${pending.stage}：${ctx.actor.name}）。${extra}`;
  if (view.requesterId !== ctx.actor.id)
    effects.pushes.push({
      to: toPerson(view.requesterId),
      message: text(outcome),
      key: `signoff:${view.type}:${view.id}:r${pending.round}s${pending.idx}:told`,
    });
  const toast = decision === 'return' ? '已退回，已告知提交人。' : next ? `已同意，转 ${next.stage}。` : `已签批完成。${extra}`;
  return { toast: { kind: 'success', text: toast }, card: signoffCard(ctx.dir, adapter.zh, updated, after, pending.idx) };
}

/** 退回 without a reason yet: the form asking for one (for whoever may decide). */
export async function returnForm(ctx: ReplyingContext, adapter: SubjectAdapter, payload: Record<string, string>): Promise<ActionResponse> {
  const view = await loaded(ctx, adapter, payload.id);
  const steps = await currentRound(ctx.db, view.type, view.id);
  const pending = steps.find((s) => s.status === 'pending');
  if (!pending || payload.step !== `${pending.round}.${pending.idx}`)
    return { toast: { kind: 'info', text: `该${adapter.zh}的这一步已处理。` }, card: signoffCard(ctx.dir, adapter.zh, view, steps, 'viewer') };
  const away = await awaySet(ctx.db, localDate(ctx.now));
  const refused = refusal(ctx, away, actingFor(ctx.dir, away, pending, view.requesterId), view, pending);
  if (refused) return refused;
  return { toast: { kind: 'info', text: '请填写退回理由。' }, card: returnFormCard(adapter.zh, view, `${pending.round}.${pending.idx}`) };
}

/** 重新提交 after a return: the next round, from the first step, by the requester. */
export async function resubmitSignoff(ctx: ReplyingContext, adapter: SubjectAdapter, payload: Record<string, string>): Promise<ActionResponse> {
  const view = await loaded(ctx, adapter, payload.id);
  if (view.requesterId !== ctx.actor.id && !hasRole(ctx.actor, 'office_staff'))
    return { toast: { kind: 'error', text: `只有提交人可以重新提交该${adapter.zh}。` } };
  if (view.status !== 'returned') return { toast: { kind: 'info', text: `该${adapter.zh}不在退回状态，无需重新提交。` } };
  const steps = await currentRound(ctx.db, view.type, view.id);
  const round = (steps[0]?.round ?? 0) + 1;
  ctx.effects.conflictMessage = `该${adapter.zh}刚刚已重新提交，请查看最新卡片。`;
  ctx.effects.statements.push(...adapter.setStatus(ctx, view.id, 'in_review'), expectChanged(ctx.db));
  const updated: SubjectView = { ...view, status: 'in_review' };
  const chain: ChainStep[] = await adapter.chain(ctx, view.id);
  await startSignoff(ctx, adapter, updated, chain, round);
  return { toast: { kind: 'success', text: `已重新提交（第${round}轮）。` } };
}
