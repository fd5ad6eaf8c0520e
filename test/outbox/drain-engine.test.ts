import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atomic } from '../../db/atomic';
import { newEffects, type PushDraft, type RefreshDraft } from '../../src/core/effects';
import { text, toPerson } from '../../src/core/messages';
import { drainOutbox } from '../../src/outbox/drain';
import { outboxStatements } from '../../src/outbox/enqueue';
import { recipientIdOf, RetryableDeliveryError, type PlatformSender } from '../../src/outbox/sender';
import { FEISHU_LIMITS } from '../../src/platforms/feishu/delivery';
import { makeHarness, type Harness } from '../helpers/harness';

/** A sender whose every call waits until the test answers it, so what is in flight can be seen. */
function heldSender() {
  const calls: Array<{ to: string; key: string; answer(error?: Error): void }> = [];
  const state = { inFlight: 0, maxInFlight: 0 };
  const updates: string[] = [];
  const sender: PlatformSender = {
    platform: 'feishu',
    limits: { ...FEISHU_LIMITS, inFlight: 50 },
    send(request) {
      state.inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      return new Promise((resolve, reject) =>
        calls.push({
          to: recipientIdOf(request.to),
          key: request.dedupeKey,
          answer(error) {
            state.inFlight--;
            if (error) reject(error);
            else resolve({ messageId: `om_${request.dedupeKey}` });
          },
        }),
      );
    },
    async update(messageId) {
      updates.push(messageId);
    },
  };
  return { sender, calls, state, updates };
}

/** Lets every promise that can move move, until no new call arrives for a while (no timers, no sleeping). */
async function flush() {
  for (let quiet = 0, seen = -1; quiet < 50; quiet = held.calls.length === seen ? quiet + 1 : 0, seen = held.calls.length) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

let h: Harness;
let held: ReturnType<typeof heldSender>;
beforeEach(async () => {
  held = heldSender();
  h = await makeHarness({ senders: { feishu: held.sender } });
});
afterEach(() => h.close());

const notice = (to: string, key: string): PushDraft => ({ to: toPerson(to), message: text('请于本周五前报送进展。'), key });
async function push(...pushes: PushDraft[]) {
  await enqueue(pushes);
}
async function enqueue(pushes: PushDraft[], refreshes: RefreshDraft[] = []) {
  const effects = newEffects();
  effects.pushes.push(...pushes);
  effects.refreshes.push(...refreshes);
  await atomic(h.db, outboxStatements(h.db, effects, { now: h.clock.now(), pushPlatforms: ['feishu'] }));
}
const people = (n: number) => Array.from({ length: n }, (_, i) => notice(`p${i}`, `n:${i}`));
/** Answers every call in flight until the drain has nothing left to send. */
async function answerAll() {
  for (;;) {
    await flush();
    const waiting = held.calls.filter((c) => !('answered' in c));
    if (waiting.length === 0) return;
    for (const call of waiting) {
      Object.assign(call, { answered: true });
      call.answer();
    }
  }
}

describe('one drain at a time per process', () => {
  it('a drain asked for while one runs only wakes it: no second pass races the first over the same rows', async () => {
    await push(notice('majun', 'a'), notice('songjia', 'b'));
    const first = drainOutbox(h.deps);
    await flush();
    const second = drainOutbox(h.deps);
    const third = drainOutbox(h.deps);
    expect(second).toBe(third);
    await flush();
    expect(held.calls.map((c) => c.key)).toEqual(['a:feishu']);
    await answerAll();
    expect(await first).toEqual({ sent: 2, failed: 0, retrying: 0, deferred: 0 });
    expect(await second).toEqual({ sent: 0, failed: 0, retrying: 0, deferred: 0 });
    expect(held.calls.map((c) => c.key)).toEqual(['a:feishu', 'b:feishu']);
  });
});

describe('sends in flight at once, within the platform’s limits', () => {
  it('sends the first alone, then the rest of Feishu’s 50 a second all at once', async () => {
    await push(...people(60));
    const drained = drainOutbox(h.deps);
    await flush();
    expect(held.state.inFlight).toBe(1);
    held.calls[0]!.answer();
    Object.assign(held.calls[0]!, { answered: true });
    await flush();
    expect(held.state.inFlight).toBe(49);
    await answerAll();
    expect(await drained).toMatchObject({ sent: 50, deferred: 10 });
    expect(held.state.maxInFlight).toBe(49);
    expect(new Set(held.calls.map((c) => c.key)).size).toBe(50);
  });

  it('never has two sends to one person in flight, and delivers theirs in order', async () => {
    await push(notice('majun', 'm0'), notice('majun', 'm1'), notice('songjia', 's0'), notice('majun', 'm2'));
    const drained = drainOutbox(h.deps);
    await flush();
    held.calls[0]!.answer();
    Object.assign(held.calls[0]!, { answered: true });
    await flush();
    expect(
      held.calls
        .slice(1)
        .map((c) => c.key)
        .sort(),
    ).toEqual(['m1:feishu', 's0:feishu']);
    await answerAll();
    await drained;
    expect(held.calls.filter((c) => c.to === 'majun').map((c) => c.key)).toEqual(['m0:feishu', 'm1:feishu', 'm2:feishu']);
  });

  it('patches the cards about a subject only once every one of them in flight is out', async () => {
    const about = (to: string, key: string): PushDraft => ({ ...notice(to, key), subject: 'item:DB-2026-0001' });
    const card = { title: '督办事项 DB-2026-0001 已签收', colour: 'green' as const, blocks: [] };
    await enqueue([about('majun', 'a'), about('songjia', 'b'), about('gaoyan', 'c')], [{ subject: 'item:DB-2026-0001', card, key: 'refresh:1' }]);
    const drained = drainOutbox(h.deps);
    await flush();
    held.calls[0]!.answer();
    Object.assign(held.calls[0]!, { answered: true });
    await flush();
    expect(held.calls.map((c) => c.key)).toEqual(['a:feishu', 'b:feishu', 'c:feishu']);
    held.calls[1]!.answer();
    Object.assign(held.calls[1]!, { answered: true });
    await flush();
    expect(held.updates).toEqual([]);
    await answerAll();
    expect(await drained).toEqual({ sent: 4, failed: 0, retrying: 0, deferred: 0 });
    expect(held.updates).toEqual(['om_a:feishu', 'om_b:feishu', 'om_c:feishu']);
  });

  it('a 429 met by one send holds back every send still waiting for a slot until the reset', async () => {
    await push(...people(60));
    const drained = drainOutbox(h.deps);
    await flush();
    held.calls[0]!.answer();
    Object.assign(held.calls[0]!, { answered: true });
    await flush();
    expect(held.calls).toHaveLength(50);
    held.calls[1]!.answer(new RetryableDeliveryError('触发飞书频率限制：飞书 HTTP 429 99991400', 3_000));
    Object.assign(held.calls[1]!, { answered: true });
    await answerAll();
    expect(await drained).toEqual({ sent: 49, failed: 0, retrying: 1, deferred: 10 });
    expect(held.calls).toHaveLength(50);
    h.clock.set(new Date(h.clock.now().getTime() + 3_000));
    const after = drainOutbox(h.deps);
    await answerAll();
    expect(await after).toMatchObject({ sent: 11 });
  });
});

describe('rate limits as a schedule', () => {
  it('a row the rate limit has no room for is written once, with its own slot, not once per pass', async () => {
    await push(...people(60));
    const first = drainOutbox(h.deps);
    await answerAll();
    expect(await first).toEqual({ sent: 50, failed: 0, retrying: 0, deferred: 10 });
    // Passes before the slots come touch none of the ten.
    for (let i = 0; i < 3; i++) expect(await drainOutbox(h.deps)).toEqual({ sent: 0, failed: 0, retrying: 0, deferred: 0 });
    h.clock.set(new Date(h.clock.now().getTime() + 1_000));
    const second = drainOutbox(h.deps);
    await answerAll();
    expect(await second).toEqual({ sent: 1, failed: 0, retrying: 0, deferred: 0 });
    h.clock.set(new Date(h.clock.now().getTime() + 180));
    const third = drainOutbox(h.deps);
    await answerAll();
    expect(await third).toEqual({ sent: 9, failed: 0, retrying: 0, deferred: 0 });
    expect(new Set(held.calls.map((c) => c.key)).size).toBe(60);
  });
});
