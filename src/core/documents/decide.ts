/**
 * A sign-off on the current step: 同意 (签发 at the head's step of an outgoing document), 批示 with
 * its text kept (incoming, Art. 61), or 退回 / 退回修改 with a reason. The last sign-off of a
 * 来文 leaves it to the office to forward; of a 发文 gives it its 文号 and archives it (Art. 62).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { documentSteps } from '../../../db/schema';
import type { DomainContext } from '../context';
import { UserError } from '../errors';
import { text, toPerson, type ActionResponse } from '../messages';
import { onBehalfOf, type Resolution } from '../org/acting-authority';
import { planChain } from './chains';
import { documentCard, numberOf } from './cards';
import { auditDoc, authorityFor, insertSteps, isOffice, pushFollowers, refreshDocCards, roundRows, sendStepCard, updateDoc } from './flow';
import { numberPrefix } from './chains';
import { currentRound, currentStepOf, nextNumberSeq, requireDoc } from './store';
import { docName, ROLE_ZH, type Doc, type DocumentRow, type DocumentStep } from './types';
import { hasRole } from '../org/types';
import { localDate } from '../time';

export type Verdict = 'agree' | 'instruct' | 'return';
export const MAX_COMMENT = 1000;

/** The step a button was pressed on, or the card's latest state when it is stale (nothing is written). */
async function pendingStep(ctx: DomainContext, d: Doc, round: string | undefined, stepIdx: string | undefined): Promise<DocumentStep | ActionResponse> {
  const step = currentStepOf(d);
  const clicked = d.steps.find((s) => String(s.round) === round && String(s.idx) === stepIdx);
  const latest = documentCard(ctx.dir, d, 'decider', clicked ?? step);
  if (d.doc.status !== 'reviewing' || !step) return { toast: { kind: 'info', text: `${docName(d.doc)}已不在审签中，卡片已更新为最新状态。` }, card: latest };
  if (String(d.doc.round) !== round || String(step.idx) !== stepIdx)
    return { toast: { kind: 'info', text: '这一步已经处理过了，卡片已更新为最新状态。' }, card: latest };
  return step;
}

const byWhom = (ctx: DomainContext, acting: Resolution | null) => `${ctx.actor.name}${acting ? onBehalfOf(ctx.dir, acting) : ''}`;

export async function decideDocument(
  ctx: DomainContext,
  rawId: string | undefined,
  round: string | undefined,
  stepIdx: string | undefined,
  verdict: Verdict,
  comment?: string,
): Promise<ActionResponse> {
  const d = await requireDoc(ctx.db, rawId);
  const found = await pendingStep(ctx, d, round, stepIdx);
  if (!('idx' in found)) return found;
  const step = found;
  const acting = await authorityFor(ctx, step);
  const typed = comment?.trim() ?? '';
  if (verdict === 'instruct' && d.doc.direction !== 'incoming') throw new UserError('发文只能同意（签发）或退回修改。');
  if (verdict === 'instruct' && !typed) throw new UserError('请填写批示意见后再提交。');
  if (verdict === 'return' && !typed) throw new UserError('退回须写明理由，请填写后再提交。');
  if (typed.length > MAX_COMMENT) throw new UserError(`意见太长（最多 ${MAX_COMMENT} 字），请精简。`);

  const decided: DocumentStep = {
    ...step,
    status: verdict === 'agree' ? 'agreed' : verdict === 'instruct' ? 'instructed' : 'returned',
    decidedById: ctx.actor.id,
    delegation: acting && acting.reason !== 'direct' ? acting.reason : null,
    comment: typed || null,
    decidedAt: ctx.now,
  };
  const steps = currentRound(d);
  const nextPlanned = verdict === 'return' ? undefined : steps.find((s) => s.idx === step.idx + 1);
  const next = nextPlanned ? { ...nextPlanned, status: 'pending' as const } : undefined;
  const set: Partial<DocumentRow> = {};
  if (verdict === 'return') Object.assign(set, { status: 'returned', currentStep: null });
  else if (next) set.currentStep = next.idx;
  else if (d.doc.direction === 'incoming') Object.assign(set, { status: 'to_forward', currentStep: null });
  else {
    const year = Number(localDate(ctx.now).slice(0, 4));
    const prefix = numberPrefix(d.doc.kind);
    Object.assign(set, {
      status: 'archived',
      currentStep: null,
      numberPrefix: prefix,
      numberYear: year,
      numberSeq: await nextNumberSeq(ctx.db, prefix, year),
      closedAt: ctx.now,
    });
  }
  const { next: doc, statements } = updateDoc(ctx, d.doc, set);
  ctx.effects.statements.push(
    ...statements,
    ctx.db
      .update(documentSteps)
      .set({ status: decided.status, decidedById: decided.decidedById, delegation: decided.delegation, comment: decided.comment, decidedAt: ctx.now })
      .where(eq(documentSteps.id, step.id)),
  );
  if (next) ctx.effects.statements.push(ctx.db.update(documentSteps).set({ status: 'pending' }).where(eq(documentSteps.id, next.id)));
  if (verdict === 'return') {
    ctx.effects.statements.push(
      ctx.db
        .update(documentSteps)
        .set({ status: 'void' })
        .where(and(eq(documentSteps.documentId, doc.id), eq(documentSteps.round, doc.round), inArray(documentSteps.status, ['waiting']))),
    );
  }
  const after: Doc = {
    doc,
    steps: d.steps.map((s) =>
      s.id === step.id
        ? decided
        : next && s.id === next.id
          ? next
          : verdict === 'return' && s.round === doc.round && s.status === 'waiting'
            ? { ...s, status: 'void' }
            : s,
    ),
  };
  const who = byWhom(ctx, acting);
  const verb = verdict === 'agree' ? (next || d.doc.direction === 'incoming' ? '同意' : '签发') : verdict === 'instruct' ? '批示' : '退回';
  auditDoc(ctx, doc, verdict, `${who} ${ROLE_ZH[step.role]}：${verb}${typed ? `「${typed}」` : ''}`, {
    round: doc.round,
    step: step.idx,
    role: step.role,
    addresseeId: step.addresseeId,
    decidedById: ctx.actor.id,
    delegation: decided.delegation,
    comment: decided.comment,
  });
  refreshDocCards(ctx, after);

  let toast: string;
  if (next) {
    const to = await sendStepCard(ctx, after, next);
    toast = `已${verb}，已送 ${to} ${ROLE_ZH[next.role]}。`;
  } else if (verdict === 'return') {
    pushFollowers(ctx, after, `r${doc.round}:returned`);
    tellDrafter(ctx, after, `${docName(doc)}「${doc.title}」被 ${who} 退回${doc.direction === 'outgoing' ? '修改' : ''}：${typed}。请修改后在卡片上重新报送。`);
    toast = doc.direction === 'incoming' ? '已退回区政府办。' : '已退回修改，起草单位修改后将重新报送。';
  } else if (doc.status === 'to_forward') {
    pushFollowers(ctx, after, 'to_forward');
    toast = `已${verb}，领导审定完毕，已送区政府办转办。`;
  } else {
    pushFollowers(ctx, after, 'signed');
    tellDrafter(ctx, after, `${docName(doc)}「${doc.title}」已由 ${who} 签发，文号 ${numberOf(doc)}，已归档。`);
    toast = `已签发，文号 ${numberOf(doc)}，已归档。`;
  }
  return { toast: { kind: 'success', text: toast }, card: documentCard(ctx.dir, after, 'decider', decided) };
}

/** Whoever started it is told in words too (the card alone is easy to miss). */
function tellDrafter(ctx: DomainContext, d: Doc, message: string): void {
  ctx.effects.pushes.push({ to: toPerson(d.doc.createdBy), message: text(message), key: `document:${d.doc.id}:v${d.doc.version}:drafter` });
}

/** A returned document, amended, starts a new round of the same chain. */
export async function resubmitDocument(
  ctx: DomainContext,
  rawId: string | undefined,
  round: string | undefined,
  note: string | undefined,
): Promise<ActionResponse> {
  const d = await requireDoc(ctx.db, rawId);
  const mayResubmit =
    isOffice(ctx.actor) ||
    (d.doc.direction === 'outgoing' &&
      d.doc.unitId !== null &&
      (ctx.dir.unit(d.doc.unitId)?.headId === ctx.actor.id || (ctx.actor.unitId === d.doc.unitId && hasRole(ctx.actor, 'unit_liaison'))));
  if (!mayResubmit) throw new UserError(d.doc.direction === 'incoming' ? '来文由区政府办修改后重新报送。' : '只有起草单位或区政府办可以重新报送。');
  if (d.doc.status !== 'returned' || (round !== undefined && String(d.doc.round) !== round)) {
    return {
      toast: { kind: 'info', text: `${docName(d.doc)}不在退回状态，卡片已更新为最新状态。` },
      card: documentCard(ctx.dir, d, isOffice(ctx.actor) ? 'office' : 'unit'),
    };
  }
  const typed = note?.trim() ?? '';
  if (!typed) throw new UserError('请写明修改说明后再重新报送。');
  if (typed.length > MAX_COMMENT) throw new UserError(`修改说明太长（最多 ${MAX_COMMENT} 字），请精简。`);
  const nextRound = d.doc.round + 1;
  const rows = roundRows(d.doc.id, nextRound, planChain(ctx.dir, d.doc.kind, d.doc));
  const { next: doc, statements } = updateDoc(ctx, d.doc, { status: 'reviewing', round: nextRound, currentStep: 0 });
  ctx.effects.statements.push(...statements, ...insertSteps(ctx, rows));
  const after: Doc = { doc, steps: [...d.steps, ...rows] };
  refreshDocCards(ctx, after);
  const to = await sendStepCard(ctx, after, rows[0]!);
  auditDoc(ctx, doc, 'resubmitted', `${ctx.actor.name} 修改后重新报送（第${nextRound}轮）：${typed}`, { round: nextRound, note: typed });
  return {
    toast: { kind: 'success', text: `已重新报送（第${nextRound}轮），送 ${to} ${ROLE_ZH[rows[0]!.role]}。` },
    card: documentCard(ctx.dir, after, isOffice(ctx.actor) ? 'office' : 'unit'),
  };
}

export const instructionsOf = (d: Doc) => currentRound(d).filter((s) => s.status === 'instructed' && s.comment);
