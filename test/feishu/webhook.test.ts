import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { inboundEvents, outbox } from '../../db/schema';
import { makeHarness, type Harness } from '../helpers/harness';
import { FAKE_BOT_OPEN_ID, startFakeFeishu, type FakeFeishu } from '../fakes/feishu-api';
import {
  cardActionEvent,
  cardButtons,
  cardText,
  deliver,
  ENCRYPT_KEY,
  feishuEnv,
  fixture,
  menuEvent,
  messageEvent,
  VERIFICATION_TOKEN,
  writtenRows,
} from './helpers';

let fake: FakeFeishu;
let h: Harness;

beforeEach(async () => {
  fake = await startFakeFeishu();
});
afterEach(async () => {
  await h?.settle();
  h?.close();
  await fake.close();
});

const feishuHarness = async (env: Record<string, string> = {}) => (h = await makeHarness({ env: { ...feishuEnv(fake), ...env } }));

describe('url_verification challenge', () => {
  it('answers the plain challenge when only a Verification Token is configured', async () => {
    await feishuHarness({ FEISHU_ENCRYPT_KEY: '', FEISHU_VERIFICATION_TOKEN: 'xxxxxx' });
    const res = await deliver(h, fixture('url_verification'), { plain: true });
    expect(res).toEqual({ status: 200, body: { challenge: '1b6aef1a-401f-406a-be41-f48911eabcef' } });
    expect(await writtenRows(h)).toEqual({ inbound: 0, outbox: 0, audit: 0 });
  });

  it('refuses the plain challenge when its token is not the configured one', async () => {
    await feishuHarness({ FEISHU_ENCRYPT_KEY: '', FEISHU_VERIFICATION_TOKEN: 'another-token' });
    const res = await deliver(h, fixture('url_verification'), { plain: true });
    expect(res.status).toBe(401);
    expect(res.body.error).toContain('Verification Token');
  });

  it('answers the official encrypted challenge, which carries no signature headers', async () => {
    await feishuHarness({ FEISHU_ENCRYPT_KEY: 'mazhe.nerd', FEISHU_VERIFICATION_TOKEN: 'iRdCP2WwXNBXRM3mGLqhrgch3cn0gbT6' });
    const res = await h.app.request('/webhooks/feishu', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fixture('url_verification.encrypted')),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: '5634b122-c042-4634-bc7f-b07a3c3e77ad' });
  });

  it('answers an encrypted challenge built like Feishu builds one', async () => {
    await feishuHarness();
    const res = await deliver(h, { challenge: 'c-123', token: VERIFICATION_TOKEN, type: 'url_verification' }, { unsigned: true });
    expect(res).toEqual({ status: 200, body: { challenge: 'c-123' } });
  });
});

describe('requests that are not authentic or not well-formed', () => {
  const help = () => messageEvent({ openId: 'ou_demo_linxiaomei', text: '/帮助' });
  it.each([
    ['a forged signature', () => deliver(h, help(), { signature: 'f'.repeat(64) }), 401, '签名校验失败'],
    ['a body signed with another Encrypt Key', () => deliver(h, help(), { key: 'not-the-key' }), 401, '签名校验失败'],
    [
      'a payload carrying the wrong Verification Token',
      () => deliver(h, { ...help(), header: { ...help().header, token: 'wrong' } }),
      401,
      'Verification Token',
    ],
    [
      'a signature older than the replay window',
      () => deliver(h, help(), { timestamp: String(Math.floor(h.clock.now().getTime() / 1000) - 13 * 3600) }),
      401,
      '时间戳',
    ],
    ['an event without signature headers', () => deliver(h, help(), { unsigned: true }), 401, '缺少签名'],
    ['an unencrypted event while an Encrypt Key is configured', () => deliver(h, help(), { plain: true }), 401, '未加密'],
    ['a body cut short in transit', () => deliver(h, help(), { tamper: (b) => b.slice(0, b.length - 20) }), 400, '不是合法的 JSON'],
    ['a body that is not JSON', () => deliver(h, help(), { tamper: () => 'encrypt=abc' }), 400, '不是合法的 JSON'],
    ['a body over 1 MiB', () => deliver(h, help(), { tamper: (b) => b.replace('{', `{"pad":"${'x'.repeat(1024 * 1024)}",`) }), 400, '请求体过大'],
  ])('rejects %s, writes nothing and sends nothing', async (_name, send, status, error) => {
    await feishuHarness();
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.body.error).toContain(error);
    await h.settle();
    expect(await writtenRows(h)).toEqual({ inbound: 0, outbox: 0, audit: 0 });
    expect(fake.requests).toEqual([]);
  });

  it('rejects a challenge encrypted with another Encrypt Key', async () => {
    await feishuHarness();
    const res = await deliver(h, { challenge: 'c-1', token: VERIFICATION_TOKEN, type: 'url_verification' }, { unsigned: true, key: 'not-the-key' });
    expect(res).toEqual({ status: 401, body: { error: '无法解密：Encrypt Key 不匹配' } });
  });

  it('rejects an authentic event that lacks what its type promises', async () => {
    await feishuHarness();
    const event = help();
    delete event.event.message.message_id;
    const res = await deliver(h, event);
    expect(res.status).toBe(400);
    expect(res.body.error).toContain('message.message_id');
    expect(await writtenRows(h)).toEqual({ inbound: 0, outbox: 0, audit: 0 });
  });

  it('verifies the signature on the raw bytes, so a pretty-printed body is accepted', async () => {
    await feishuHarness();
    const res = await deliver(h, help(), { pretty: true });
    expect(res.status).toBe(200);
  });
});

describe('text commands in a 1:1 chat', () => {
  it('answers /帮助 by replying to the message, with the outbox key as uuid', async () => {
    await feishuHarness();
    const res = await deliver(h, messageEvent({ openId: 'ou_demo_linxiaomei', text: '/帮助', messageId: 'om_help_1' }));
    expect(res).toEqual({ status: 200, body: {} });
    await h.settle();
    const [reply] = fake.calls('reply');
    expect(reply!.path).toBe('/open-apis/im/v1/messages/om_help_1/reply');
    expect(reply!.body.msg_type).toBe('interactive');
    expect(reply!.body.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(cardText(JSON.parse(reply!.body.content))).toContain('/帮助（/help）');
    const [row] = await h.db.select().from(outbox);
    expect(row).toMatchObject({ status: 'sent', recipientType: 'person', recipientId: 'linxiaomei', replyTo: 'om_help_1' });
  });

  it('acts once on a message delivered three times (deduplicated by message_id, not event_id)', async () => {
    await feishuHarness();
    for (const eventId of ['ev_a', 'ev_b', 'ev_c']) {
      const res = await deliver(h, messageEvent({ openId: 'ou_demo_majun', text: '/帮助', messageId: 'om_same', eventId }));
      expect(res.status).toBe(200);
    }
    await h.settle();
    expect(await writtenRows(h)).toMatchObject({ inbound: 1, outbox: 1 });
    expect(fake.calls('reply')).toHaveLength(1);
    expect(fake.messages).toHaveLength(1);
  });

  it('still recognises a redelivery 7.1 hours later, and forgets the key only after a day', async () => {
    await feishuHarness();
    await deliver(h, messageEvent({ openId: 'ou_demo_majun', text: '/帮助', messageId: 'om_late' }));
    h.clock.set('2026-11-26T16:06:00+08:00');
    await deliver(h, messageEvent({ openId: 'ou_demo_majun', text: '/帮助', messageId: 'om_late' }));
    await h.settle();
    expect(fake.calls('reply')).toHaveLength(1);
    const keys = async () => (await h.db.select().from(inboundEvents).where(eq(inboundEvents.key, 'feishu:om_late'))).length;
    h.clock.set('2026-11-27T03:00:00+08:00');
    await h.deps.runDueJobs(h.clock.now());
    expect(await keys()).toBe(1);
    h.clock.set('2026-11-28T03:00:00+08:00');
    await h.deps.runDueJobs(h.clock.now());
    expect(await keys()).toBe(0);
  });

  // A picture is 佐证材料 only when it says which report it is for (test/attachments/feishu.test.ts).
  it('answers a picture with nothing to attach it to with a short hint and nothing else', async () => {
    await feishuHarness();
    await deliver(h, messageEvent({ openId: 'ou_demo_majun', messageType: 'image', content: JSON.stringify({ image_key: 'img_x' }), messageId: 'om_pic' }));
    await h.settle();
    const [reply] = fake.calls('reply');
    expect(JSON.parse(reply!.body.content).text).toBe(
      '要添加佐证材料，请在事项或报告卡片上「回复」发送图片或文件，或在报送后 10 分钟内直接发送。其他操作请发送 /帮助 查看全部命令。',
    );
    expect(fake.calls('resource')).toEqual([]);
    expect(await writtenRows(h)).toEqual({ inbound: 1, outbox: 1, audit: 0 });
  });
});

describe('someone who is not in the directory', () => {
  it('gets a polite reply naming whom to contact, and nothing else happens', async () => {
    await feishuHarness();
    await deliver(h, messageEvent({ openId: 'ou_stranger', text: '/投递失败', messageId: 'om_stranger' }));
    await h.settle();
    const [reply] = fake.calls('reply');
    expect(reply!.path).toBe('/open-apis/im/v1/messages/om_stranger/reply');
    expect(JSON.parse(reply!.body.content).text).toBe(
      '您好！您的飞书账号尚未登记在督办助手的通讯录中，暂时无法为您办理。请联系区政府办（黄海、林小梅、何俊）登记后再试。',
    );
    const [row] = await h.db.select().from(outbox);
    expect(row).toMatchObject({ recipientType: 'platform_user', recipientId: 'ou_stranger', status: 'sent' });
    expect(await writtenRows(h)).toEqual({ inbound: 1, outbox: 1, audit: 0 });
  });

  it('gets the same answer once however often Feishu redelivers', async () => {
    await feishuHarness();
    await deliver(h, messageEvent({ openId: 'ou_stranger', text: '你好', messageId: 'om_s2' }));
    await deliver(h, messageEvent({ openId: 'ou_stranger', text: '你好', messageId: 'om_s2' }));
    await h.settle();
    expect(fake.calls('reply')).toHaveLength(1);
  });

  it('clicking a card gets the answer as a toast', async () => {
    await feishuHarness();
    const res = await deliver(h, cardActionEvent({ openId: 'ou_stranger', value: { action: 'outbox.retry', id: '1' }, messageId: 'om_card' }));
    expect(res.body.toast).toMatchObject({ type: 'error' });
    expect(res.body.toast.content).toContain('请联系区政府办');
    expect(await writtenRows(h)).toEqual({ inbound: 0, outbox: 0, audit: 0 });
  });
});

describe('group chats', () => {
  it('ignores a group message that does not @-mention the bot', async () => {
    await feishuHarness();
    const res = await deliver(h, messageEvent({ openId: 'ou_demo_majun', text: '/帮助', chatType: 'group', chatId: 'oc_demo_xlz' }));
    expect(res).toEqual({ status: 200, body: {} });
    await h.settle();
    expect(await writtenRows(h)).toEqual({ inbound: 0, outbox: 0, audit: 0 });
    expect(fake.requests).toEqual([]);
  });

  it('ignores a group message that @-mentions someone else', async () => {
    await feishuHarness();
    await deliver(
      h,
      messageEvent({
        openId: 'ou_demo_majun',
        text: '@_user_1 /帮助',
        chatType: 'group',
        chatId: 'oc_demo_xlz',
        mentions: [{ key: '@_user_1', openId: 'ou_demo_songjia' }],
      }),
    );
    await h.settle();
    expect(await writtenRows(h)).toEqual({ inbound: 0, outbox: 0, audit: 0 });
    expect(fake.calls('bot_info')).toHaveLength(1);
    expect(fake.calls('reply')).toEqual([]);
  });

  it('answers @bot in the unit’s group, in that group', async () => {
    await feishuHarness();
    await deliver(
      h,
      messageEvent({
        openId: 'ou_demo_majun',
        text: '@_user_1 /帮助',
        chatType: 'group',
        chatId: 'oc_demo_xlz',
        messageId: 'om_group',
        mentions: [{ key: '@_user_1', openId: FAKE_BOT_OPEN_ID }],
      }),
    );
    await h.settle();
    const [reply] = fake.calls('reply');
    expect(reply!.path).toBe('/open-apis/im/v1/messages/om_group/reply');
    expect(cardText(JSON.parse(reply!.body.content))).toContain('命令列表');
    const [row] = await h.db.select().from(outbox);
    expect(row).toMatchObject({ recipientType: 'unit_chat', recipientId: 'xlz' });
  });
});

describe('bot menu', () => {
  it('runs the command named by the event key and answers the person directly (the event has no chat)', async () => {
    await feishuHarness();
    await deliver(h, menuEvent({ openId: 'ou_demo_hejun', eventKey: 'help' }));
    await h.settle();
    const [send] = fake.calls('send');
    expect(send!.query.receive_id_type).toBe('open_id');
    expect(send!.body.receive_id).toBe('ou_demo_hejun');
    expect(cardText(JSON.parse(send!.body.content))).toContain('命令列表');
  });
});

describe('card callbacks', () => {
  it('answers a click within the response with a toast and the updated card, and does not patch it again', async () => {
    await feishuHarness();
    // A message to a person without a Feishu account fails for good and is listed for the office.
    fake.fail('send', { kind: 'error_code', code: 230013, msg: 'Bot has NO availability to this user.', status: 400 });
    await deliver(h, menuEvent({ openId: 'ou_demo_zhaoming', eventKey: 'help' }));
    await h.settle();
    const [failed] = await h.db.select().from(outbox).where(eq(outbox.status, 'failed'));
    expect(failed!.lastError).toContain('该用户不在应用的可用范围内');

    await deliver(h, messageEvent({ openId: 'ou_demo_linxiaomei', text: '/投递失败', messageId: 'om_list' }));
    await deliver(h, messageEvent({ openId: 'ou_demo_hejun', text: '/failures', messageId: 'om_list_hejun' }));
    await h.settle();
    const listing = fake.messages.find((m) => m.replyTo === 'om_list')!;
    const colleagues = fake.messages.find((m) => m.replyTo === 'om_list_hejun')!;
    expect(cardText(listing.content)).toContain(`#${failed!.id} 飞书消息 → 赵明（区政府）`);
    const [retry] = cardButtons(listing.content);
    expect(retry).toEqual({ label: '重新投递', value: { action: 'outbox.retry', id: String(failed!.id) } });

    const res = await deliver(h, cardActionEvent({ openId: 'ou_demo_linxiaomei', value: retry!.value, messageId: listing.messageId }));
    expect(res.status).toBe(200);
    expect(res.body.toast).toEqual({ type: 'success', content: `#${failed!.id} 已重新排入投递队列` });
    expect(res.body.card.type).toBe('raw');
    expect(res.body.card.data).toMatchObject({ schema: '2.0', config: { update_multi: true } });
    expect(cardText(res.body.card.data)).toContain('目前没有投递失败的消息');
    await h.settle();
    // The retried help card now reaches 赵明; the colleague's card is updated through the outbox,
    // the clicked card (already replaced by the response) is not patched a second time.
    expect(fake.messages.filter((m) => m.receiveId === 'ou_demo_zhaoming')).toHaveLength(1);
    expect(colleagues.patches.map(cardText)).toEqual([cardText(res.body.card.data)]);
    expect(listing.patches).toEqual([]);
  });

  it('refuses a click by someone who may not take that step, changing nothing', async () => {
    await feishuHarness();
    fake.fail('send', { kind: 'error_code', code: 230013, status: 400 });
    await deliver(h, menuEvent({ openId: 'ou_demo_zhaoming', eventKey: 'help' }));
    await h.settle();
    const [failed] = await h.db.select().from(outbox).where(eq(outbox.status, 'failed'));
    const res = await deliver(h, cardActionEvent({ openId: 'ou_demo_majun', value: { action: 'outbox.retry', id: String(failed!.id) }, messageId: 'om_x' }));
    expect(res.body).toEqual({ toast: { type: 'error', content: '投递失败记录仅区政府办督查人员可以查看和处理。如需了解某条消息是否送达，请联系区政府办。' } });
    const [still] = await h.db.select().from(outbox).where(eq(outbox.id, failed!.id));
    expect(still!.status).toBe('failed');
  });

  it('answers a button from an unknown card with a toast', async () => {
    await feishuHarness();
    const res = await deliver(h, cardActionEvent({ openId: 'ou_demo_majun', value: { key: 'value' }, messageId: 'om_old' }));
    expect(res.body).toEqual({ toast: { type: 'error', content: '这个按钮已失效，请发送 /帮助 查看可用命令。' } });
  });
});

describe('configuration', () => {
  it('answers 404 when Feishu is not configured', async () => {
    h = await makeHarness();
    const res = await h.app.request('/webhooks/feishu', { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
  });

  it('uses the configured Encrypt Key, never a default', async () => {
    await feishuHarness({ FEISHU_ENCRYPT_KEY: `${ENCRYPT_KEY}-rotated` });
    const res = await deliver(h, messageEvent({ openId: 'ou_demo_majun', text: '/帮助' }));
    expect(res.status).toBe(401);
  });
});
