import { afterEach, describe, expect, it } from 'vitest';
import { expectChanged, isConflict } from '../../db/atomic';
import { inboundEvents, outbox } from '../../db/schema';
import type { Dispatched, Inbound } from '../../src/bot/inbound';
import { commitUnitFor, groupCommitter, GROUPING_WINDOW_MS, type SyncClient } from '../../src/bot/group-commit';
import { receive, type Receiver } from '../../src/bot/pipeline';
import { makeHarness, type Harness } from '../helpers/harness';

/**
 * Group commit (src/bot/group-commit.ts): events that reach their commit together share one SQLite
 * transaction, each unit still all-or-nothing, each answered only after the shared COMMIT.
 */

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

const claim = (h: Harness, key: string) => [
  h.db.insert(inboundEvents).values({ key, platform: 'sandbox', receivedAt: h.clock.now() }).onConflictDoNothing(),
  expectChanged(h.db),
];
const keys = async (h: Harness) => (await h.db.select({ key: inboundEvents.key }).from(inboundEvents)).map((r) => r.key).sort();
/** Counts the outermost transactions begun on the connection (each ends in one COMMIT or ROLLBACK). */
function countTransactions(h: Harness): () => number {
  const client = (h.db as unknown as { $client: { inTransaction: boolean; transaction(fn: () => void): () => void } }).$client;
  const transaction = client.transaction.bind(client);
  let outermost = 0;
  client.transaction = (fn) => {
    const run = transaction(fn);
    return () => {
      if (!client.inTransaction) outermost++;
      run();
    };
  };
  return () => outermost;
}

describe('group commit of the receive pipeline', () => {
  it('writes units that arrive together in one transaction; a unit that loses its race is rolled back alone', async () => {
    h = await makeHarness();
    const transactions = countTransactions(h);
    const commit = commitUnitFor(h.db);
    const results = await Promise.allSettled([commit(claim(h, 'sandbox:a')), commit(claim(h, 'sandbox:a')), commit(claim(h, 'sandbox:b'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(isConflict((results[1] as PromiseRejectedResult).reason)).toBe(true);
    expect(await keys(h)).toEqual(['sandbox:a', 'sandbox:b']);
    expect(transactions()).toBe(1);
  });

  it('a unit that fails for another reason fails alone and leaves no partial write', async () => {
    h = await makeHarness();
    const commit = commitUnitFor(h.db);
    // Its first statements succeed, the last breaks a NOT NULL constraint.
    const broken = [
      ...claim(h, 'sandbox:half'),
      h.db.insert(inboundEvents).values({ key: 'sandbox:null', platform: null as never, receivedAt: h.clock.now() }),
    ];
    const results = await Promise.allSettled([commit(claim(h, 'sandbox:c')), commit(broken), commit(claim(h, 'sandbox:d'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await keys(h)).toEqual(['sandbox:c', 'sandbox:d']);
  });

  it('a lone unit is written at once; one that follows another closely waits for the end of the turn', async () => {
    h = await makeHarness();
    const transactions = countTransactions(h);
    let now = 1_000;
    const commit = groupCommitter((h.db as unknown as { $client: SyncClient }).$client, () => now);
    await commit(claim(h, 'sandbox:e'));
    expect(transactions()).toBe(1);
    now += GROUPING_WINDOW_MS - 1;
    const pending = [commit(claim(h, 'sandbox:f')), commit(claim(h, 'sandbox:g'))];
    // Queued for the end of the turn: microtasks (these reads) run before it.
    await Promise.resolve();
    expect(await keys(h)).toEqual(['sandbox:e']);
    await Promise.all(pending);
    expect(await keys(h)).toEqual(['sandbox:e', 'sandbox:f', 'sandbox:g']);
    expect(transactions()).toBe(2);
    now += GROUPING_WINDOW_MS;
    await commit(claim(h, 'sandbox:h'));
    expect(transactions()).toBe(3);
  });

  it('concurrent deliveries of one event through the pipeline: one runs, the others are duplicates, one reply queued', async () => {
    h = await makeHarness();
    const answers: Dispatched[] = [];
    const receiver: Receiver<string, string> = {
      platform: 'sandbox',
      open: async (key) => ({ event: key, dedupeKey: key }),
      parse: async (key, dir): Promise<Inbound> => ({
        kind: 'message',
        message: { platform: 'sandbox', dedupeKey: key, actor: dir.person('majun')!, chat: { type: 'p2p' }, text: '/帮助' },
      }),
      respond: (result) => {
        answers.push(result);
        return { body: { kind: result.kind } };
      },
    };
    const bodies = await Promise.all(['same', 'same', 'same', 'other'].map((key) => receive(h!.deps, receiver, key)));
    expect(bodies.map((b) => (b.body as { kind: string }).kind).sort()).toEqual(['done', 'done', 'duplicate', 'duplicate']);
    expect(await keys(h)).toEqual(['sandbox:other', 'sandbox:same']);
    const replies = await h.db.select({ key: outbox.dedupeKey }).from(outbox);
    expect(replies.map((r) => r.key).sort()).toEqual(['sandbox:other:reply:0', 'sandbox:same:reply:0']);
    await h.settle();
  });
});
