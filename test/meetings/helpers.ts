import { count } from 'drizzle-orm';
import { expect } from 'vitest';
import { auditLog, meetingMatters, meetings, sealUses, signoffSteps, supervisionItems, unitMeetings } from '../../db/schema';
import type { Harness } from '../helpers/harness';
import { sandboxUser, textOf } from '../helpers/sandbox';
import { buttonValue, type InboxMessage } from '../leave/helpers';

export const say = async (h: Harness, personId: string, text: string) => (await sandboxUser(h, personId).say(text)).map((r) => textOf(r.message)).join('\n');

/** The newest card whose title starts with `prefix` and names 编号 id, in a person's inbox. */
export async function cardOf(h: Harness, personId: string, prefix: string, id: number): Promise<InboxMessage> {
  const cards = (await sandboxUser(h, personId).inbox()).filter(
    (m) => m.message.kind === 'card' && m.message.card.title.startsWith(prefix) && m.message.card.title.includes(`（编号 ${id}）`),
  );
  expect(cards.length, `${personId} has no card ${prefix} ${id}`).toBeGreaterThan(0);
  return cards[cards.length - 1]!;
}

export async function click(h: Harness, personId: string, card: InboxMessage, label: string, form: Record<string, string> = {}) {
  return sandboxUser(h, personId).click(card.messageId, buttonValue(card.message, label), form);
}

/** Clicks 同意 on the newest card `prefix`/id of each approver in turn, expecting success. */
export async function approveAll(h: Harness, prefix: string, id: number, approvers: string[]) {
  let last: Awaited<ReturnType<typeof click>> | undefined;
  for (const who of approvers) {
    last = await click(h, who, await cardOf(h, who, prefix, id), '同意');
    expect(last.toast.kind, `${who}: ${last.toast.text}`).toBe('success');
  }
  return last!;
}

export async function rowCounts(h: Harness) {
  const tables = { meetings, meetingMatters, unitMeetings, sealUses, signoffSteps, supervisionItems, auditLog };
  const out: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) out[name] = (await h.db.select({ n: count() }).from(table as typeof meetings))[0]!.n;
  return out;
}
