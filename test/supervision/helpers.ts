import { asc, eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { auditLog, outbox, supervisionItems, supervisionReports } from '../../db/schema';
import { makeHarness, type Harness } from '../helpers/harness';
import { sandboxUser, textOf } from '../helpers/sandbox';

export type User = ReturnType<typeof sandboxUser>;
type InboxMessage = Awaited<ReturnType<User['inbox']>>[number];

/** A fresh app at a Beijing wall-clock time, e.g. '2026-09-30T09:00:00'. */
export async function supervisionHarness(beijing: string): Promise<Harness> {
  return makeHarness({ now: `${beijing}+08:00` });
}

export function at(h: Harness, beijing: string): void {
  h.clock.set(`${beijing}+08:00`);
}

/** The demo organisation's cast for supervision (db/demo-org.yaml). */
export function cast(h: Harness) {
  const u = (id: string) => sandboxUser(h, id);
  return {
    office: u('linxiaomei'),
    office2: u('hejun'),
    zhaoming: u('zhaoming'), // 副区长, supervises 兴隆镇 and 住建局
    sunqiang: u('sunqiang'), // 副区长, another leader
    zjjHead: u('dengpeng'), // 住建局局长
    zjjLiaison: u('zhangli'),
    xlzHead: u('majun'), // 兴隆镇镇长
    xlzLiaison: u('songjia'),
    sfjHead: u('tangwei'), // 司法局: not involved
    secretary: u('zhengguohua'),
  };
}

/** The text of a reply (card or text). */
export const said = (reply: { message: unknown }) => textOf(reply.message);

/** Registers with a `/督办 新建` line and returns the new number. */
export async function register(office: User, line: string): Promise<string> {
  const [reply] = await office.say(`/督办 新建 ${line}`);
  expect(reply!.message.kind, said(reply!)).toBe('card');
  const id = /DB-\d{4}-\d{4}/.exec(reply!.message.card.title)?.[0];
  expect(id, said(reply!)).toBeDefined();
  return id!;
}

/** The newest message in someone's inbox whose card title starts with `title`. */
export async function latestCard(user: User, title: string): Promise<InboxMessage> {
  const found = (await user.inbox()).filter((m) => m.message.kind === 'card' && m.message.card.title.startsWith(title)).pop();
  expect(found, `no card titled ${title}`).toBeDefined();
  return found!;
}

/** Finds a button on a card by label and clicks it as `user`. */
export async function clickButton(user: User, message: InboxMessage, label: string, form: Record<string, string> = {}) {
  const blocks = message.message.card.blocks as any[];
  const buttons = blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : b.type === 'form' ? [b.submit] : []));
  const button = buttons.find((btn: any) => btn.label === label);
  expect(button, `no button ${label} on ${message.message.card.title}`).toBeDefined();
  return user.click(message.messageId, { action: button.action, ...(button.payload ?? {}) }, form);
}

export async function item(h: Harness, id: string) {
  const [row] = await h.db.select().from(supervisionItems).where(eq(supervisionItems.id, id));
  return row!;
}

export async function reportsOf(h: Harness, id: string) {
  return h.db.select().from(supervisionReports).where(eq(supervisionReports.itemId, id)).orderBy(asc(supervisionReports.id));
}

export async function timeline(h: Harness, id: string): Promise<string[]> {
  const rows = await h.db.select().from(auditLog).where(eq(auditLog.subjectId, id)).orderBy(asc(auditLog.id));
  return rows.map((r) => String((r.detail as { zh?: string }).zh));
}

/** Row counts of every table a supervision action may write: "nothing written" means all equal. */
export async function footprint(h: Harness): Promise<Record<string, number>> {
  const tables = [
    'supervision_items',
    'supervision_milestones',
    'supervision_acks',
    'supervision_plans',
    'supervision_reports',
    'supervision_extensions',
    'supervision_settings',
    'ledger_export_tokens',
    'audit_log',
  ];
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const [row] = await h.db.all<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${t}`));
    counts[t] = row!.n;
  }
  const versions = await h.db.select({ id: supervisionItems.id, v: supervisionItems.version }).from(supervisionItems);
  for (const v of versions) counts[`version:${v.id}`] = v.v;
  const [pushes] = await h.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM ${outbox} WHERE dedupe_key NOT LIKE '%:reply:%'`);
  counts.pushes = pushes!.n;
  return counts;
}
