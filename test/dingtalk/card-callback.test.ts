import { afterEach, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { auditLog, outbox } from '../../db/schema';
import { PATHS } from '../fakes/dingtalk-api';
import { demoRegistry } from './demo-commands';
import { cardClickBody, cardSign, fixture, makeDingtalkHarness, postCardClick, postRobot, textCallback, TEMPLATE_ID, type DingtalkKit } from './support';

let kit: DingtalkKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

/** 邓鹏 (住建局 head) opens the demo card: a reply to him, a notice to 住建局's chat, a copy to its liaison. */
async function withDemoCards() {
  const k = await makeDingtalkHarness({ interactive: true });
  k.h.deps.registry = demoRegistry(k.h.deps.registry);
  await postRobot(k.h, textCallback({ from: 'dt_dengpeng', text: '/演示卡' }));
  await k.h.settle();
  const byTarget = (space: string) => [...k.fake.cards.values()].find((c) => c.openSpaceId === space)!;
  return {
    k,
    reply: byTarget('dtv1.card//IM_ROBOT.dt_dengpeng'),
    group: byTarget('dtv1.card//IM_GROUP.cid_demo_zjj'),
    liaison: byTarget('dtv1.card//IM_ROBOT.dt_zhangli'),
  };
}

const confirmParams = { action: 'demo.confirm', payload: '{"id":"1"}' };

describe('interactive cards: delivery', () => {
  it('creates each card with the template, an HTTP callback and the registered route key', async () => {
    const { k, reply, group, liaison } = await withDemoCards();
    kit = k;
    for (const card of [reply, group, liaison]) {
      expect(card).toMatchObject({ cardTemplateId: TEMPLATE_ID, callbackType: 'HTTP', callbackRouteKey: 'duban-assistant' });
      expect(card.cardParamMap.title).toBe('演示事项');
      expect(JSON.parse(card.cardParamMap.buttons!).map((b: any) => b.text)).toEqual(['确认', '退回']);
    }
    const body = k.fake.calls(PATHS.cardDeliver).find((r) => r.body.openSpaceId === 'dtv1.card//IM_GROUP.cid_demo_zjj')!.body;
    expect(body.imGroupOpenDeliverModel).toEqual({ robotCode: 'dingfakeappkey' });
    expect(body.userIdType).toBe(1);
    // No robot message was needed: cards carry the reply and the pushes.
    expect(k.fake.calls(PATHS.batchSend)).toEqual([]);
  });
});

describe('interactive cards: clicks at POST /webhooks/dingtalk/card', () => {
  it('answers a permitted click at once with the updated card and a private toast, then updates the other copies', async () => {
    const { k, reply, group, liaison } = await withDemoCards();
    kit = k;
    const res = await postCardClick(k.h, cardClickBody({ userId: 'dt_dengpeng', outTrackId: group.outTrackId, params: confirmParams }));
    expect(res.status).toBe(200);
    expect(res.json.cardData.cardParamMap).toMatchObject({ title: '演示事项（已确认）', has_buttons: 'false' });
    expect(res.json.userPrivateData.cardParamMap).toEqual({ notice: '已确认', notice_kind: 'success' });
    await k.h.settle();
    const updated = k.fake
      .calls(PATHS.cardUpdate)
      .map((r) => r.body.outTrackId)
      .sort();
    expect(updated).toEqual([reply.outTrackId, liaison.outTrackId].sort());
    expect(reply.cardParamMap.title).toBe('演示事项（已确认）');
    expect(liaison.cardParamMap.markdown).toBe('已由 邓鹏 确认。');
    expect(JSON.parse(k.fake.calls(PATHS.batchSend).find((r) => r.body.userIds.includes('dt_linxiaomei'))!.body.msgParam).content).toBe(
      '演示事项 1 已由邓鹏确认。',
    );
  });

  it('refuses a click by someone the core does not allow, with a toast and no change', async () => {
    const { k, liaison } = await withDemoCards();
    kit = k;
    const before = k.fake.requests.length;
    const res = await postCardClick(k.h, cardClickBody({ userId: 'dt_zhangli', outTrackId: liaison.outTrackId, params: confirmParams }));
    await k.h.settle();
    expect(res.json).not.toHaveProperty('cardData');
    expect(res.json.userPrivateData.cardParamMap).toEqual({ notice: '只有住建局主要负责人可以确认。', notice_kind: 'error' });
    expect(k.fake.requests.length).toBe(before);
    expect(await k.h.db.select().from(auditLog).where(eq(auditLog.subjectType, 'demo'))).toEqual([]);
  });

  it('ignores a replayed click (same signed timestamp and body)', async () => {
    const { k, group } = await withDemoCards();
    kit = k;
    const body = cardClickBody({ userId: 'dt_dengpeng', outTrackId: group.outTrackId, params: confirmParams });
    const ts = String(k.h.clock.now().getTime());
    await postCardClick(k.h, body, { timestamp: ts });
    await k.h.settle();
    const sent = k.fake.requests.length;
    const again = await postCardClick(k.h, body, { timestamp: ts });
    await k.h.settle();
    expect(again.json.userPrivateData.cardParamMap.notice).toBe('已处理');
    expect(k.fake.requests.length).toBe(sent);
    expect(await k.h.db.select().from(auditLog).where(eq(auditLog.subjectType, 'demo'))).toHaveLength(1);
  });

  it('reads the template builder’s `value` variant too', async () => {
    const { k, group } = await withDemoCards();
    kit = k;
    const variant = { ...fixture('card-callback-request-value-variant.json'), userId: 'dt_dengpeng', outTrackId: group.outTrackId };
    variant.value = JSON.stringify({ cardPrivateData: { actionIds: ['1'] }, params: confirmParams });
    const res = await postCardClick(k.h, variant);
    expect(res.json.userPrivateData.cardParamMap.notice).toBe('已确认');
  });

  it('answers a click from someone outside the directory with whom to contact, and changes nothing', async () => {
    const { k, group } = await withDemoCards();
    kit = k;
    const res = await postCardClick(k.h, fixture('card-callback-http-action.json'));
    expect(res.status).toBe(200);
    expect(res.json.userPrivateData.cardParamMap.notice).toContain('请联系区政府办（黄海、林小梅、何俊）');
    expect(group.updates).toBe(0);
  });

  it('tells the clicker a button of an unknown action is no longer valid', async () => {
    const { k, group } = await withDemoCards();
    kit = k;
    const res = await postCardClick(k.h, cardClickBody({ userId: 'dt_dengpeng', outTrackId: group.outTrackId, params: { action: 'accept' } }));
    expect(res.json.userPrivateData.cardParamMap.notice).toBe('这个按钮已失效，请发送 /帮助 查看可用命令。');
  });

  it.each<[string, { timestamp?: string; signature?: string }]>([
    ['a forged signature', { signature: cardSign('1', 'wrong') }],
    ['a stale timestamp, correctly signed', { timestamp: '1577262236757', signature: cardSign('1577262236757') }],
  ])('rejects %s with 401 and changes nothing', async (_name, headers) => {
    const { k, group } = await withDemoCards();
    kit = k;
    const res = await postCardClick(k.h, cardClickBody({ userId: 'dt_dengpeng', outTrackId: group.outTrackId, params: confirmParams }), headers);
    await k.h.settle();
    expect(res.status).toBe(401);
    expect(group.updates).toBe(0);
    expect(await k.h.db.select().from(auditLog).where(eq(auditLog.subjectType, 'demo'))).toEqual([]);
  });

  it.each([
    ['content that is not JSON', { outTrackId: 'x', userId: 'dt_dengpeng', content: '{oops' }, '不是 JSON'],
    ['no content nor value', { outTrackId: 'x', userId: 'dt_dengpeng' }, '缺少 content 或 value'],
    ['params without action', { outTrackId: 'x', userId: 'dt_dengpeng', content: '{"cardPrivateData":{"params":{"like":"true"}}}' }, 'params.action'],
    ['not JSON at all', 'hello', '不是合法的 JSON'],
  ])('answers %s with 400 and writes nothing', async (_name, body, message) => {
    kit = await makeDingtalkHarness({ interactive: true });
    const [before] = await kit.h.db.select({ n: count() }).from(outbox);
    const res = await postCardClick(kit.h, body);
    expect(res.status).toBe(400);
    expect(res.json.error).toContain(message);
    const [after] = await kit.h.db.select({ n: count() }).from(outbox);
    expect(after!.n).toBe(before!.n);
  });
});
