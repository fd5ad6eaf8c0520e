import { and, count, eq, gt } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atomic } from '../../db/atomic';
import { outbox } from '../../db/schema';
import { newEffects, type PushDraft } from '../../src/core/effects';
import { text, toPerson, toUnitChat } from '../../src/core/messages';
import { drainOutbox, type DrainReport } from '../../src/outbox/drain';
import { outboxStatements } from '../../src/outbox/enqueue';
import { recipientIdOf, type PlatformSender } from '../../src/outbox/sender';
import { nextWakeAt } from '../../src/outbox/sweeper';
import { DINGTALK_LIMITS } from '../../src/platforms/dingtalk/sender';
import { FEISHU_LIMITS } from '../../src/platforms/feishu/delivery';
import { makeHarness, type Harness } from '../helpers/harness';

/** What a sender was asked to deliver, with the injected clock's time (ms after the start). */
interface Sent {
  to: string;
  key: string;
  at: number;
}

let h: Harness;
let start: number;
let sent: Sent[];
/** A sender that answers at once: the clock moves only when the test moves it. */
const answering = (platform: 'feishu' | 'dingtalk'): PlatformSender => ({
  platform,
  limits: platform === 'feishu' ? FEISHU_LIMITS : DINGTALK_LIMITS,
  async send(request) {
    sent.push({ to: recipientIdOf(request.to), key: request.dedupeKey, at: h.clock.now().getTime() - start });
    return { messageId: `om_${request.dedupeKey}` };
  },
  async update() {},
});

beforeEach(async () => {
  sent = [];
  h = await makeHarness({ senders: { feishu: answering('feishu'), dingtalk: answering('dingtalk') } });
  start = h.clock.now().getTime();
});
afterEach(() => h.close());

const notice = (to: string, key: string, group = false): PushDraft => ({
  to: group ? toUnitChat(to) : toPerson(to),
  message: text('请于今日下班前报送进展。'),
  key,
});
async function push(pushes: PushDraft[], platform: 'feishu' | 'dingtalk' = 'feishu') {
  const effects = newEffects();
  effects.pushes.push(...pushes);
  const statements = outboxStatements(h.db, effects, { now: h.clock.now(), pushPlatforms: [platform] });
  for (let i = 0; i < statements.length; i += 500) await atomic(h.db, statements.slice(i, i + 500));
}
const people = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => notice(`${prefix}${String(i).padStart(4, '0')}`, `${prefix}:${i}`));

/**
 * Drains as the Node sweeper does, on the injected clock: a pass, then the clock moved to when the
 * next pass has something to do (at least 5 ms later), until `done`. `arrive(ms)` queues what others
 * send meanwhile. Answers every report.
 */
async function sweep(done: () => boolean, arrive?: (atMs: number) => Promise<number | undefined>): Promise<DrainReport[]> {
  const reports: DrainReport[] = [];
  let nextArrival = arrive ? await arrive(0) : undefined;
  for (let passes = 0; !done(); passes++) {
    if (passes > 50_000) throw new Error('the drain stopped making progress');
    const report = await drainOutbox(h.deps);
    reports.push(report);
    if (done()) break;
    const now = h.clock.now().getTime();
    const wake = (await nextWakeAt(h.db, report, h.clock.now()))?.getTime() ?? Infinity;
    const next = Math.max(now + 5, Math.min(wake, nextArrival !== undefined ? start + nextArrival : Infinity));
    if (next === Infinity) throw new Error('nothing left to wake for');
    h.clock.set(new Date(next));
    if (arrive && nextArrival !== undefined && next - start >= nextArrival) nextArrival = await arrive(next - start);
  }
  return reports;
}

const keysOf = (list: Sent[]) => list.map((s) => s.key);
const pendingLater = async () =>
  (
    await h.db
      .select({ n: count() })
      .from(outbox)
      .where(and(eq(outbox.status, 'pending'), gt(outbox.nextAttemptAt, h.clock.now())))
  )[0]!.n;

describe('the outbox under a backlog: oldest first, planned a window ahead', () => {
  it('a backlog of 3,000 rows to distinct people goes out in enqueue order, and what others send meanwhile after it', { timeout: 60_000 }, async () => {
    await push(people(3_000, 'b'));
    // Others write 20 a second for the first 10 seconds, while the backlog waits for Feishu's 1 000 a minute.
    let arrived = 0;
    const arrive = async (atMs: number) => {
      if (atMs > 0) await push([notice(`n${arrived}`, `n:${arrived++}`)]);
      return arrived < 200 ? (arrived + 1) * 50 : undefined;
    };
    const reports = await sweep(() => sent.length === 3_200, arrive);
    const enqueued = [...people(3_000, 'b').map((p) => p.key), ...Array.from({ length: 200 }, (_, i) => `n:${i}`)];
    expect(keysOf(sent)).toEqual(enqueued.map((key) => `${key}:feishu`));
    // Each row was planned at most once: no re-plan, no row written again and again.
    expect(reports.reduce((sum, r) => sum + r.deferred, 0)).toBeLessThanOrEqual(3_200);
    // 3 200 messages at 1 000 a minute: the last goes in the fourth minute, not later.
    expect(sent.at(-1)!.at).toBeLessThan(4 * 60_000);
  });

  it('plans no further than two of the app’s shortest windows: the rest wait unwritten, and the pass says when to plan again', async () => {
    await push(people(3_000, 'b'));
    const report = await drainOutbox(h.deps);
    expect(report.sent).toBe(50);
    // Slots spread 20 ms apart over the next two seconds, at most: about a hundred rows written.
    expect(report.deferred).toBeLessThanOrEqual(100);
    expect(await pendingLater()).toBe(report.deferred);
    const untouched = await h.db
      .select({ n: count() })
      .from(outbox)
      .where(eq(outbox.nextAttemptAt, new Date(start)));
    expect(untouched[0]!.n).toBe(3_000 - 50 - report.deferred);
    expect(report.planFrom).toBeInstanceOf(Date);
    expect(report.planFrom!.getTime()).toBeGreaterThan(start);
    // Passes before then write nothing more: the rows waiting beyond the horizon stay as they are.
    expect(await drainOutbox(h.deps)).toMatchObject({ sent: 0, deferred: 0 });
    expect(await pendingLater()).toBe(report.deferred);
    // The sweeper sleeps until the first slot, though 2 900 rows are due: they wait for the budget.
    expect((await nextWakeAt(h.db, report, h.clock.now()))!.getTime() - start).toBe(1_000);
  });

  it('a throttled recipient’s rows do not hold others back, and still go at 5 a second, in order', async () => {
    await push(Array.from({ length: 30 }, (_, i) => notice('unit_a', `g:${i}`, true)));
    await push(people(100, 'p'));
    await sweep(() => sent.length === 130);
    const group = sent.filter((s) => s.to === 'unit_a');
    const others = sent.filter((s) => s.to !== 'unit_a');
    expect(keysOf(group)).toEqual(Array.from({ length: 30 }, (_, i) => `g:${i}:feishu`));
    expect(keysOf(others)).toEqual(people(100, 'p').map((p) => `${p.key}:feishu`));
    // 130 calls at 50 a second: the people's last is out in the third second, while the group's
    // 30 take six seconds at 5 a second.
    expect(others.at(-1)!.at).toBeLessThan(3_000);
    expect(group.at(-1)!.at).toBeGreaterThanOrEqual(5_000);
    for (const [i, s] of group.entries()) if (i >= 5) expect(s.at - group[i - 5]!.at).toBeGreaterThanOrEqual(1_000);
  });

  it('a platform’s backlog does not hold back another platform’s rows queued after it', async () => {
    await push(people(500, 'b'));
    await push([notice('d0', 'd:0')], 'dingtalk');
    await drainOutbox(h.deps);
    expect(keysOf(sent)).toContain('d:0:dingtalk');
  });
});
