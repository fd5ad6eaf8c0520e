import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atomic } from '../../db/atomic';
import { newEffects, type PushDraft } from '../../src/core/effects';
import { text, toPerson } from '../../src/core/messages';
import { drainOutbox } from '../../src/outbox/drain';
import { outboxStatements } from '../../src/outbox/enqueue';
import type { PlatformSender } from '../../src/outbox/sender';
import { startSweeper, type Sweeper, type SweeperTimers } from '../../src/outbox/sweeper';
import { FEISHU_LIMITS } from '../../src/platforms/feishu/delivery';
import { makeHarness, type Harness } from '../helpers/harness';

/** Timers the test fires by hand: what the sweeper asked for is visible, nothing sleeps. */
function manualTimers() {
  let next: { run: () => void; ms: number } | undefined;
  const timers: SweeperTimers = {
    setTimeout(run, ms) {
      next = { run, ms };
      return next;
    },
    clearTimeout(handle) {
      if (handle === next) next = undefined;
    },
  };
  return {
    timers,
    /** Milliseconds until the sweeper's next wake (undefined: none planned). */
    get wakeInMs() {
      return next?.ms;
    },
    fire() {
      const due = next!;
      next = undefined;
      due.run();
    },
  };
}

const sent: string[] = [];
/** A fresh sender per test: the rate limiter's books belong to the sender instance. */
const newSender = (): PlatformSender => ({
  platform: 'feishu',
  limits: FEISHU_LIMITS,
  async send(request) {
    sent.push(request.dedupeKey);
    return { messageId: `om_${request.dedupeKey}` };
  },
  async update() {},
});

let h: Harness;
let sweeper: Sweeper | undefined;
let clock: ReturnType<typeof manualTimers>;
beforeEach(async () => {
  sent.length = 0;
  clock = manualTimers();
  h = await makeHarness({ senders: { feishu: newSender() } });
});
afterEach(async () => {
  await sweeper?.stop();
  h.close();
});

const notice = (to: string, key: string): PushDraft => ({ to: toPerson(to), message: text('请于本周五前报送进展。'), key });
async function push(...pushes: PushDraft[]) {
  const effects = newEffects();
  effects.pushes.push(...pushes);
  await atomic(h.db, outboxStatements(h.db, effects, { now: h.clock.now(), pushPlatforms: ['feishu'] }));
}
/** Lets the sweep the timer started run to its end (it plans its next wake last). */
async function settled() {
  for (let i = 0; i < 100; i++) await new Promise((resolve) => setImmediate(resolve));
}
const later = (ms: number) => h.clock.set(new Date(h.clock.now().getTime() + ms));

describe('the sweeper drains when the next row is due', () => {
  it('wakes at the slot the rate limit gave a row, not on a fixed tick', async () => {
    await push(...Array.from({ length: 6 }, (_, i) => notice('majun', `n:${i}`)));
    sweeper = startSweeper(h.deps, { everyMs: 60_000, timers: clock.timers });
    expect(clock.wakeInMs).toBe(0);
    clock.fire();
    await settled();
    expect(sent).toHaveLength(5);
    // The sixth to one person waits for Feishu's 5 a second: the sweeper wakes exactly then.
    expect(clock.wakeInMs).toBe(1_000);
    later(1_000);
    clock.fire();
    await settled();
    expect(sent).toHaveLength(6);
    expect(clock.wakeInMs).toBe(60_000);
  });

  it('a pass a request woke makes it plan again: rows queued meanwhile are not left for the long sleep', async () => {
    sweeper = startSweeper(h.deps, { everyMs: 60_000, timers: clock.timers });
    clock.fire();
    await settled();
    expect(clock.wakeInMs).toBe(60_000);
    await push(...Array.from({ length: 7 }, (_, i) => notice('songjia', `s:${i}`)));
    await drainOutbox(h.deps);
    await settled();
    expect(sent).toHaveLength(5);
    expect(clock.wakeInMs).toBe(1_000);
  });

  it('under a backlog it sleeps until the next slot, not the minimum gap: rows waiting for the budget do not spin it', async () => {
    await push(...Array.from({ length: 300 }, (_, i) => notice(`p${i}`, `b:${i}`)));
    sweeper = startSweeper(h.deps, { everyMs: 60_000, minGapMs: 5, timers: clock.timers });
    clock.fire();
    await settled();
    // 50 went, the next two seconds' worth were given slots; 150 rows are still due, unplanned.
    expect(sent).toHaveLength(50);
    expect(clock.wakeInMs).toBe(1_000);
  });

  it('never sleeps less than its shortest gap, so a row due over and over cannot spin it', async () => {
    later(1);
    await push(notice('majun', 'a'));
    later(-1);
    sweeper = startSweeper(h.deps, { everyMs: 60_000, minGapMs: 5, timers: clock.timers });
    clock.fire();
    await settled();
    expect(sent).toEqual([]);
    expect(clock.wakeInMs).toBe(5);
  });

  it('stop waits for the sweep under way and plans nothing after it', async () => {
    await push(notice('majun', 'a'));
    sweeper = startSweeper(h.deps, { everyMs: 60_000, timers: clock.timers });
    clock.fire();
    await sweeper.stop();
    expect(sent).toEqual(['a:feishu']);
    expect(clock.wakeInMs).toBeUndefined();
    sweeper = undefined;
  });
});
