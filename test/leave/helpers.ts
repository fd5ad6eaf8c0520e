import { count } from 'drizzle-orm';
import { expect } from 'vitest';
import { auditLog, leaveRequests, leaveSteps, meetingAbsences } from '../../db/schema';
import { loadCalendar } from '../../src/core/calendar';
import { runLeaveDuties } from '../../src/core/leave/duties';
import { loadDirectory } from '../../src/core/org/directory';
import { drainOutbox } from '../../src/outbox/drain';
import type { Harness } from '../helpers/harness';
import { postJson } from '../helpers/harness';
import { sandboxUser, textOf } from '../helpers/sandbox';

export type InboxMessage = Awaited<ReturnType<ReturnType<typeof sandboxUser>['inbox']>>[number];

export async function rowCounts(h: Harness) {
  const [[r], [s], [m], [a]] = await Promise.all([
    h.db.select({ n: count() }).from(leaveRequests),
    h.db.select({ n: count() }).from(leaveSteps),
    h.db.select({ n: count() }).from(meetingAbsences),
    h.db.select({ n: count() }).from(auditLog),
  ]);
  return { requests: r!.n, steps: s!.n, meetings: m!.n, audits: a!.n };
}

/** The newest card about `leave:<id>` (title ends with 编号 id) in a person's inbox. */
export async function leaveCardOf(h: Harness, personId: string, id: number): Promise<InboxMessage> {
  const inbox = await sandboxUser(h, personId).inbox();
  const cards = inbox.filter(
    (m) => m.message.kind === 'card' && m.message.card.title.includes(`请假申请 · `) && m.message.card.title.includes(`（编号 ${id}）`),
  );
  expect(cards.length, `${personId} has no card for leave ${id}`).toBeGreaterThan(0);
  return cards[cards.length - 1]!;
}

export function buttonValue(message: InboxMessage['message'], label: string): Record<string, string> {
  for (const block of message.card.blocks) {
    const buttons = block.type === 'buttons' ? block.buttons : block.type === 'form' ? [block.submit] : [];
    const button = buttons.find((b: any) => b.label === label);
    if (button) return { action: button.action, ...(button.payload ?? {}) };
  }
  throw new Error(`no button ${label} on card: ${textOf(message)}`);
}

/** Clicks a button of the newest card about leave `id` in `personId`'s inbox. */
export async function clickLeave(h: Harness, personId: string, id: number, label: string, form: Record<string, string> = {}) {
  const card = await leaveCardOf(h, personId, id);
  return sandboxUser(h, personId).click(card.messageId, buttonValue(card.message, label), form);
}

/** Files as `personId` and returns the new request's number (from the reply). */
export async function file(h: Harness, personId: string, text: string): Promise<number> {
  const replies = await sandboxUser(h, personId).say(text);
  const match = /^(?:【紧急】)?请假申请 · \S+（编号 (\d+)）/m.exec(replies.map((r) => textOf(r.message)).join('\n'));
  expect(match, `not filed: ${replies.map((r) => textOf(r.message)).join(' | ')}`).not.toBeNull();
  return Number(match![1]);
}

export async function setClock(h: Harness, iso: string) {
  const res = await postJson(h.app, '/sandbox/api/clock', { now: iso });
  expect(res.status).toBe(200);
}

export async function runJobs(h: Harness) {
  return postJson(h.app, '/sandbox/api/jobs/run', {});
}

export async function texts(h: Harness, personId: string): Promise<string[]> {
  return (await sandboxUser(h, personId).inbox()).map((m) => textOf(m.message));
}

export async function directory(h: Harness) {
  return loadDirectory(h.db);
}

/** What the daily reminders job does for leave (re-routing, reminders), then delivery. */
export async function runLeaveDutiesNow(h: Harness) {
  const report = await runLeaveDuties(h.db, await loadDirectory(h.db), await loadCalendar(h.db), h.clock.now(), h.deps.pushPlatforms);
  await drainOutbox(h.deps);
  return report;
}

/** Files and approves a leave along its whole chain (each approver clicks 同意 on their card). */
export async function approvedLeave(h: Harness, requester: string, command: string, approvers: string[]): Promise<number> {
  const id = await file(h, requester, command);
  for (const approver of approvers) {
    const card = await leaveCardOf(h, approver, id);
    const label = card.message.card.blocks.some((b: any) => b.type === 'buttons' && b.buttons.some((x: any) => x.label === '市政府同意'))
      ? '市政府同意'
      : '同意';
    const res = await sandboxUser(h, approver).click(card.messageId, buttonValue(card.message, label));
    expect(res.toast.kind, res.toast.text).toBe('success');
  }
  expect(textOf((await leaveCardOf(h, requester, id)).message)).toContain('**状态：已批准**');
  return id;
}
