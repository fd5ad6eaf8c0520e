import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from '../helpers/harness';
import { startDingtalkFake, type DingtalkFake } from '../fakes/dingtalk-api';
import { APP_KEY, APP_SECRET, cardClickBody, cardSign, robotSign, ROBOT_CODE, TEMPLATE_ID, textCallback } from '../dingtalk/support';
import { mutated, mutations, type Path } from './support/mutate';
import { rowCounts, totalChanges } from './support/writes';

/**
 * The DingTalk robot and card callbacks and the sandbox JSON API under fuzzing (fast-check, fixed
 * seed): arbitrary bodies, bodies cut short, oversized ones, wrong signatures, wrongly typed fields.
 * Never a 5xx, never a row changed in any table, nothing sent.
 */
const SEED = 412;
let fake: DingtalkFake;
let h: Harness;
let before: Record<string, number>;

beforeAll(async () => {
  fake = await startDingtalkFake({ appKey: APP_KEY, appSecret: APP_SECRET });
  h = await makeHarness({
    env: {
      DINGTALK_APP_KEY: APP_KEY,
      DINGTALK_APP_SECRET: APP_SECRET,
      DINGTALK_ROBOT_CODE: ROBOT_CODE,
      DINGTALK_BASE_URL: fake.url,
      DINGTALK_CARD_TEMPLATE_ID: TEMPLATE_ID,
      SANDBOX: '1',
    },
  });
  before = await rowCounts(h.db);
});
afterAll(async () => {
  await h.settle();
  expect(await rowCounts(h.db)).toEqual(before);
  expect(fake.requests).toEqual([]);
  h.close();
  await fake.close();
});

/** Posts (or gets) one request; asserts it wrote nothing; returns the status. */
async function withoutWrites(path: string, init: RequestInit): Promise<number> {
  const changes = await totalChanges(h.db);
  const res = await h.app.request(path, init);
  await res.text();
  await h.settle();
  expect(await totalChanges(h.db)).toBe(changes);
  return res.status;
}

const now = () => String(h.clock.now().getTime());
const robotHeaders = (timestamp = now(), sign = robotSign(timestamp)) => ({ 'content-type': 'application/json', timestamp, sign });
const cardHeaders = (timestamp = now(), signature = cardSign(timestamp)) => ({
  'content-type': 'application/json',
  'x-ddpaas-signature-timestamp': timestamp,
  'x-ddpaas-signature': signature,
});
const ascii = (v: string) => v.replace(/[^\x20-\x7e]/g, '');

const anyBody = fc.oneof(fc.string({ maxLength: 300 }), fc.uint8Array({ maxLength: 400 }), fc.json({ maxDepth: 3 }));
/** Not JSON at all, whatever else it is. */
const notJson = fc
  .oneof(
    fc.string({ maxLength: 200 }),
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
  )
  .filter((t) => {
    try {
      JSON.parse(t);
      return false;
    } catch {
      return true;
    }
  });

const message = () => textCallback({ from: 'dt_majun', text: '/帮助' });
const click = () =>
  cardClickBody({ userId: 'dt_linxiaomei', outTrackId: 'duban-fuzz', params: { action: 'outbox.retry', payload: JSON.stringify({ id: '1' }) } });
const ROBOT_REQUIRED: Path[] = [['msgId'], ['msgtype'], ['conversationType'], ['conversationId']];
const ROBOT_OPTIONAL: Path[] = [['senderStaffId'], ['text'], ['text', 'content'], ['senderNick'], ['conversationTitle']];
const CARD_REQUIRED: Path[] = [['outTrackId'], ['userId'], ['content']];
const CARD_OPTIONAL: Path[] = [['corpId'], ['type']];

describe('DingTalk robot callback fuzzing', () => {
  it('the unmutated message is accepted, so the properties below can fail', async () => {
    const changes = await totalChanges(h.db);
    const res = await h.app.request('/webhooks/dingtalk', { method: 'POST', headers: robotHeaders(), body: JSON.stringify(message()) });
    expect(res.status).toBe(200);
    await h.settle();
    expect(await totalChanges(h.db)).toBeGreaterThan(changes);
    before = await rowCounts(h.db);
    fake.requests.length = 0;
  });

  it('any body with a wrong, missing or stale signature: 401', async () => {
    const HOUR = 3_600_000;
    const headers = fc.oneof(
      fc.string({ maxLength: 44 }).map((sign) => robotHeaders(now(), ascii(sign))),
      fc.constant(robotHeaders(now(), robotSign(now(), 'another-secret'))),
      fc.integer({ min: HOUR + 1, max: 1_000 * HOUR }).map((by) => {
        const ts = String(h.clock.now().getTime() - by);
        return robotHeaders(ts, robotSign(ts));
      }),
      fc
        .string({ maxLength: 16 })
        .filter((t) => !/^\d{10,16}$/.test(t))
        .map((ts) => robotHeaders(ascii(ts), robotSign(ascii(ts)))),
      fc.constantFrom('timestamp', 'sign').map((name) => {
        const all: Record<string, string> = robotHeaders();
        delete all[name];
        return all;
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyBody, fc.constant(JSON.stringify(message()))), headers, async (body, hdrs) => {
        expect(await withoutWrites('/webhooks/dingtalk', { method: 'POST', headers: hdrs, body })).toBe(401);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('correctly signed but not JSON, or cut short: 400', async () => {
    const raw = JSON.stringify(message());
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          notJson,
          fc.nat(raw.length - 1).map((at) => raw.slice(0, at)),
        ),
        async (body) => {
          expect(await withoutWrites('/webhooks/dingtalk', { method: 'POST', headers: robotHeaders(), body })).toBe(400);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('correctly signed JSON of the wrong shape or with wrongly typed fields: 400', async () => {
    const shape = fc.oneof(
      fc.json({ maxDepth: 3 }).filter((j) => {
        const v = JSON.parse(j);
        return typeof v !== 'object' || v === null || Array.isArray(v) || !('msgId' in v);
      }),
      mutations(message(), ROBOT_REQUIRED, ROBOT_OPTIONAL).map((m) => JSON.stringify(mutated(message(), m))),
      fc
        .string({ maxLength: 3 })
        .filter((t) => t !== '1' && t !== '2')
        .map((t) => JSON.stringify({ ...message(), conversationType: t })),
    );
    await fc.assert(
      fc.asyncProperty(shape, async (body) => {
        expect(await withoutWrites('/webhooks/dingtalk', { method: 'POST', headers: robotHeaders(), body })).toBe(400);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('bodies over 64 KiB: 413', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 * 1024 }), async (extra) => {
        const body = JSON.stringify({ ...message(), pad: 'x'.repeat(64 * 1024 + extra) });
        expect(await withoutWrites('/webhooks/dingtalk', { method: 'POST', headers: robotHeaders(), body })).toBe(413);
      }),
      { seed: SEED, numRuns: 5 },
    );
  });
});

describe('DingTalk card callback fuzzing', () => {
  it('any body with a wrong, missing or stale signature: 401', async () => {
    const headers = fc.oneof(
      fc.string({ maxLength: 44 }).map((signature) => cardHeaders(now(), ascii(signature))),
      fc.constant(cardHeaders(now(), cardSign(now(), 'another-secret'))),
      fc.integer({ min: 3_600_001, max: 1e9 }).map((by) => {
        const ts = String(h.clock.now().getTime() + by);
        return cardHeaders(ts, cardSign(ts));
      }),
      fc.constantFrom('x-ddpaas-signature-timestamp', 'x-ddpaas-signature').map((name) => {
        const all: Record<string, string> = cardHeaders();
        delete all[name];
        return all;
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyBody, fc.constant(JSON.stringify(click()))), headers, async (body, hdrs) => {
        expect(await withoutWrites('/webhooks/dingtalk/card', { method: 'POST', headers: hdrs, body })).toBe(401);
      }),
      { seed: SEED, numRuns: 250 },
    );
  });

  it('correctly signed but malformed, cut short, wrongly typed or without an action: 400', async () => {
    const raw = JSON.stringify(click());
    const body = fc.oneof(
      notJson,
      fc.nat(raw.length - 1).map((at) => raw.slice(0, at)),
      mutations(click(), CARD_REQUIRED, CARD_OPTIONAL).map((m) => JSON.stringify(mutated(click(), m))),
      // content that is not JSON, or JSON without params.action.
      fc
        .oneof(
          notJson,
          fc
            .json({ maxDepth: 3 })
            .filter(
              (j) => typeof (JSON.parse(j) as any)?.cardPrivateData?.params?.action !== 'string' && typeof (JSON.parse(j) as any)?.params?.action !== 'string',
            ),
        )
        .map((content) => JSON.stringify({ ...click(), content })),
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        expect(await withoutWrites('/webhooks/dingtalk/card', { method: 'POST', headers: cardHeaders(), body: b })).toBe(400);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('sandbox JSON API fuzzing', () => {
  const post = (path: string, body: string) => withoutWrites(`/sandbox/api/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const notAPerson = fc.string({ maxLength: 12 }).filter((id) => !['majun', 'linxiaomei', 'songjia'].includes(id) && !/^[a-z]+$/.test(id));

  it('messages: not JSON, wrong types, unknown people or chats, empty or over-long text: 4xx', async () => {
    const body = fc.oneof(
      notJson,
      fc.json({ maxDepth: 2 }).filter((j) => {
        const v = JSON.parse(j);
        return typeof v !== 'object' || v === null || Array.isArray(v);
      }),
      fc.record({ as: fc.oneof(fc.integer(), fc.constant(null), fc.array(fc.string())), text: fc.string() }).map((b) => JSON.stringify(b)),
      fc.record({ as: notAPerson, text: fc.string({ minLength: 1, maxLength: 50 }) }).map((b) => JSON.stringify(b)),
      fc
        .record({ as: fc.constant('majun'), text: fc.oneof(fc.constant(''), fc.integer(), fc.constant(null), fc.string({ minLength: 4001, maxLength: 4100 })) })
        .map((b) => JSON.stringify(b)),
      fc
        .record({
          as: fc.constant('majun'),
          chat: fc.string({ minLength: 1, maxLength: 10 }).filter((c) => c !== 'p2p' && !/^[a-z]+$/.test(c)),
          text: fc.constant('/帮助'),
        })
        .map((b) => JSON.stringify(b)),
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const status = await post('messages', b);
        expect(status >= 400 && status < 500).toBe(true);
      }),
      { seed: SEED, numRuns: 250 },
    );
  });

  it('actions: not JSON, wrong types, no action, unknown people or cards: 4xx', async () => {
    const body = fc.oneof(
      notJson,
      fc
        .record({
          as: fc.constant('linxiaomei'),
          messageId: fc.string({ maxLength: 10 }),
          value: fc.oneof(fc.string(), fc.integer(), fc.array(fc.integer()), fc.dictionary(fc.string({ maxLength: 5 }), fc.string())),
        })
        .map((b) => JSON.stringify(b)),
      fc
        .record({
          as: fc.constant('linxiaomei'),
          messageId: fc.string({ minLength: 1, maxLength: 10 }),
          value: fc.constant({ action: 'outbox.retry', id: '1' }),
          form: fc.oneof(fc.string(), fc.array(fc.string()), fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { minKeys: 1 })),
        })
        .map((b) => JSON.stringify(b)),
      fc.record({ as: notAPerson, messageId: fc.constant('m_1'), value: fc.constant({ action: 'outbox.retry' }) }).map((b) => JSON.stringify(b)),
      // A well-formed click on a card that does not exist.
      fc
        .string({ minLength: 1, maxLength: 16 })
        .map((messageId) => JSON.stringify({ as: 'linxiaomei', messageId, value: { action: 'outbox.retry', id: '1' } })),
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const status = await post('actions', b);
        expect(status >= 400 && status < 500).toBe(true);
      }),
      { seed: SEED, numRuns: 250 },
    );
  });

  it('clock and inbox: malformed times and unknown people: 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc
            .oneof(
              notJson,
              fc.record({ now: fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.constant(null)) }).map((b) => JSON.stringify(b)),
            )
            .map((b) => () => post('clock', b)),
          notAPerson.map((as) => () => withoutWrites(`/sandbox/api/inbox?as=${encodeURIComponent(as)}`, { method: 'GET' })),
        ),
        async (send) => {
          const status = await send();
          expect(status >= 400 && status < 500).toBe(true);
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });
});
