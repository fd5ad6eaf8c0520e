import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, leaveSteps, supervisionReports } from '../../db/schema';
import { makeHarness, type Harness } from '../helpers/harness';
import { sandboxUser } from '../helpers/sandbox';
import { startDingtalkFake, type DingtalkFake } from '../fakes/dingtalk-api';
import { startFakeFeishu, type FakeFeishu } from '../fakes/feishu-api';
import { APP_KEY, APP_SECRET, cardClickBody, cardSign, ROBOT_CODE, TEMPLATE_ID } from '../dingtalk/support';
import { cardActionEvent, cardButtons, ENCRYPT_KEY, encryptLikeFeishu, feishuEnv, signLikeFeishu } from '../feishu/helpers';
import { buttonValue, file, leaveCardOf } from '../leave/helpers';
import { cast, latestCard, register, reportsOf } from '../supervision/helpers';

/**
 * Many people clicking the same decision button at the same moment, over real HTTP (the app on
 * @hono/node-server) and from every platform at once — Feishu card callbacks, DingTalk card
 * callbacks and the sandbox — each click a distinct delivery. Exactly one decision is taken; every
 * other click is told it was already handled; the next step is notified once per platform.
 */
let feishu: FakeFeishu;
let dingtalk: DingtalkFake;
let h: Harness;
let server: ServerType;
let base: string;

beforeEach(async () => {
  feishu = await startFakeFeishu();
  dingtalk = await startDingtalkFake({ appKey: APP_KEY, appSecret: APP_SECRET });
  h = await makeHarness({
    now: '2026-11-26T09:00:00+08:00',
    env: {
      ...feishuEnv(feishu),
      DINGTALK_APP_KEY: APP_KEY,
      DINGTALK_APP_SECRET: APP_SECRET,
      DINGTALK_ROBOT_CODE: ROBOT_CODE,
      DINGTALK_BASE_URL: dingtalk.url,
      DINGTALK_CARD_TEMPLATE_ID: TEMPLATE_ID,
      SANDBOX: '1',
    },
  });
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await h.settle();
  h.close();
  await feishu.close();
  await dingtalk.close();
});

type Toast = { kind: string; text: string };

/** A Feishu card click as Feishu posts it: its own event id, encrypted and signed. */
async function feishuClick(openId: string, messageId: string, value: unknown): Promise<Toast> {
  const event = cardActionEvent({ openId, value, messageId, eventId: `ev_${randomBytes(8).toString('hex')}` });
  const body = JSON.stringify({ encrypt: encryptLikeFeishu(ENCRYPT_KEY, JSON.stringify(event)) });
  const timestamp = String(Math.floor(h.clock.now().getTime() / 1000));
  const nonce = randomBytes(8).toString('hex');
  const res = await fetch(`${base}/webhooks/feishu`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-lark-request-timestamp': timestamp,
      'x-lark-request-nonce': nonce,
      'x-lark-signature': signLikeFeishu(timestamp, nonce, ENCRYPT_KEY, body),
    },
    body,
  });
  expect(res.status).toBe(200);
  const json: any = await res.json();
  return { kind: json.toast.type, text: json.toast.content };
}

/** A DingTalk interactive-card click: each one signed at its own millisecond, so each is a new delivery. */
let dingtalkMs = 0;
async function dingtalkClick(userId: string, outTrackId: string, params: Record<string, unknown>): Promise<Toast> {
  const timestamp = String(h.clock.now().getTime() + ++dingtalkMs);
  const res = await fetch(`${base}/webhooks/dingtalk/card`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ddpaas-signature-timestamp': timestamp, 'x-ddpaas-signature': cardSign(timestamp) },
    body: JSON.stringify(cardClickBody({ userId, outTrackId, params })),
  });
  expect(res.status).toBe(200);
  const json: any = await res.json();
  return { kind: json.userPrivateData.cardParamMap.notice_kind ?? 'unknown', text: json.userPrivateData.cardParamMap.notice };
}

async function sandboxClick(as: string, messageId: string, value: Record<string, string>): Promise<Toast> {
  const res = await fetch(`${base}/sandbox/api/actions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ as, messageId, value }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as any).toast;
}

/** The newest card on Feishu whose title contains `title` (sent to `to`, a person's open_id or a chat, when given), with its buttons. */
function feishuCard(title: string, to?: string) {
  const card = feishu.messages
    .filter((m) => (!to || m.receiveId === to) && m.msgType === 'interactive' && m.content.header.title.content.includes(title))
    .pop();
  expect(card, `no Feishu card ${title} for ${to}`).toBeDefined();
  return { messageId: card!.messageId, buttons: cardButtons(card!.content) };
}

/** The newest DingTalk interactive card whose title contains `title` (delivered to `to` when given). */
function dingtalkCard(title: string, to?: string) {
  const delivery = dingtalk.deliveries
    .filter((d) => d.api === 'card' && (!to || d.to.includes(to)) && dingtalk.cards.get(d.outTrackId!)!.cardParamMap.title!.includes(title))
    .pop();
  expect(delivery, `no DingTalk card ${title} for ${to}`).toBeDefined();
  const params = dingtalk.cards.get(delivery!.outTrackId!)!.cardParamMap;
  return { outTrackId: delivery!.outTrackId!, buttons: JSON.parse(params.buttons ?? '[]') as Array<{ text: string; action: string; payload: unknown }> };
}

/** Fires every click at once and waits for all answers. */
async function together(clicks: Array<() => Promise<Toast>>): Promise<Toast[]> {
  const toasts = await Promise.all(clicks.map((click) => click()));
  await h.settle();
  return toasts;
}

function expectOneDecision(toasts: Toast[]) {
  expect(
    toasts.filter((t) => t.kind === 'success'),
    JSON.stringify(toasts),
  ).toHaveLength(1);
  // Everyone else is told, in words, that it was already handled.
  for (const t of toasts.filter((x) => x.kind !== 'success')) expect(t.text, JSON.stringify(t)).toMatch(/已被他人处理|已经处理过|已处理|无需再处理|刚刚/);
}

describe('concurrent clicks on the same button, from every platform at once: one decision', () => {
  it('Art. 68: 24 clicks on 同意 for the same leave step — one approval, the next approver told once per platform', async () => {
    const id = await file(h, 'majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲');
    await h.settle();
    const title = `（编号 ${id}）`;
    const onFeishu = feishuCard(title, 'ou_demo_zhaoming');
    const feishuValue = onFeishu.buttons.find((b) => b.label === '同意')!.value;
    const onDingtalk = dingtalkCard(title, 'dt_zhaoming');
    const dingtalkButton = onDingtalk.buttons.find((b) => b.text === '同意')!;
    const inSandbox = await leaveCardOf(h, 'zhaoming', id);
    const sandboxValue = buttonValue(inSandbox.message, '同意');

    const toasts = await together([
      ...Array.from({ length: 10 }, () => () => feishuClick('ou_demo_zhaoming', onFeishu.messageId, feishuValue)),
      ...Array.from(
        { length: 8 },
        () => () => dingtalkClick('dt_zhaoming', onDingtalk.outTrackId, { action: dingtalkButton.action, payload: dingtalkButton.payload }),
      ),
      ...Array.from({ length: 6 }, () => () => sandboxClick('zhaoming', inSandbox.messageId, sandboxValue)),
    ]);
    expectOneDecision(toasts);
    const approvals = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, String(id)), eq(auditLog.action, 'approve')));
    expect(approvals).toHaveLength(1);
    const steps = await h.db.select().from(leaveSteps).where(eq(leaveSteps.requestId, id));
    expect(steps.filter((s) => s.status === 'approved')).toHaveLength(1);
    // The district head's approval card: once on each platform.
    expect(
      feishu.messages.filter((m) => m.receiveId === 'ou_demo_chenzhiyuan' && m.msgType === 'interactive' && m.content.header.title.content.includes(title)),
    ).toHaveLength(1);
    expect(
      dingtalk.deliveries.filter((d) => d.to.includes('dt_chenzhiyuan') && dingtalk.cards.get(d.outTrackId!)?.cardParamMap.title?.includes(title)),
    ).toHaveLength(1);
    expect((await sandboxUser(h, 'chenzhiyuan').inbox()).filter((m) => m.message.kind === 'card' && m.message.card.title.includes(title))).toHaveLength(1);
  });

  it('Art. 40: three office staff clicking 审核通过 on the same report on three platforms — one review', async () => {
    const { office, zjjHead } = cast(h);
    const id = await register(office, '来源=领导批示 标题=冬季供暖 主办=住建局');
    await office.say(`/督办 交办 ${id} 领导=赵明`);
    await zjjHead.say(`/办结 ${id} 已完成管网改造`);
    await h.settle();
    const [report] = await reportsOf(h, id);
    expect(report!.status).toBe('submitted');
    const title = `办理结果报告 · ${id}`;
    const onFeishu = feishuCard(title);
    const feishuValue = onFeishu.buttons.find((b) => b.label === '审核通过')!.value;
    const onDingtalk = dingtalkCard(title);
    const dingtalkButton = onDingtalk.buttons.find((b) => b.text === '审核通过')!;
    const inSandbox = await latestCard(office, title);
    const sandboxValue = buttonValue(inSandbox.message, '审核通过');
    const toasts = await together([
      ...['ou_demo_linxiaomei', 'ou_demo_hejun', 'ou_demo_huanghai'].flatMap((openId) =>
        Array.from({ length: 4 }, () => () => feishuClick(openId, onFeishu.messageId, feishuValue)),
      ),
      ...['dt_linxiaomei', 'dt_hejun', 'dt_huanghai'].flatMap((userId) =>
        Array.from({ length: 3 }, () => () => dingtalkClick(userId, onDingtalk.outTrackId, { action: dingtalkButton.action, payload: dingtalkButton.payload })),
      ),
      ...['linxiaomei', 'hejun', 'huanghai'].flatMap((as) => Array.from({ length: 2 }, () => () => sandboxClick(as, inSandbox.messageId, sandboxValue))),
    ]);
    expectOneDecision(toasts);
    const [reviewed] = await h.db.select().from(supervisionReports).where(eq(supervisionReports.id, report!.id));
    expect(reviewed).toMatchObject({ status: 'accepted', version: report!.version + 1 });
    const reviews = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, id), eq(auditLog.action, 'report_accepted')));
    expect(reviews).toHaveLength(1);
  });
});
