/** Glue shared by /来文 and /发文: viewing, listing, resubmitting and forwarding by typed command. */
import { UserError } from '../src/core/errors';
import { cardMessage, md, mdJoin, type ActionResponse, type Card } from '../src/core/messages';
import { documentCard, numberOf } from '../src/core/documents/cards';
import { decideDocument, resubmitDocument, type Verdict } from '../src/core/documents/decide';
import { isOffice } from '../src/core/documents/flow';
import { loadDocs, requireDoc } from '../src/core/documents/store';
import { docName, docSubject, KIND_ZH, STATUS_ZH, type Doc, type DocumentRow } from '../src/core/documents/types';
import type { CommandContext } from './types';

/** `3 其余文字` → the document number and the rest. */
export function splitDoc(args: string): { id?: string; rest: string } {
  const match = /^\s*(?:来文|发文)?\s*(\d{1,9})(?:\s+([\s\S]*))?$/.exec(args);
  return match ? { id: match[1], rest: (match[2] ?? '').trim() } : { rest: args.trim() };
}

export function needId(id: string | undefined, example: string): string {
  if (!id) throw new UserError(`请写明公文编号，例如：${example}`);
  return id;
}

/** The reply of a click or command carrying a card: the card under its subject, else the toast. */
export function replyResponse(ctx: CommandContext, response: ActionResponse, audience: 'office' | 'unit' | 'decider'): void {
  if (response.toast.kind === 'error') throw new UserError(response.toast.text);
  ctx.reply(response.toast.text);
  if (response.card) {
    const id = /^(?:来文|发文) (\d+)/.exec(response.card.title)?.[1];
    ctx.reply(cardMessage(response.card), id ? { subject: docSubject(Number(id), audience) } : undefined);
  }
}

/** Who may read a document: the office, the government leaders on its chain, the drafting unit. */
function mayView(ctx: CommandContext, d: Doc): boolean {
  if (isOffice(ctx.actor)) return true;
  if (d.steps.some((s) => s.addresseeId === ctx.actor.id || s.decidedById === ctx.actor.id)) return true;
  return d.doc.direction === 'outgoing' && d.doc.unitId !== null && (ctx.actor.unitId === d.doc.unitId || ctx.dir.unit(d.doc.unitId)?.headId === ctx.actor.id);
}

export async function showDoc(ctx: CommandContext, id: string, direction: DocumentRow['direction']): Promise<void> {
  const d = await requireDoc(ctx.db, id, direction);
  if (!mayView(ctx, d)) throw new UserError(`${docName(d.doc)}与您无关，无法查看。`);
  const audience = isOffice(ctx.actor) ? 'office' : d.doc.direction === 'outgoing' && ctx.actor.unitId === d.doc.unitId ? 'unit' : 'decider';
  ctx.reply(cardMessage(documentCard(ctx.dir, d, audience)), { subject: docSubject(d.doc.id, audience) });
}

export async function listCard(ctx: CommandContext, direction: DocumentRow['direction']): Promise<Card> {
  const docs = (await loadDocs(ctx.db)).filter((d) => d.doc.direction === direction && mayView(ctx, d)).slice(0, 30);
  const what = direction === 'incoming' ? '来文' : '发文';
  if (!docs.length) throw new UserError(`目前没有您可查看的${what}。`);
  const lines = docs.map(
    ({ doc }) =>
      md`**${docName(doc)}** ${doc.title}｜${KIND_ZH[doc.kind]}｜${STATUS_ZH[doc.status]}${numberOf(doc) ? `｜${numberOf(doc)}` : ''}${doc.itemId ? `｜${doc.itemId}` : ''}`,
  );
  return {
    title: `${what}列表（最近 ${docs.length} 件）`,
    colour: 'blue',
    blocks: [
      { type: 'markdown', text: mdJoin(lines) },
      { type: 'note', text: md`发送「/${what} 查看 编号」打开卡片办理。` },
    ],
  };
}

export async function resubmitByCommand(ctx: CommandContext, id: string, note: string): Promise<void> {
  replyResponse(ctx, await resubmitDocument(ctx, id, undefined, note), isOffice(ctx.actor) ? 'office' : 'unit');
}

/** `/来文 批示 1 请住建局牵头` and the like: a sign-off typed instead of clicked (DingTalk cards hold no inputs). */
export async function decideByCommand(
  ctx: CommandContext,
  direction: DocumentRow['direction'],
  verdict: Verdict,
  rest: string,
  example: string,
): Promise<void> {
  const { id, rest: comment } = splitDoc(rest);
  const d = await requireDoc(ctx.db, needId(id, example), direction);
  const response = await decideDocument(ctx, String(d.doc.id), String(d.doc.round), String(d.doc.currentStep ?? ''), verdict, comment);
  replyResponse(ctx, response, 'decider');
}
