import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, outbox } from '../../db/schema';
import { PATHS, type FakeDelivery } from '../fakes/dingtalk-api';
import { demoRegistry } from './demo-commands';
import { makeDingtalkHarness, postRobot, textCallback, type DingtalkKit } from './support';

let kit: DingtalkKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

async function say(k: DingtalkKit, from: string, text: string, group?: string) {
  await postRobot(k.h, textCallback({ from, text, group }));
  await k.h.settle();
}

/** What a click on an ActionCard button makes the user send: the dtmd link's content. */
function linkText(delivery: FakeDelivery, label: string): string {
  const p = delivery.msgParam;
  const pairs: Array<[string, string]> = [
    [p.singleTitle, p.singleURL],
    [p.buttonTitle1, p.buttonUrl1],
    [p.buttonTitle2, p.buttonUrl2],
    ...[1, 2, 3, 4, 5].map((i): [string, string] => [p[`actionTitle${i}`], p[`actionURL${i}`]]),
  ];
  const url = pairs.find(([title]) => title === label)?.[1];
  if (!url) throw new Error(`no button ${label} in ${JSON.stringify(p)}`);
  expect(url.startsWith('dtmd://dingtalkclient/sendMessage?content=')).toBe(true);
  return decodeURIComponent(url.split('content=')[1]!);
}

async function demo() {
  const k = await makeDingtalkHarness();
  k.h.deps.registry = demoRegistry(k.h.deps.registry);
  await say(k, 'dt_dengpeng', '/演示卡');
  return k;
}

describe('ActionCard fallback (no card template): buttons send the equivalent command', () => {
  it('renders the card as an ActionCard in 1:1 chats and lists the commands in the unit’s group', async () => {
    kit = await demo();
    const [reply] = kit.fake.deliveriesTo('dt_dengpeng');
    expect(reply!.msgKey).toBe('sampleActionCard6');
    expect(linkText(reply!, '确认')).toBe('/演示确认 1');
    expect(linkText(reply!, '退回')).toBe('【退回】 demo.reject id=1');
    const [notice] = kit.fake.deliveriesTo('cid_demo_zjj');
    expect(notice!.api).toBe('groupSend');
    expect(notice!.msgParam.text).toContain('在群内请 @机器人 发送：\n- 确认：/演示确认 1');
  });

  it('a button with a command runs that command; the new state arrives as the next message', async () => {
    kit = await demo();
    const [reply] = kit.fake.deliveriesTo('dt_dengpeng');
    await say(kit, 'dt_dengpeng', linkText(reply!, '确认'));
    const answer = kit.fake.deliveriesTo('dt_dengpeng').at(-1)!;
    expect(answer.msgParam.title).toBe('演示事项（已确认）');
    expect(kit.fake.deliveriesTo('dt_linxiaomei')[0]!.msgParam.content).toBe('演示事项 1 已由邓鹏确认。');
    // Robot messages cannot be edited: the refresh has nothing to update on DingTalk and ends as done.
    expect(kit.fake.calls(PATHS.cardUpdate)).toEqual([]);
    const [refresh] = await kit.h.db.select().from(outbox).where(eq(outbox.op, 'refresh'));
    expect(refresh!.status).toBe('sent');
  });

  it('a button without a command comes back as its action, answered with the toast', async () => {
    kit = await demo();
    const [reply] = kit.fake.deliveriesTo('dt_dengpeng');
    await say(kit, 'dt_dengpeng', linkText(reply!, '退回'));
    expect(kit.fake.deliveriesTo('dt_dengpeng').at(-1)!.msgParam).toEqual({ content: '已退回' });
  });

  it('an encoded click by someone not allowed changes nothing and says why', async () => {
    kit = await demo();
    await say(kit, 'dt_zhangli', '【确认】 demo.confirm id=1');
    expect(kit.fake.deliveriesTo('dt_zhangli').at(-1)!.msgParam).toEqual({ content: '只有住建局主要负责人可以确认。' });
    expect(await kit.h.db.select().from(auditLog).where(eq(auditLog.subjectType, 'demo'))).toEqual([]);
  });

  it('an encoded click that changes state answers with the new card, topped by the toast', async () => {
    kit = await demo();
    await say(kit, 'dt_dengpeng', '【确认】 demo.confirm id=1');
    const answer = kit.fake.deliveriesTo('dt_dengpeng').at(-1)!;
    expect(answer.msgParam.text).toContain('**已确认**');
    expect(answer.msgParam.title).toBe('演示事项（已确认）');
  });

  it('a redelivered click message has no second effect', async () => {
    kit = await demo();
    const body = textCallback({ from: 'dt_dengpeng', text: '【确认】 demo.confirm id=1', msgId: 'msgCLICK==' });
    await postRobot(kit.h, body);
    await postRobot(kit.h, body);
    await kit.h.settle();
    expect(await kit.h.db.select().from(auditLog).where(eq(auditLog.subjectType, 'demo'))).toHaveLength(1);
    expect(kit.fake.deliveriesTo('dt_dengpeng')).toHaveLength(2);
  });
});
