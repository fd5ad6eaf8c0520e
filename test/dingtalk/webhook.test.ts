import { afterEach, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { outbox } from '../../db/schema';
import { PATHS } from '../fakes/dingtalk-api';
import { fixture, makeDingtalkHarness, NOTHING_WRITTEN, postRobot, robotSign, rowsWritten, signedHeaders, textCallback, type DingtalkKit } from './support';

let kit: DingtalkKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

const NOTHING = NOTHING_WRITTEN;

describe('DingTalk robot callbacks: authentication', () => {
  it('accepts a request signed with the app secret as DingTalk signs it', async () => {
    kit = await makeDingtalkHarness();
    const res = await postRobot(kit.h, textCallback({ from: 'dt_majun', text: '/帮助' }));
    expect(res.status).toBe(200);
  });

  it.each([
    ['a forged signature', (now: number) => ({ timestamp: String(now), sign: robotSign(String(now), 'not-the-secret') }), '签名不匹配'],
    ['a signature for another timestamp', (now: number) => ({ timestamp: String(now), sign: robotSign(String(now - 1)) }), '签名不匹配'],
    ['a timestamp more than an hour old', (now: number) => ({ timestamp: String(now - 3_600_001), sign: robotSign(String(now - 3_600_001)) }), '超过 1 小时'],
    ['a timestamp more than an hour ahead', (now: number) => ({ timestamp: String(now + 3_600_001), sign: robotSign(String(now + 3_600_001)) }), '超过 1 小时'],
    ['no sign header', (now: number) => ({ timestamp: String(now) }), '缺少 sign'],
    ['no timestamp header', (now: number) => ({ sign: robotSign(String(now)) }), '缺少 timestamp'],
    ['a timestamp in seconds text', () => ({ timestamp: 'yesterday', sign: robotSign('yesterday') }), '毫秒时间戳'],
    ['a sign that is not Base64', (now: number) => ({ timestamp: String(now), sign: '%%%not-base64%%%' }), '签名不匹配'],
    ['the fixture headers (sign "xxxxxxxxxx")', () => fixture('robot-callback-http-headers.json'), ''],
  ])('rejects %s with 401, writes nothing and sends nothing', async (_name, headersFor, reason) => {
    kit = await makeDingtalkHarness();
    const headers = headersFor(kit.h.clock.now().getTime()) as Record<string, string>;
    const res = await postRobot(kit.h, textCallback({ from: 'dt_majun', text: '/帮助' }), headers);
    await kit.h.settle();
    expect(res.status).toBe(401);
    expect(res.json.error).toContain(reason);
    expect(await rowsWritten(kit)).toEqual(NOTHING);
    expect(kit.fake.requests).toEqual([]);
  });

  it('accepts a timestamp just inside the one-hour window', async () => {
    kit = await makeDingtalkHarness();
    const ts = String(kit.h.clock.now().getTime() - 3_600_000);
    const res = await postRobot(kit.h, textCallback({ from: 'dt_majun', text: '/帮助' }), { timestamp: ts, sign: robotSign(ts) });
    expect(res.status).toBe(200);
  });
});

describe('DingTalk robot callbacks: malformed bodies', () => {
  it.each([
    ['not JSON', '{"msgId": ', '不是合法的 JSON'],
    ['no msgId', { ...textCallback({ from: 'dt_majun', text: '/帮助' }), msgId: undefined }, 'msgId'],
    ['a numeric conversationType', { ...textCallback({ from: 'dt_majun', text: '/帮助' }), conversationType: 1 }, 'conversationType'],
    ['an empty object', {}, '消息格式不正确'],
  ])('answers %s with 400 and writes nothing', async (_name, body, message) => {
    kit = await makeDingtalkHarness();
    const res = await postRobot(kit.h, body);
    expect(res.status).toBe(400);
    expect(res.json.error).toContain(message);
    expect(await rowsWritten(kit)).toEqual(NOTHING);
    expect(kit.fake.requests).toEqual([]);
  });

  it('refuses an oversized body with 413', async () => {
    kit = await makeDingtalkHarness();
    const res = await postRobot(kit.h, textCallback({ from: 'dt_majun', text: '/帮助 '.padEnd(70_000, '啊') }));
    expect(res.status).toBe(413);
    expect(await rowsWritten(kit)).toEqual(NOTHING);
  });
});

describe('DingTalk robot callbacks: commands', () => {
  it('answers /帮助 in a 1:1 chat with the command list, sent through oToMessages/batchSend', async () => {
    kit = await makeDingtalkHarness();
    const res = await postRobot(kit.h, textCallback({ from: 'dt_majun', text: '/帮助' }));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    await kit.h.settle();
    const [send] = kit.fake.calls(PATHS.batchSend);
    expect(send!.headers['x-acs-dingtalk-access-token']).toBe('fake-token-1');
    expect(send!.body).toMatchObject({ robotCode: 'dingfakeappkey', userIds: ['dt_majun'], msgKey: 'sampleMarkdown' });
    const param = JSON.parse(send!.body.msgParam);
    expect(param.title).toBe('督办助手 · 您可以使用的命令');
    expect(param.text).toContain('/帮助（/help）');
  });

  it('trims the space a group @-mention leaves and answers in the unit’s group chat', async () => {
    kit = await makeDingtalkHarness();
    await postRobot(kit.h, textCallback({ from: 'dt_songjia', text: '/帮助 帮助', group: 'cid_demo_xlz' }));
    await kit.h.settle();
    const [send] = kit.fake.calls(PATHS.groupSend);
    expect(send!.body).toMatchObject({ robotCode: 'dingfakeappkey', openConversationId: 'cid_demo_xlz', msgKey: 'sampleMarkdown' });
    expect(JSON.parse(send!.body.msgParam).text).toContain('/帮助 请假');
  });

  it('answers a group that is no unit’s chat in the sender’s 1:1 chat', async () => {
    kit = await makeDingtalkHarness();
    await postRobot(kit.h, textCallback({ from: 'dt_songjia', text: '/帮助', group: 'cid_some_other_group' }));
    await kit.h.settle();
    expect(kit.fake.calls(PATHS.groupSend)).toEqual([]);
    expect(kit.fake.calls(PATHS.batchSend)[0]!.body.userIds).toEqual(['dt_songjia']);
  });

  it('handles the official group sample ("你好") with a Chinese pointer to /帮助', async () => {
    kit = await makeDingtalkHarness();
    const sample = { ...fixture('robot-callback-http-text.json'), senderStaffId: 'dt_majun' };
    await postRobot(kit.h, sample);
    await kit.h.settle();
    const [send] = kit.fake.calls(PATHS.batchSend);
    expect(JSON.parse(send!.body.msgParam).content).toContain('/帮助');
  });

  it('treats the same msgId delivered three times as one message', async () => {
    kit = await makeDingtalkHarness();
    const body = textCallback({ from: 'dt_majun', text: '/帮助', msgId: 'msgDUPLICATE==' });
    for (let i = 0; i < 3; i++) expect((await postRobot(kit.h, body)).status).toBe(200);
    await kit.h.settle();
    expect(kit.fake.calls(PATHS.batchSend)).toHaveLength(1);
    const [rows] = await kit.h.db.select({ n: count() }).from(outbox);
    expect(rows!.n).toBe(1);
  });

  it('replays a captured request within the hour without effect (the signature does not cover the body)', async () => {
    kit = await makeDingtalkHarness();
    const headers = signedHeaders(kit.h);
    const body = textCallback({ from: 'dt_majun', text: '/帮助', msgId: 'msgCAPTURED==' });
    await postRobot(kit.h, body, headers);
    await kit.h.settle();
    kit.h.clock.set(new Date(kit.h.clock.now().getTime() + 30 * 60_000));
    expect((await postRobot(kit.h, body, headers)).status).toBe(200);
    await kit.h.settle();
    expect(kit.fake.calls(PATHS.batchSend)).toHaveLength(1);
  });
});

describe('DingTalk robot callbacks: what the bot cannot read', () => {
  it.each(['picture', 'file', 'audio', 'richtext', 'video'])('answers a %s message with a short hint, in the response body', async (kind) => {
    kit = await makeDingtalkHarness();
    const content = fixture(`robot-callback-content-${kind}.json`);
    const body = { ...textCallback({ from: 'dt_majun', text: '' }), text: undefined, ...content };
    const res = await postRobot(kit.h, body);
    await kit.h.settle();
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ msgtype: 'text', text: { content: expect.stringContaining('/帮助') } });
    // Pictures and files are 佐证材料 when they follow a report (test/attachments/dingtalk.test.ts); here there is none.
    expect(res.json.text.content).toContain(kind === 'picture' || kind === 'file' ? '要添加佐证材料' : '只能识别文字命令');
    // No OpenAPI call: the hint costs none of the monthly quota.
    expect(kit.fake.requests).toEqual([]);
  });

  it('answers a redelivered picture only once', async () => {
    kit = await makeDingtalkHarness();
    const body = { ...textCallback({ from: 'dt_majun', text: '', msgId: 'msgPIC==' }), text: undefined, ...fixture('robot-callback-content-picture.json') };
    expect((await postRobot(kit.h, body)).json.msgtype).toBe('text');
    const again = await postRobot(kit.h, body);
    expect(again.status).toBe(200);
    expect(again.text).toBe('');
  });

  it('answers someone outside the directory politely, naming whom to contact, and does nothing else', async () => {
    kit = await makeDingtalkHarness();
    const res = await postRobot(kit.h, textCallback({ from: 'user123', text: '/请假 明天 事假' }));
    await kit.h.settle();
    expect(res.status).toBe(200);
    expect(res.json.text.content).toBe('您好！您的钉钉账号尚未登记在督办助手的通讯录中，暂时无法为您办理。请联系区政府办（黄海、林小梅、何俊）登记后再试。');
    expect(await rowsWritten(kit)).toEqual({ ...NOTHING, events: 1 });
    expect(kit.fake.requests).toEqual([]);
  });

  it('@-mentions the unknown sender when answering in a group', async () => {
    kit = await makeDingtalkHarness();
    const res = await postRobot(kit.h, { ...fixture('robot-callback-http-text.json') });
    expect(res.json).toMatchObject({ msgtype: 'text', at: { atUserIds: ['user123'] } });
  });
});

describe('DingTalk routes when DingTalk is not configured', () => {
  it('answers 404 and writes nothing', async () => {
    const { makeHarness } = await import('../helpers/harness');
    const h = await makeHarness();
    const res = await h.app.request('/webhooks/dingtalk', { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect((await res.json()).error).toContain('钉钉未启用');
    h.close();
  });
});
