import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { textOf } from '../helpers/sandbox';
import { approvedLeave } from '../leave/helpers';
import { at, dayRun, issueItem, remindersHarness, runJobsAt, user } from './helpers';

let h: Harness;
afterEach(() => h?.close());

describe('Art. 40 承办落实: unacknowledged notices are chased at the end of the next working day, then daily', () => {
  it('a notice issued on Wednesday 09-30 is chased on Thursday 10-08 at 17:30 (after National Day), and every working day after', async () => {
    h = await remindersHarness('2026-09-30T10:00:00');
    const id = await issueItem(h, '来源=区政府文件 标题=节后安全检查 主办=住建局 协办=兴隆镇 期限=2026-10-30');
    await user(h, 'songjia').say(`/签收 ${id}`);
    const chase = (to: string) => `ack-chase item:${id} → ${to}`;
    const chases = async (time: string) => (await dayRun(h, time)).filter((p) => p.startsWith('ack-chase'));

    expect(await chases('2026-09-30T17:30:00')).toEqual([]);
    expect(await chases('2026-10-01T17:30:00')).toEqual([]);
    expect(await chases('2026-10-08T17:25:00')).toEqual([]);
    // The limit is the end of the next working day, 10-08: chased before office hours end, to the chat and the liaison.
    expect(await chases('2026-10-08T17:30:00')).toEqual([chase('chat:zjj'), chase('person:zhangli')]);
    const card = (await user(h, 'zhangli').inbox()).filter((m) => m.to.type === 'person' && m.message.card?.title === `催签收 · ${id}`).pop()!;
    expect(textOf(card.message)).toContain('今天（2026-10-08（周四））下班前须签收');
    expect(textOf(card.message)).toContain('[签收]');
    expect(await chases('2026-10-08T18:00:00')).toEqual([]);
    expect(await chases('2026-10-09T17:30:00')).toEqual([chase('chat:zjj'), chase('person:zhangli')]);
    const lapsed = (await user(h, 'zhangli').inbox()).filter((m) => m.to.type === 'person' && m.message.card?.title === `催签收 · ${id}`).pop()!;
    expect(textOf(lapsed.message)).toContain('签收时限 2026-10-08（周四） 已过，已逾期未签收');

    // Acknowledged from the chase card itself: the chasing stops.
    const clicked = await user(h, 'zhangli').click(lapsed.messageId, { action: 'sup.ack', item: id });
    expect(clicked.toast.text).toContain('住建局已签收');
    expect(await chases('2026-10-10T17:30:00')).toEqual([]);
  });
});

describe('Art. 40: NPC suggestions and CPPCC proposals are answered within 3 months', () => {
  it('warns the lead unit 30 and 7 days before the 3-month mark, each once', async () => {
    // Assigned 2026-06-12: the 3-month mark is 09-12 (Saturday) → 09-14 (Monday, 民法典 第二百零三条).
    h = await remindersHarness('2026-06-12T09:00:00');
    const id = await issueItem(h, '来源=人大建议 标题=关于增设公交站点的建议 主办=住建局 交办日期=2026-06-12');
    await user(h, 'zhangli').say(`/签收 ${id}`);
    const npc = (n: number) => `npc-mark-${n} item:${id} → chat:zjj`;
    // mark − 30 days = 08-15 (Saturday) → first working day 08-17.
    expect((await dayRun(h, '2026-08-14T09:00:00')).filter((p) => p.startsWith('npc'))).toEqual([]);
    expect((await dayRun(h, '2026-08-17T09:00:00')).filter((p) => p.startsWith('npc'))).toEqual([npc(30)]);
    expect((await dayRun(h, '2026-08-18T09:00:00')).filter((p) => p.startsWith('npc'))).toEqual([]);
    // mark − 7 days = 09-07 (Monday).
    expect((await dayRun(h, '2026-09-04T09:00:00')).filter((p) => p.startsWith('npc'))).toEqual([]);
    expect((await dayRun(h, '2026-09-07T09:00:00')).filter((p) => p.startsWith('npc'))).toEqual([npc(7)]);
    expect((await dayRun(h, '2026-09-08T09:00:00')).filter((p) => p.startsWith('npc'))).toEqual([]);
    const warning = (await user(h, 'zhangli').inbox()).filter((m) => m.message.kind === 'text' && m.message.text.startsWith('【人大代表建议办理提醒】')).pop()!;
    expect(warning.message.text).toBe(
      `【人大代表建议办理提醒】${id}「关于增设公交站点的建议」于 2026-06-12（周五） 交办，3个月期满日为 2026-09-14（周一），还有 7 天。依据《工作规则》第四十条，对人大代表建议和政协提案，应在3个月内办理答复。请按时答复（/办结 ${id} 答复内容）。`,
    );
  });

  it("a 3-month mark in a year whose holidays are unpublished is flagged provisional, and so is a complex item's deadline", async () => {
    h = await remindersHarness('2026-10-08T09:00:00');
    await issueItem(h, '来源=人大建议 标题=关于增设公交站点的建议 主办=住建局 交办日期=2026-10-08 复杂=是');
    // mark − 30 days = 2026-12-09 (Wednesday); the mark 2027-01-08 and the 6-month deadline 2027-04-08 lie in 2027.
    await runJobsAt(h, '2026-12-09T09:00:00');
    const warning = (await user(h, 'zhangli').inbox()).filter((m) => m.message.kind === 'text' && m.message.text.startsWith('【人大代表建议办理提醒】')).pop()!;
    expect(warning.message.text).toContain('3个月期满日为 2027-01-08（周五）（暂定，节假日安排未公布，暂按周末计算），还有 30 天。');
    expect(warning.message.text).toContain('最迟于 2027-04-08（周四）（暂定，节假日安排未公布，暂按周末计算） 前答复');
  });

  it('a deadline chase for a due date in an unpublished year flags the date provisional', async () => {
    // Received 2026-12-29: the third working day is Friday 2027-01-01, a working day only while 2027 is unpublished.
    h = await remindersHarness('2026-12-29T09:00:00');
    const id = await issueItem(h, '来源=领导批示 标题=回复群众来信 主办=住建局 收文日期=2026-12-29');
    await runJobsAt(h, '2026-12-30T09:00:00');
    const warning = (await user(h, 'zhangli').inbox()).filter((m) => m.message.kind === 'text' && m.message.text.startsWith('【督办提醒】')).pop()!;
    expect(warning.message.text).toContain(`督查事项 ${id}「回复群众来信」（主办 住建局）将于 2027-01-01（周五）（暂定，节假日安排未公布，暂按周末计算） 到期`);
  });

  it('a warning missed while the service was down goes out on the next working day', async () => {
    h = await remindersHarness('2026-06-12T09:00:00');
    const id = await issueItem(h, '来源=政协提案 标题=关于老城区停车难的提案 主办=住建局 交办日期=2026-06-12');
    expect((await dayRun(h, '2026-08-19T09:00:00')).filter((p) => p.startsWith('npc'))).toEqual([`npc-mark-30 item:${id} → chat:zjj`]);
  });
});

describe('escalation reaches whoever stands in for an absent deputy (Art. 11)', () => {
  it('赵明 on leave: his A/B partner 孙强 receives the escalation, marked as standing in', async () => {
    h = await remindersHarness('2026-11-16T10:00:00');
    const id = await issueItem(h, '来源=区政府文件 标题=工地扬尘 主办=住建局 期限=2026-11-18');
    await user(h, 'zhangli').say(`/签收 ${id}`);
    at(h, '2026-11-17T10:00:00');
    await approvedLeave(h, 'zhaoming', '/请假 11月23日-11月24日 出省 因公 北京 开会', ['chenzhiyuan', 'zhengguohua']);
    // 3 working days late on Monday 11-23 (11-19, 11-20, 11-23).
    const pushes = (await dayRun(h, '2026-11-23T09:00:00')).filter((p) => p.startsWith('escalation'));
    expect(pushes).toEqual([`escalation-1 item:${id} → chat:qzfb`, `escalation-1 item:${id} → person:sunqiang`]);
    const card = (await user(h, 'sunqiang').inbox()).find((m) => m.message.card?.title?.startsWith('督办升级'))!;
    expect(textOf(card.message)).toContain('赵明 请假外出，由您（AB角代批）接收。');
    expect(textOf(card.message)).toContain('依据《工作规则》第四十条，督查事项逾期 3 个工作日，报分管副区长督促办理');
    // Once per level: back on 11-25, 赵明 does not get level 1 again.
    expect((await dayRun(h, '2026-11-25T09:00:00')).filter((p) => p.startsWith('escalation'))).toEqual([]);
  });
});
