import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_WEBHOOK_BODY_BYTES } from '../../src/platforms/feishu/webhook';
import { makeHarness, type Harness } from '../helpers/harness';
import { startFakeFeishu, type FakeFeishu } from '../fakes/feishu-api';
import { cardActionEvent, ENCRYPT_KEY, encryptLikeFeishu, feishuEnv, messageEvent, signLikeFeishu } from '../feishu/helpers';
import { mutated, mutations, type Path } from './support/mutate';
import { rowCounts, totalChanges } from './support/writes';

/**
 * POST /webhooks/feishu under fuzzing (fast-check, fixed seed): arbitrary bytes, bodies cut short,
 * oversized bodies, wrong signatures and authentic events with wrongly typed fields. Whatever
 * arrives, the answer is never a 5xx and nothing is written (docs/benchmarks.md): not one row changed in any
 * table, nothing sent to Feishu.
 */
const SEED = 411;
let fake: FakeFeishu;
let h: Harness;
let before: Record<string, number>;
let sentBefore = 0;

beforeAll(async () => {
  fake = await startFakeFeishu();
  h = await makeHarness({ env: feishuEnv(fake) });
  before = await rowCounts(h.db);
});
afterAll(async () => {
  await h.settle();
  // Every property together: no table changed, nothing went to Feishu.
  expect(await rowCounts(h.db)).toEqual(before);
  expect(fake.requests).toHaveLength(sentBefore);
  h.close();
  await fake.close();
});

const hex64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });
const nowSeconds = () => Math.floor(h.clock.now().getTime() / 1000);

interface Request {
  body: string | Uint8Array;
  headers: Record<string, string>;
}

/** Encrypted and signed as Feishu does (node:crypto, independent of the adapter). */
function signed(payload: unknown, options: { key?: string; timestamp?: string; plaintext?: string } = {}): Request & { raw: string } {
  const key = options.key ?? ENCRYPT_KEY;
  const body = JSON.stringify({ encrypt: encryptLikeFeishu(key, options.plaintext ?? JSON.stringify(payload)) });
  const timestamp = options.timestamp ?? String(nowSeconds());
  const nonce = randomBytes(8).toString('hex');
  return {
    raw: body,
    body,
    headers: {
      'content-type': 'application/json',
      'x-lark-request-timestamp': timestamp,
      'x-lark-request-nonce': nonce,
      'x-lark-signature': signLikeFeishu(timestamp, nonce, key, body),
    },
  };
}

/** Posts one request; asserts it wrote nothing; returns the status. */
async function postWithoutWrites(request: Request): Promise<number> {
  const changes = await totalChanges(h.db);
  const res = await h.app.request('/webhooks/feishu', { method: 'POST', headers: request.headers, body: request.body as BodyInit });
  await res.text();
  await h.settle();
  expect(await totalChanges(h.db)).toBe(changes);
  return res.status;
}

const help = () => messageEvent({ openId: 'ou_demo_majun', text: '/帮助', messageId: `om_fuzz_${randomBytes(6).toString('hex')}` });
const click = () =>
  cardActionEvent({
    openId: 'ou_demo_linxiaomei',
    value: { action: 'outbox.retry', id: '1' },
    messageId: 'om_card_1',
    eventId: `ev_fuzz_${randomBytes(6).toString('hex')}`,
  });

describe('Feishu webhook fuzzing: nothing unauthenticated or malformed gets in', () => {
  it('the unmutated event is accepted and acted on, so the properties below can fail', async () => {
    const changes = await totalChanges(h.db);
    const { body, headers } = signed(help());
    const res = await h.app.request('/webhooks/feishu', { method: 'POST', headers, body: body as BodyInit });
    expect(res.status).toBe(200);
    await h.settle();
    expect(await totalChanges(h.db)).toBeGreaterThan(changes);
    expect(fake.calls('reply')).toHaveLength(1);
    // This one accepted event (and its reply) is the baseline the other properties keep unchanged.
    before = await rowCounts(h.db);
    sentBefore = fake.requests.length;
  });

  it('arbitrary bytes, text and JSON, with or without signature headers: 400/401', async () => {
    const body = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.uint8Array({ maxLength: 600 }),
      fc.json({ maxDepth: 3 }),
      fc.base64String({ maxLength: 200 }).map((encrypt) => JSON.stringify({ encrypt })),
    );
    const header = fc.option(fc.oneof(fc.string({ maxLength: 20 }), hex64, fc.constant(String(Math.floor(Date.now() / 1000)))), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(body, header, header, header, async (b, timestamp, nonce, signature) => {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        // Header values must be sendable: Latin-1 without control characters.
        const clean = (v: string) => v.replace(/[^\x20-\x7e]/g, '');
        if (timestamp !== undefined) headers['x-lark-request-timestamp'] = clean(timestamp);
        if (nonce !== undefined) headers['x-lark-request-nonce'] = clean(nonce);
        if (signature !== undefined) headers['x-lark-signature'] = clean(signature);
        expect([400, 401]).toContain(await postWithoutWrites({ body: b, headers }));
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('an authentic body cut short anywhere: 400/401', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.double({ min: 0, max: 1, noNaN: true }), async (isClick, at) => {
        const request = signed(isClick ? click() : help());
        const cut = Math.floor(at * (request.raw.length - 1));
        expect([400, 401]).toContain(await postWithoutWrites({ ...request, body: request.raw.slice(0, cut) }));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('wrong, partial, foreign-key or stale signatures: 401', async () => {
    const HOUR = 3600;
    const forgery = fc.oneof(
      fc.nat(63).map((i) => (r: Request & { raw: string }) => {
        const s = r.headers['x-lark-signature']!;
        r.headers['x-lark-signature'] = s.slice(0, i) + (s[i] === '0' ? '1' : '0') + s.slice(i + 1);
      }),
      hex64.map((s) => (r: Request) => {
        r.headers['x-lark-signature'] = s;
      }),
      fc.constantFrom('x-lark-request-timestamp', 'x-lark-request-nonce', 'x-lark-signature').map((name) => (r: Request) => {
        delete r.headers[name];
      }),
      fc.constant((r: Request) => {
        for (const name of ['x-lark-request-timestamp', 'x-lark-request-nonce', 'x-lark-signature']) delete r.headers[name];
      }),
    );
    const otherKey = fc.string({ minLength: 1, maxLength: 20 }).filter((k) => k !== ENCRYPT_KEY);
    const staleBy = fc.integer({ min: 12 * HOUR + 1, max: 5_000 * HOUR });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          forgery.map((f) => () => {
            const r = signed(help());
            f(r);
            return r;
          }),
          otherKey.map((key) => () => signed(help(), { key })),
          fc.tuple(staleBy, fc.boolean()).map(
            ([by, future]) =>
              () =>
                signed(help(), { timestamp: String(nowSeconds() + (future ? by : -by)) }),
          ),
          fc
            .string({ maxLength: 12 })
            .filter((t) => !/^\d{1,12}$/.test(t))
            .map((t) => () => signed(help(), { timestamp: t.replace(/[^\x20-\x7e]/g, '') })),
        ),
        async (make) => {
          expect(await postWithoutWrites(make())).toBe(401);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('encrypted with the right key but not an authentic payload inside: 401', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 2 })), async (plaintext) => {
        expect(await postWithoutWrites(signed(undefined, { plaintext }))).toBe(401);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  const MESSAGE: Path[] = [
    ['header', 'event_id'],
    ['header', 'event_type'],
    ['event'],
    ['event', 'sender'],
    ['event', 'sender', 'sender_id'],
    ['event', 'sender', 'sender_id', 'open_id'],
    ['event', 'sender', 'sender_type'],
    ['event', 'message'],
    ['event', 'message', 'message_id'],
    ['event', 'message', 'chat_id'],
    ['event', 'message', 'chat_type'],
    ['event', 'message', 'message_type'],
    ['event', 'message', 'content'],
  ];
  const CLICK: Path[] = [
    ['header', 'event_id'],
    ['header', 'event_type'],
    ['event'],
    ['event', 'operator'],
    ['event', 'operator', 'open_id'],
    ['event', 'action'],
  ];
  const CLICK_OPTIONAL: Path[] = [
    ['event', 'context'],
    ['event', 'context', 'open_message_id'],
    ['event', 'action', 'form_value'],
  ];

  it('authentic events with a required field missing or of the wrong type: 400', async () => {
    const event = fc.oneof(
      mutations(help(), MESSAGE).map((m) => () => mutated(help(), m)),
      mutations(click(), CLICK, CLICK_OPTIONAL).map((m) => () => mutated(click(), m)),
      // Text messages whose content is not the JSON Feishu sends.
      fc
        .oneof(
          fc.string({ maxLength: 30 }).filter((c) => {
            try {
              JSON.parse(c);
              return false;
            } catch {
              return true;
            }
          }),
          fc.json().filter((j) => typeof (JSON.parse(j) as any)?.text !== 'string'),
        )
        .map((content) => () => {
          const e = help();
          e.event.message.content = content;
          return e;
        }),
    );
    await fc.assert(
      fc.asyncProperty(event, async (make) => {
        expect(await postWithoutWrites(signed(make()))).toBe(400);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('authentic events whose header or Verification Token is missing or of the wrong type: 401', async () => {
    await fc.assert(
      fc.asyncProperty(mutations(help(), [['header'], ['header', 'token']]), async (m) => {
        expect(await postWithoutWrites(signed(mutated(help(), m)))).toBe(401);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('bodies over 1 MiB, signed or not: 400 before anything is read', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 64 * 1024 }), fc.boolean(), async (extra, sign) => {
        const request = signed(help());
        const body = request.raw.replace('{', `{"pad":"${'x'.repeat(MAX_WEBHOOK_BODY_BYTES + extra - request.raw.length)}",`);
        expect(await postWithoutWrites({ body, headers: sign ? request.headers : { 'content-type': 'application/json' } })).toBe(400);
      }),
      { seed: SEED, numRuns: 6 },
    );
  });
});
