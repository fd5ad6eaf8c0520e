import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, ne } from 'drizzle-orm';
import { atomic } from '../../db/atomic';
import { deliveredMessages, outbox } from '../../db/schema';
import { parseConfig } from '../../src/config';
import { newEffects, type PushDraft } from '../../src/core/effects';
import { cardMessage, md, text, toPerson, toUnitChat } from '../../src/core/messages';
import { drainOutbox } from '../../src/outbox/drain';
import { outboxStatements } from '../../src/outbox/enqueue';
import type { PlatformSender } from '../../src/outbox/sender';
import { buildDingtalkSender } from '../../src/platforms/dingtalk';
import { feishuSender } from '../../src/platforms/feishu/api';
import { makeHarness, type Harness } from '../helpers/harness';
import { startDingtalkFake, type DingtalkFake } from '../fakes/dingtalk-api';
import { startFakeFeishu, type FakeFeishu } from '../fakes/feishu-api';
import { APP_KEY, APP_SECRET, ROBOT_CODE, TEMPLATE_ID } from '../dingtalk/support';
import { feishuEnv } from '../feishu/helpers';
import { startFaultProxy, type FaultProxy, type ProxyFault } from './support/fault-proxy';
import { ledgerFileSource } from '../../src/export/ledger-file';

/**
 * Fault injection between the outbox and the platform (fast-check, fixed seed): a batch of pushes
 * meets a random schedule of 429s with their reset header, 5xx, requests hanging past the timeout,
 * connection resets and responses lost after the platform acted. The outbox is drained on the
 * injected clock until nothing is pending: every message reaches its person exactly once, no row
 * ends failed, and the delivered-message record points at the message the person has.
 * (Single faults one by one: test/outbox/feishu-delivery.test.ts, test/dingtalk/delivery.test.ts.)
 */
const SEED = 413;
/** Client timeout in these tests: a hang costs this much real time. */
const TIMEOUT_MS = 150;

/** Drains, then moves the clock to the next row due, until nothing is pending. */
async function drainUntilSettled(h: Harness): Promise<number> {
  for (let round = 1; round <= 80; round++) {
    await drainOutbox(h.deps);
    const pending = await h.db.select({ next: outbox.nextAttemptAt }).from(outbox).where(eq(outbox.status, 'pending'));
    if (pending.length === 0) return round;
    const next = Math.min(...pending.map((r) => r.next.getTime()));
    h.clock.set(new Date(Math.max(next, h.clock.now().getTime() + 1)));
  }
  throw new Error('the outbox did not settle in 80 rounds');
}

function enqueue(h: Harness, pushes: PushDraft[], platform: 'feishu' | 'dingtalk') {
  const effects = newEffects();
  effects.pushes.push(...pushes);
  return atomic(h.db, outboxStatements(h.db, effects, { now: h.clock.now(), pushPlatforms: [platform] }));
}

/** At most `max` of the faults that cost a client timeout (hang, lost response) per run. */
const fewSlow = (max: number) => (faults: ProxyFault[]) => faults.filter((f) => f.kind === 'hang' || f.kind === 'lose_response').length <= max;

const marker = (run: number, i: number) => `#${run}-${i}#`;

describe('Feishu: every push delivered exactly once whatever the Open API does', () => {
  let fake: FakeFeishu;
  let proxy: FaultProxy;
  beforeAll(async () => {
    fake = await startFakeFeishu();
    proxy = await startFaultProxy(fake.url);
  });
  afterAll(async () => {
    await proxy.close();
    await fake.close();
  });

  const fault: fc.Arbitrary<ProxyFault> = fc.oneof(
    { weight: 3, arbitrary: fc.constant<ProxyFault>({ kind: 'pass' }) },
    fc.integer({ min: 1, max: 9 }).map(
      (reset): ProxyFault => ({
        kind: 'status',
        status: 429,
        body: { code: 99991400, msg: 'request trigger frequency limit' },
        headers: { 'x-ogw-ratelimit-limit': '50', 'x-ogw-ratelimit-reset': String(reset) },
      }),
    ),
    fc.constantFrom(500, 502, 503, 504).map((status): ProxyFault => ({ kind: 'status', status, body: { code: 1, msg: 'internal error' } })),
    fc.constant<ProxyFault>({ kind: 'hang' }),
    fc.constant<ProxyFault>({ kind: 'reset' }),
    fc.constant<ProxyFault>({ kind: 'lose_response' }),
  );
  const schedule = fc.array(fault, { maxLength: 14 }).filter(fewSlow(3));
  let run = 0;

  it('the Feishu sender (Node and Workers)', async () => {
    await fc.assert(
      fc.asyncProperty(schedule, async (faults) => {
        const id = ++run;
        const env = { ...feishuEnv(fake), FEISHU_BASE_URL: proxy.url, FEISHU_APP_ID: 'cli_faults' };
        const config = parseConfig(env).feishu!;
        const h = await makeHarness({ env });
        try {
          const sender: PlatformSender = feishuSender(config, {
            timeoutMs: TIMEOUT_MS,
            files: ledgerFileSource(h.db, h.clock),
            now: () => h.clock.now().getTime(),
          });
          h.deps.senders.feishu = sender;
          const people = ['majun', 'songjia', 'gaoyan', 'liuting', 'luobin', 'qianli', 'tangwei', 'xiena'];
          const pushes: PushDraft[] = [
            ...people.map((p, i) => ({ to: toPerson(p), message: text(`请报送进展 ${marker(id, i)}`), key: `faults:${id}:${i}` })),
            {
              to: toUnitChat('zjj'),
              message: cardMessage({ title: `督查通知 ${marker(id, 8)}`, colour: 'blue', blocks: [{ type: 'markdown', text: md`请签收。` }] }),
              key: `faults:${id}:8`,
            },
            { to: toPerson('majun'), message: text(`第二条 ${marker(id, 9)}`), key: `faults:${id}:9` },
          ];
          proxy.schedule((method, path) => method === 'POST' && path.startsWith('/open-apis/im/v1/messages'), faults);
          await enqueue(h, pushes, 'feishu');
          await drainUntilSettled(h);

          // Every scheduled fault was met by some request, and still nothing is left undone.
          expect(proxy.unconsumed()).toBe(0);
          const rows = await h.db.select().from(outbox).where(ne(outbox.status, 'sent'));
          expect(rows).toEqual([]);
          const delivered = await h.db.select().from(deliveredMessages).orderBy(asc(deliveredMessages.outboxId));
          expect(delivered).toHaveLength(pushes.length);
          pushes.forEach((_push, i) => {
            const seen = fake.messages.filter((m) => JSON.stringify(m.content).includes(marker(id, i)));
            expect(seen, marker(id, i)).toHaveLength(1);
            expect(delivered[i]!.platformMessageId).toBe(seen[0]!.messageId);
          });
        } finally {
          h.close();
        }
      }),
      { seed: SEED, numRuns: 12 },
    );
  });
});

describe('DingTalk: every push delivered exactly once whatever the OpenAPI does', () => {
  let fake: DingtalkFake;
  let proxy: FaultProxy;
  beforeAll(async () => {
    fake = await startDingtalkFake({ appKey: APP_KEY, appSecret: APP_SECRET });
    proxy = await startFaultProxy(fake.url);
  });
  afterAll(async () => {
    await proxy.close();
    await fake.close();
  });

  /**
   * No lost responses here: robot messages (batchSend, group send) carry no idempotency key, so
   * DingTalk itself shows a message sent again twice, and a card whose createAndDeliver answer was
   * lost is refused on resend with param.outTrackIdExist (docs/benchmarks.md).
   */
  const fault: fc.Arbitrary<ProxyFault> = fc.oneof(
    { weight: 3, arbitrary: fc.constant<ProxyFault>({ kind: 'pass' }) },
    fc.integer({ min: 1, max: 9 }).map((seconds): ProxyFault => ({ kind: 'status', status: 429, body: {}, headers: { 'retry-after': String(seconds) } })),
    fc.constant<ProxyFault>({
      kind: 'status',
      status: 403,
      body: { code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', message: '应用调用该接口的请求数超过限流阈值' },
    }),
    fc.constantFrom(500, 502, 503).map((status): ProxyFault => ({ kind: 'status', status, body: { code: 'ServiceUnavailable', message: '服务繁忙' } })),
    fc.constant<ProxyFault>({ kind: 'hang' }),
    fc.constant<ProxyFault>({ kind: 'reset' }),
  );
  const schedule = fc.array(fault, { maxLength: 14 }).filter(fewSlow(3));
  let run = 0;

  /** The production sender, with a short client timeout added around its fetch. */
  function sender(h: Harness, env: Record<string, string>): PlatformSender {
    const fetchWithTimeout: typeof fetch = (input, init) =>
      fetch(input, { ...init, signal: AbortSignal.any([init!.signal!, AbortSignal.timeout(TIMEOUT_MS)]) });
    return buildDingtalkSender({
      config: parseConfig(env).dingtalk!,
      db: h.db,
      clock: h.clock,
      files: ledgerFileSource(h.db, h.clock),
      fetch: fetchWithTimeout,
    });
  }

  it.each([
    ['robot messages (ActionCard mode), identical pushes batched', false],
    ['interactive cards', true],
  ] as const)('%s', async (_name, interactive) => {
    await fc.assert(
      fc.asyncProperty(schedule, async (faults) => {
        const id = ++run;
        const env = {
          DINGTALK_APP_KEY: APP_KEY,
          DINGTALK_APP_SECRET: APP_SECRET,
          DINGTALK_ROBOT_CODE: ROBOT_CODE,
          DINGTALK_BASE_URL: proxy.url,
          ...(interactive ? { DINGTALK_CARD_TEMPLATE_ID: TEMPLATE_ID } : {}),
        };
        const h = await makeHarness({ env });
        try {
          h.deps.senders.dingtalk = sender(h, env);
          const people = ['majun', 'songjia', 'gaoyan', 'liuting', 'luobin', 'qianli'];
          const card = (i: number) => cardMessage({ title: `督查通知 ${marker(id, i)}`, colour: 'blue', blocks: [{ type: 'markdown', text: md`请签收。` }] });
          const pushes: PushDraft[] = [
            ...people.map((p, i) => ({
              to: toPerson(p),
              message: interactive && i % 2 ? card(i) : text(`请报送进展 ${marker(id, i)}`),
              key: `dfaults:${id}:${i}`,
            })),
            // The same words to two people: one batchSend for both.
            ...['tangwei', 'xiena'].map((p, j) => ({ to: toPerson(p), message: text(`明天上午九点开会 ${marker(id, 6)}`), key: `dfaults:${id}:6:${j}` })),
            { to: toUnitChat('zjj'), message: interactive ? card(8) : text(`群通知 ${marker(id, 8)}`), key: `dfaults:${id}:8` },
          ];
          proxy.schedule((method, path) => method === 'POST' && !path.includes('oauth2'), faults);
          const before = fake.deliveries.length;
          await enqueue(h, pushes, 'dingtalk');
          await drainUntilSettled(h);

          expect(proxy.unconsumed()).toBe(0);
          expect(await h.db.select().from(outbox).where(ne(outbox.status, 'sent'))).toEqual([]);
          const mine = fake.deliveries.slice(before);
          const reached = (recipient: string, i: number) =>
            mine.filter(
              (d) =>
                d.to.includes(recipient) &&
                JSON.stringify({ p: d.msgParam, c: d.outTrackId ? fake.cards.get(d.outTrackId)?.cardParamMap : undefined }).includes(marker(id, i)),
            );
          people.forEach((p, i) => expect(reached(`dt_${p}`, i), `${p} ${marker(id, i)}`).toHaveLength(1));
          for (const p of ['tangwei', 'xiena']) expect(reached(`dt_${p}`, 6), p).toHaveLength(1);
          expect(reached('cid_demo_zjj', 8)).toHaveLength(1);
        } finally {
          await h.settle();
          h.close();
        }
      }),
      { seed: SEED, numRuns: 12 },
    );
  });
});
