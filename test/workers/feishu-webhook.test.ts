import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import receiveFixture from '../fixtures/feishu/im.message.receive_v1.json';
import { inboundEvents, outbox, sealUses, signoffSteps } from '../../db/schema';
import { messageUuid } from '../../src/platforms/feishu/delivery';
import worker from '../../src/worker';
import { d1Database } from '../../src/workers/deps';
import type { WorkerEnv } from '../../src/workers/env';
import { fakeFeishu } from './fake-feishu';
import { loadDemoOrg } from './helpers';

const ENCRYPT_KEY = 'workers-test-encrypt-key';
const VERIFICATION_TOKEN = 'workers-test-verification-token';
let api: ReturnType<typeof fakeFeishu>;
let appNo = 0;
let bindings: Record<string, string>;

beforeEach(async () => {
  await loadDemoOrg();
  api = fakeFeishu();
  // The Worker runs in this isolate: its outgoing fetch reaches the fake Open API.
  vi.spyOn(globalThis, 'fetch').mockImplementation(api.fetch);
  bindings = {
    FEISHU_APP_ID: `cli_workers_${++appNo}`,
    FEISHU_APP_SECRET: 'workers-test-secret',
    FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
    FEISHU_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
    FEISHU_BASE_URL: api.baseUrl,
  };
});
afterEach(() => vi.restoreAllMocks());

const encoder = new TextEncoder();
const hex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

/** Feishu's encryption, written here with Web Crypto: base64(iv ‖ AES-256-CBC(sha256(key), iv, PKCS7(text))). */
async function encryptLikeFeishu(plaintext: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', await crypto.subtle.digest('SHA-256', encoder.encode(ENCRYPT_KEY)), 'AES-CBC', false, ['encrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(16));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, key, encoder.encode(plaintext)));
  return btoa(String.fromCharCode(...iv, ...sealed));
}

/** The fixture message, from a person of the demo directory in a 1:1 chat. */
function messageEvent(textContent: string, messageId: string, openId = 'ou_demo_linxiaomei') {
  const event = structuredClone(receiveFixture) as any;
  event.header.token = VERIFICATION_TOKEN;
  event.header.event_id = `ev_${messageId}`;
  event.event.sender.sender_id.open_id = openId;
  Object.assign(event.event.message, { message_id: messageId, chat_type: 'p2p', content: JSON.stringify({ text: textContent }), mentions: [] });
  return event;
}

/** Posts to the Worker as Feishu does (encrypted, signed on the raw body) and waits for its waitUntil work. */
async function deliver(payload: unknown, signatureOverride?: string) {
  const body = JSON.stringify({ encrypt: await encryptLikeFeishu(JSON.stringify(payload)) });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = 'n0nce';
  const signature = signatureOverride ?? hex(await crypto.subtle.digest('SHA-256', encoder.encode(timestamp + nonce + ENCRYPT_KEY + body)));
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request('https://duban.example/webhooks/feishu', {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'x-lark-request-timestamp': timestamp,
        'x-lark-request-nonce': nonce,
        'x-lark-signature': signature,
      },
      body,
    }),
    { ...env, ...bindings } as WorkerEnv,
    ctx,
  );
  const answer = { status: res.status, body: (await res.json()) as any };
  await waitOnExecutionContext(ctx);
  return answer;
}

describe('a signed Feishu event on Workers', () => {
  it('is answered 200 at once, and the reply row is delivered through waitUntil by the fetch sender', async () => {
    const res = await deliver(messageEvent('/帮助', 'om_workers_1'));
    expect(res).toEqual({ status: 200, body: {} });

    const db = d1Database(env);
    const rows = await db.select().from(outbox);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ platform: 'feishu', op: 'send', status: 'sent', attempts: 1, replyTo: 'om_workers_1' });
    const [reply] = api.apiCalls();
    expect(reply).toMatchObject({ method: 'POST', path: '/open-apis/im/v1/messages/om_workers_1/reply', authorization: 'Bearer t-1' });
    expect(reply!.body).toMatchObject({ msg_type: 'interactive', uuid: await messageUuid(rows[0]!.dedupeKey) });
    expect(reply!.body.content).toContain('/帮助（/help）');
  });

  it('a redelivery of the same message changes nothing and sends nothing', async () => {
    await deliver(messageEvent('/帮助', 'om_workers_2'));
    const again = await deliver(messageEvent('/帮助', 'om_workers_2'));
    expect(again.status).toBe(200);
    expect(await d1Database(env).select().from(outbox)).toHaveLength(1);
    expect(api.apiCalls().filter((c) => c.path.endsWith('/reply'))).toHaveLength(1);
  });

  it('a forged signature gets 401 and writes nothing', async () => {
    const res = await deliver(messageEvent('/帮助', 'om_workers_3'), 'f'.repeat(64));
    expect(res).toEqual({ status: 401, body: { error: '签名校验失败' } });
    const db = d1Database(env);
    expect(await db.select().from(inboundEvents).where(eq(inboundEvents.platform, 'feishu'))).toEqual([]);
    expect(await db.select().from(outbox)).toEqual([]);
    expect(api.calls).toEqual([]);
  });

  it('Art. 64: a seal use and its sign-off (/签批) are written on D1 with the same code', async () => {
    expect((await deliver(messageEvent('/用印 印章=区政府办 事由=会议通知 份数=3', 'om_workers_seal_1'))).status).toBe(200);
    expect((await deliver(messageEvent('/签批 用印 1 同意', 'om_workers_seal_2', 'ou_demo_huanghai'))).status).toBe(200);
    const db = d1Database(env);
    expect((await db.select().from(sealUses)).map((u) => [u.seal, u.copies, u.status])).toEqual([['office', 3, 'approved']]);
    expect((await db.select().from(signoffSteps)).map((s) => [s.stage, s.addresseeId, s.status, s.decidedById])).toEqual([
      ['区政府办公室主任签批', 'huanghai', 'approved', 'huanghai'],
    ]);
  });
});
