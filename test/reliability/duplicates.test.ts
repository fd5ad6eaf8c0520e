import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from '../helpers/harness';
import { startDingtalkFake, type DingtalkFake } from '../fakes/dingtalk-api';
import { startFakeFeishu, type FakeFeishu } from '../fakes/feishu-api';
import { APP_KEY, APP_SECRET, cardClickBody, cardSign, robotSign, ROBOT_CODE, TEMPLATE_ID, textCallback } from '../dingtalk/support';
import { cardActionEvent, ENCRYPT_KEY, encryptLikeFeishu, feishuEnv, menuEvent, messageEvent, signLikeFeishu } from '../feishu/helpers';

/**
 * Duplicate and out-of-order deliveries (fast-check, fixed seed): Feishu and DingTalk redeliver
 * events — Feishu a message under a new event_id, DingTalk a robot message with a new signature,
 * a card click byte for byte — and nothing guarantees the order. Whatever the multiset and order,
 * the effect is the effect of handling each distinct event once, at its first arrival: the same
 * domain rows, audit trail, outbox and dedupe keys as a clean run of the first arrivals in order.
 */
const SEED = 414;
let feishu: FakeFeishu;
let dingtalk: DingtalkFake;

beforeAll(async () => {
  feishu = await startFakeFeishu();
  dingtalk = await startDingtalkFake({ appKey: APP_KEY, appSecret: APP_SECRET });
});
afterAll(async () => {
  await feishu.close();
  await dingtalk.close();
});

function harness() {
  return makeHarness({
    now: '2026-11-26T09:00:00+08:00',
    env: {
      ...feishuEnv(feishu),
      DINGTALK_APP_KEY: APP_KEY,
      DINGTALK_APP_SECRET: APP_SECRET,
      DINGTALK_ROBOT_CODE: ROBOT_CODE,
      DINGTALK_BASE_URL: dingtalk.url,
      DINGTALK_CARD_TEMPLATE_ID: TEMPLATE_ID,
    },
  });
}

/** One event as the platform (re)sends it: every call is one delivery of the same event. */
type Event = { name: string; deliver(h: Harness): Promise<number> };

async function postFeishu(h: Harness, payload: unknown): Promise<number> {
  const body = JSON.stringify({ encrypt: encryptLikeFeishu(ENCRYPT_KEY, JSON.stringify(payload)) });
  const timestamp = String(Math.floor(h.clock.now().getTime() / 1000));
  const nonce = randomBytes(8).toString('hex');
  const res = await h.app.request('/webhooks/feishu', {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'x-lark-request-timestamp': timestamp,
      'x-lark-request-nonce': nonce,
      'x-lark-signature': signLikeFeishu(timestamp, nonce, ENCRYPT_KEY, body),
    },
  });
  await res.text();
  return res.status;
}

/** A Feishu message: each redelivery under a new event_id (the docs warn it happens), freshly encrypted and signed. */
const feishuMessage = (name: string, openId: string, text: string, messageId: string): Event => ({
  name,
  deliver: (h) => postFeishu(h, messageEvent({ openId, text, messageId, eventId: `ev_${randomBytes(6).toString('hex')}` })),
});
const feishuClick = (name: string, openId: string, value: unknown, eventId: string): Event => ({
  name,
  deliver: (h) => postFeishu(h, cardActionEvent({ openId, value, messageId: 'om_card_seen', eventId })),
});
const feishuMenu = (name: string, openId: string, eventKey: string, eventId: string): Event => ({
  name,
  deliver: (h) => postFeishu(h, menuEvent({ openId, eventKey, eventId })),
});
/** Milliseconds added to each robot signature's timestamp: DingTalk signs every delivery at its own instant. */
let robotSignatures = 0;
/** A DingTalk robot message: redelivered with the same msgId, signed anew. */
const dingtalkMessage = (name: string, from: string, text: string, msgId: string): Event => ({
  name,
  async deliver(h) {
    const timestamp = String(h.clock.now().getTime() + (++robotSignatures % 3_600_000));
    const res = await h.app.request('/webhooks/dingtalk', {
      method: 'POST',
      headers: { 'content-type': 'application/json', timestamp, sign: robotSign(timestamp) },
      body: JSON.stringify(textCallback({ from, text, msgId })),
    });
    await res.text();
    return res.status;
  },
});
/** A DingTalk card click: a redelivery repeats the signed timestamp and the body byte for byte. */
const dingtalkClick = (name: string, userId: string, params: Record<string, unknown>, at: number): Event => ({
  name,
  async deliver(h) {
    const timestamp = String(new Date('2026-11-26T09:00:00+08:00').getTime() + at);
    const res = await h.app.request('/webhooks/dingtalk/card', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ddpaas-signature-timestamp': timestamp, 'x-ddpaas-signature': cardSign(timestamp) },
      body: JSON.stringify(cardClickBody({ userId, outTrackId: 'duban-card-seen', params })),
    });
    await res.text();
    return res.status;
  },
});

const approveFirstStep = { action: 'leave.approve', id: '1', step: '0' };
const EVENTS: Event[] = [
  feishuMessage('majun files a leave', 'ou_demo_majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲', 'om_dup_leave'),
  dingtalkMessage('songjia asks for help', 'dt_songjia', '/帮助', 'msg_dup_help'),
  feishuMessage('linxiaomei registers an item', 'ou_demo_linxiaomei', '/督办 新建 来源=领导批示 标题=冬季供暖 主办=住建局', 'om_dup_item'),
  feishuClick('zhaoming approves on Feishu', 'ou_demo_zhaoming', approveFirstStep, 'ev_dup_approve'),
  dingtalkClick('zhaoming approves on DingTalk', 'dt_zhaoming', { action: 'leave.approve', payload: { id: '1', step: '0' } }, 17),
  dingtalkMessage('dengpeng opens the ledger', 'dt_dengpeng', '/台账', 'msg_dup_ledger'),
  feishuMenu('hejun taps 帮助 in the bot menu', 'ou_demo_hejun', 'help', 'ev_dup_menu'),
  feishuMessage('majun withdraws', 'ou_demo_majun', '/请假 撤回 1', 'om_dup_withdraw'),
];

/** What the events did, delivery bookkeeping aside: every table the bot writes, rows sorted. */
async function effects(h: Harness): Promise<Record<string, unknown[]>> {
  const tables = (
    await h.db.all<{ name: string }>(sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'`)
  ).map((t) => t.name);
  // Delivery bookkeeping (attempts, platform message ids, API call counters, the signature pairs a
  // redelivery was signed with) is not an effect of the event.
  const skip = new Set(['delivered_messages', 'dingtalk_api_usage', 'dingtalk_quota_warnings', 'dingtalk_signature_pairs', 'sandbox_messages', 'job_runs']);
  const result: Record<string, unknown[]> = {};
  for (const table of tables.filter((t) => !skip.has(t))) {
    const columns = table === 'outbox' ? 'dedupe_key, platform, op, recipient_type, recipient_id, reply_to, subject, payload, urgent' : '*';
    const rows = await h.db.all(sql.raw(`select ${columns} from "${table}"`));
    result[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return result;
}

describe('duplicates and out-of-order deliveries: exactly one effect each', () => {
  it('any number of redeliveries in any order act like one delivery of each event, at its first arrival', async () => {
    const deliveries = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: EVENTS.length, maxLength: EVENTS.length }).chain((times) =>
      fc.shuffledSubarray(
        times.flatMap((n, i) => Array.from({ length: n }, () => i)),
        { minLength: times.reduce((a, b) => a + b, 0) },
      ),
    );
    await fc.assert(
      fc.asyncProperty(deliveries, async (order) => {
        const firstArrivals = order.filter((e, i) => order.indexOf(e) === i);
        const [mixed, clean] = await Promise.all([harness(), harness()]);
        try {
          for (const e of order) {
            expect(await EVENTS[e]!.deliver(mixed), EVENTS[e]!.name).toBe(200);
            await mixed.settle();
          }
          for (const e of firstArrivals) {
            expect(await EVENTS[e]!.deliver(clean), EVENTS[e]!.name).toBe(200);
            await clean.settle();
          }
          const [got, want] = await Promise.all([effects(mixed), effects(clean)]);
          expect(got).toEqual(want);
          expect(got.inbound_events).toHaveLength(firstArrivals.length);
        } finally {
          mixed.close();
          clean.close();
        }
      }),
      { seed: SEED, numRuns: 15 },
    );
  });

  it('the scenario does act: the leave is filed and decided once, the item registered once', async () => {
    const h = await harness();
    try {
      for (const e of EVENTS.slice(0, 5)) {
        await e.deliver(h);
        await e.deliver(h);
        await h.settle();
      }
      const audit = (await effects(h)).audit_log!.map((r) => JSON.parse(r as string));
      expect(audit.filter((a) => a.subject_type === 'leave' && a.action === 'approve')).toHaveLength(1);
      expect(audit.filter((a) => a.subject_type === 'item' && a.action === 'registered')).toHaveLength(1);
    } finally {
      h.close();
    }
  });
});
