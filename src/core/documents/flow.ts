/**
 * What every document change shares: who may sign the current step now (Art. 9, 11 when a leader
 * is away), sending a step's card, refreshing every copy in place, the audit entry.
 */
import { and, eq } from 'drizzle-orm';
import { expectChanged, type Statement } from '../../../db/atomic';
import { documents, documentSteps } from '../../../db/schema';
import type { DomainContext } from '../context';
import { UserError } from '../errors';
import { awaySet } from '../leave/store';
import { cardMessage, toPerson } from '../messages';
import { absentRefusal, onBehalfOf, resolveApprover, type Absences, type Resolution } from '../org/acting-authority';
import { hasRole, type Person } from '../org/types';
import { standInNotice } from '../supervision/handover';
import { officeRecipients, unitRecipients } from '../supervision/recipients';
import { localDate } from '../time';
import type { PlannedStep } from './chains';
import { documentCard } from './cards';
import { docName, docSubject, ROLE_ZH, stepSubject, type Doc, type DocAudience, type DocumentRow, type DocumentStep } from './types';

export const DOC_CONFLICT = '该公文刚刚已被他人处理，请查看卡片上的最新状态。';

export const isOffice = (person: Person) => hasRole(person, 'office_staff');

/** Who signs `step` now: its leader, or whoever acts for him while away; null: the office. */
export function deciderOf(ctx: Pick<DomainContext, 'dir'>, away: Absences, step: Pick<DocumentStep, 'addresseeId'>): Resolution | null {
  return step.addresseeId ? resolveApprover(ctx.dir, away, step.addresseeId, '') : null;
}

/** May the actor sign `step`? The resolution used (null for the office's own step), or a Chinese refusal. */
export async function authorityFor(ctx: DomainContext, step: DocumentStep): Promise<Resolution | null> {
  const away = await awaySet(ctx.db, localDate(ctx.now));
  const acting = deciderOf(ctx, away, step);
  if (!acting) {
    if (isOffice(ctx.actor)) return null;
    throw new UserError(`「${ROLE_ZH[step.role]}」由区政府办办理，您无需操作。`);
  }
  if (acting.approverId === ctx.actor.id) return acting;
  if (!acting.approverId && isOffice(ctx.actor)) return acting;
  const refusal = absentRefusal(ctx.dir, away, ctx.actor, acting);
  if (refusal) throw new UserError(refusal);
  const who = acting.approverId ? `${ctx.dir.person(acting.approverId)?.name ?? acting.approverId}${onBehalfOf(ctx.dir, acting)}` : '区政府办';
  throw new UserError(`这一步是「${ROLE_ZH[step.role]}」，应由 ${who} 办理。`);
}

/** Sends the card of the step now pending to whoever signs it (the office chat for the office's step). */
export async function sendStepCard(ctx: Pick<DomainContext, 'db' | 'dir' | 'now' | 'effects'>, d: Doc, step: DocumentStep): Promise<string> {
  const away = await awaySet(ctx.db, localDate(ctx.now));
  const acting = deciderOf(ctx, away, step);
  const message = cardMessage(documentCard(ctx.dir, d, 'decider', step));
  const subject = stepSubject(d.doc.id, step);
  const key = `${subject}:r${d.doc.round}:s${step.idx}`;
  if (!acting?.approverId) {
    for (const r of officeRecipients(ctx.dir)) ctx.effects.pushes.push({ to: r.to, message, subject, key: `${key}:${r.tag}` });
    return '区政府办';
  }
  ctx.effects.pushes.push({ to: toPerson(acting.approverId), message, subject, key: `${key}:to:${acting.approverId}` });
  const stand = onBehalfOf(ctx.dir, acting);
  if (stand) ctx.effects.pushes.push(standInNotice(ctx.dir, acting, `${docName(d.doc)}「${d.doc.title}」的${ROLE_ZH[step.role]}`, key));
  return `${ctx.dir.person(acting.approverId)?.name ?? acting.approverId}${stand}`;
}

/** The steps of a new round as rows: the first pending, the rest waiting. */
export function roundRows(documentId: number, round: number, planned: readonly PlannedStep[]): DocumentStep[] {
  return planned.map((p, idx) => ({
    id: 0,
    documentId,
    round,
    idx,
    role: p.role,
    addresseeId: p.addresseeId,
    status: idx === 0 ? 'pending' : 'waiting',
    decidedById: null,
    delegation: null,
    comment: null,
    decidedAt: null,
  }));
}

export function insertSteps(ctx: DomainContext, rows: readonly DocumentStep[]): Statement[] {
  return rows.map(({ id: _id, ...values }) => ctx.db.insert(documentSteps).values(values));
}

/** The conditional update of the document row: of two simultaneous clicks exactly one wins. */
export function updateDoc(ctx: DomainContext, doc: DocumentRow, set: Partial<DocumentRow>): { next: DocumentRow; statements: Statement[] } {
  const next = { ...doc, ...set, version: doc.version + 1, updatedAt: ctx.now };
  const { id: _id, ...values } = next;
  ctx.effects.conflictMessage = DOC_CONFLICT;
  return {
    next,
    statements: [
      ctx.db
        .update(documents)
        .set(values)
        .where(and(eq(documents.id, doc.id), eq(documents.version, doc.version))),
      expectChanged(ctx.db),
    ],
  };
}

const AUDIENCES: readonly DocAudience[] = ['decider', 'office', 'unit'];

/** Every copy of the card, in place. */
export function refreshDocCards(ctx: DomainContext, d: Doc): void {
  for (const audience of AUDIENCES) {
    const subject = docSubject(d.doc.id, audience);
    ctx.effects.refreshes.push({ subject, card: documentCard(ctx.dir, d, audience), key: `${subject}:v${d.doc.version}` });
  }
  for (const step of d.steps.filter((s) => s.status !== 'waiting' && !(s.status === 'void' && !s.decidedAt))) {
    const subject = stepSubject(d.doc.id, step);
    ctx.effects.refreshes.push({ subject, card: documentCard(ctx.dir, d, 'decider', step), key: `${subject}:v${d.doc.version}` });
  }
}

/** The office's chat (and, for an outgoing document, the drafting unit) get their copy. */
export function pushFollowers(ctx: DomainContext, d: Doc, event: string): void {
  const officeCard = cardMessage(documentCard(ctx.dir, d, 'office'));
  for (const r of officeRecipients(ctx.dir)) {
    ctx.effects.pushes.push({ to: r.to, message: officeCard, subject: docSubject(d.doc.id, 'office'), key: `document:${d.doc.id}:${event}:office:${r.tag}` });
  }
  const unitId = d.doc.direction === 'outgoing' ? d.doc.unitId : null;
  if (unitId && unitId !== ctx.dir.officeUnit('gov_office')?.id) {
    const unitCard = cardMessage(documentCard(ctx.dir, d, 'unit'));
    for (const r of unitRecipients(ctx.dir, unitId)) {
      ctx.effects.pushes.push({ to: r.to, message: unitCard, subject: docSubject(d.doc.id, 'unit'), key: `document:${d.doc.id}:${event}:unit:${r.tag}` });
    }
  }
}

export function auditDoc(ctx: DomainContext, doc: Pick<DocumentRow, 'id'>, action: string, zh: string, detail: Record<string, unknown> = {}): void {
  ctx.effects.audits.push({ subjectType: 'document', subjectId: String(doc.id), action, detail: { zh, ...detail } });
}
