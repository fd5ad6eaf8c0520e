import { asc, eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { auditLog, documents, documentSteps } from '../../db/schema';
import type { Harness } from '../helpers/harness';
import { sandboxUser, textOf } from '../helpers/sandbox';
import { clickButton, type User } from '../supervision/helpers';

export { at, cast, clickButton, latestCard, said, supervisionHarness } from '../supervision/helpers';

/** The cast of the document chains (db/demo-org.yaml). */
export function docCast(h: Harness) {
  const u = (id: string) => sandboxUser(h, id);
  return {
    office: u('linxiaomei'), // 区政府办 督查室
    head: u('chenzhiyuan'), // 区长
    executive: u('liujianguo'), // 常务副区长
    zhaoming: u('zhaoming'), // 副区长, supervises 住建局
    sunqiang: u('sunqiang'), // 副区长, 赵明's A/B partner
    zjjHead: u('dengpeng'), // 住建局局长
    zjjLiaison: u('zhangli'),
    sfjHead: u('tangwei'),
  };
}

export const INCOMING = '/来文 登记 文号=牡政发〔2026〕12号 标题=关于做好冬季供暖保障工作的通知 来文单位=市政府 分管=赵明 拟办=建议住建局牵头办理';

/** Sends a `/来文 登记` or `/发文 起草` line and returns the new document's number. */
export async function create(user: User, line: string): Promise<number> {
  const replies = await user.say(line);
  const first = textOf(replies[0]!.message);
  const id = /(?:来文|发文) (\d+)/.exec(first)?.[1];
  expect(id, first).toBeDefined();
  return Number(id);
}

/**
 * The card of document `id` in someone's inbox that still has buttons, else the newest (messages sent
 * at the same fixed clock reading come back in no particular order).
 */
export async function docCard(user: User, id: number, direction: '来文' | '发文' = '来文') {
  const cards = (await user.inbox()).filter((m) => m.message.kind === 'card' && m.message.card.title.startsWith(`${direction} ${id}｜`));
  const actionable = cards.filter((m) => m.message.card.blocks.some((b: any) => b.type === 'buttons' || b.type === 'form'));
  const found = actionable.pop() ?? cards.pop();
  expect(found, `no card of ${direction} ${id}`).toBeDefined();
  return found!;
}

/** Clicks `label` on the newest card of document `id` as `user`, expecting success. */
export async function sign(user: User, id: number, label: string, form: Record<string, string> = {}, direction: '来文' | '发文' = '来文') {
  const res = await clickButton(user, await docCard(user, id, direction), label, form);
  expect(res.toast.kind, res.toast.text).toBe('success');
  return res;
}

export async function docRow(h: Harness, id: number) {
  const [row] = await h.db.select().from(documents).where(eq(documents.id, id));
  return row!;
}

export async function stepsOf(h: Harness, id: number) {
  return h.db.select().from(documentSteps).where(eq(documentSteps.documentId, id)).orderBy(asc(documentSteps.round), asc(documentSteps.idx));
}

export async function docTimeline(h: Harness, id: number): Promise<string[]> {
  const rows = await h.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.subjectId, String(id)))
    .orderBy(asc(auditLog.id));
  return rows.filter((r) => r.subjectType === 'document').map((r) => String((r.detail as { zh?: string }).zh));
}

/** Row counts of what a document action may write: "nothing written" means all equal. */
export async function docFootprint(h: Harness): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of ['documents', 'document_steps', 'supervision_items', 'audit_log', 'outbox']) {
    const [row] = await h.db.all<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${t}`));
    counts[t] = row!.n;
  }
  const [v] = await h.db.all<{ v: number }>(sql.raw('SELECT coalesce(sum(version), 0) AS v FROM documents'));
  counts.versions = v!.v;
  return counts;
}
