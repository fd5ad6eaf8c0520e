import { and, asc, eq, like } from 'drizzle-orm';
import { expect } from 'vitest';
import { outbox } from '../../db/schema';
import { makeHarness, postJson, type Harness } from '../helpers/harness';
import { sandboxUser, textOf } from '../helpers/sandbox';

export type User = ReturnType<typeof sandboxUser>;

/** A fresh app at a Beijing wall-clock time, e.g. '2026-09-28T08:30:00'. */
export async function remindersHarness(beijing: string, env: Record<string, string> = {}): Promise<Harness> {
  return makeHarness({ now: `${beijing}+08:00`, env });
}

export function at(h: Harness, beijing: string): void {
  h.clock.set(`${beijing}+08:00`);
}

/** Sets the clock and wakes the scheduler through the sandbox API, as the in-process cron would. */
export async function runJobsAt(h: Harness, beijing: string) {
  at(h, beijing);
  const res = await postJson(h.app, '/sandbox/api/jobs/run', {});
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { jobs: Array<{ job: string; date: string; result: string }>; delivery: { sent: number } };
}

export const user = (h: Harness, id: string) => sandboxUser(h, id);

/** Registers and issues an item as the office (`/督办 新建 …`, `/督办 交办 … 领导=赵明`); returns its number. */
export async function issueItem(h: Harness, line: string, leader = '赵明'): Promise<string> {
  const office = user(h, 'linxiaomei');
  const [reply] = await office.say(`/督办 新建 ${line}`);
  const id = /DB-\d{4}-\d{4}/.exec(reply!.message.card?.title ?? '')?.[0];
  expect(id, textOf(reply!.message)).toBeDefined();
  const [issued] = await office.say(`/督办 交办 ${id} 领导=${leader}`);
  expect(textOf(issued!.message)).toContain('已交办');
  return id!;
}

/** A scheduled push as the tests describe it: `kind subject → recipient`, e.g. `digest → person:dengpeng`. */
export interface ScheduledPush {
  kind: string;
  subject: string;
  date: string;
  to: string;
}

/** Every reminder push enqueued so far (one platform: the sandbox), in order. */
export async function reminderPushes(h: Harness): Promise<Array<ScheduledPush & { payload: unknown; createdAt: Date }>> {
  const rows = await h.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.platform, 'sandbox'), like(outbox.dedupeKey, 'remind:%')))
    .orderBy(asc(outbox.id));
  return rows.map((row) => {
    // remind:<kind>:<subject…>:<date>:<person|chat>:<id>:sandbox
    const parts = row.dedupeKey.split(':').slice(0, -1);
    return {
      kind: parts[1]!,
      subject: parts.slice(2, -3).join(':'),
      date: parts[parts.length - 3]!,
      // Who it is delivered to (an escalation's key names the leader the rule names, even when a stand-in receives it).
      to: `${row.recipientType === 'unit_chat' ? 'chat' : row.recipientType}:${row.recipientId}`,
      payload: row.payload,
      createdAt: row.createdAt,
    };
  });
}

/** The pushes enqueued by the last `runJobsAt`, as sorted `kind → recipient` lines. */
export function describe(pushes: ScheduledPush[]): string[] {
  return pushes.map((p) => `${p.kind} ${p.subject === 'daily' ? '' : `${p.subject} `}→ ${p.to}`).sort();
}

/** Runs the jobs at `beijing` and returns what they enqueued (described), and everything delivered. */
export async function dayRun(h: Harness, beijing: string): Promise<string[]> {
  const before = (await reminderPushes(h)).length;
  await runJobsAt(h, beijing);
  return describe((await reminderPushes(h)).slice(before));
}

/** The text of the newest message to `personId` whose card title or text starts with `prefix`. */
export async function latest(h: Harness, personId: string, prefix: string): Promise<string> {
  const found = (await user(h, personId).inbox()).filter((m) => textOf(m.message).startsWith(prefix)).pop();
  expect(found, `${personId} has no message starting with ${prefix}`).toBeDefined();
  return textOf(found!.message);
}
