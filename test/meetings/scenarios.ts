import { expect } from 'vitest';
import { supervisionItems } from '../../db/schema';
import { latest, type MessageView, type PlatformDriver } from '../helpers/platform-driver';

/** The newest card titled `title` that still has 同意 (a returned round's card has none). */
const open = (messages: MessageView[], title: RegExp) =>
  latest(
    messages.filter((m) => m.buttons.includes('同意')),
    title,
  );

/**
 * One meeting walked end to end (Art. 50–56), written once against `PlatformDriver` so the sandbox
 * and signed Feishu deliveries run the same steps: schedule → notice → agenda chain → minutes chain →
 * supervision items with the Art. 40 deadline on the 调休 calendar.
 */
export async function meetingRoundTrip(d: PlatformDriver) {
  d.h.clock.set('2026-09-21T09:00:00+08:00');
  await d.say('linxiaomei', '/会议 安排 类别=常务会议 名称=第9次常务会议 日期=9月24日');
  const notice = latest(await d.inbox('zhaoming'), '会议通知');
  expect(notice.buttons).toContain('请假');

  await d.say('dengpeng', '/会议 议题 会议=1 标题=老旧小区改造实施方案 涉及规范性文件=是');
  expect((await d.inbox('dengpeng')).map((m) => m.text).join('\n')).toContain('未经合法性审核或经审核不合法的，不得提交会议审议');
  await d.say('dengpeng', '/会议 议题 会议=1 标题=老旧小区改造实施方案 涉及规范性文件=是 合法性审核=已通过');
  for (const [who, toast] of [
    ['zhaoming', '已同意，转 常务副区长审核。'],
    ['liujianguo', '已同意，转 区长审定。'],
    ['chenzhiyuan', '已签批完成。'],
  ] as const) {
    const card = latest(await d.inbox(who), '议题 · 老旧小区改造实施方案（编号 1）');
    expect((await d.click(who, card, '同意')).toast).toBe(toast);
  }
  const own = latest(await d.inbox('dengpeng'), '议题 · 老旧小区改造实施方案（编号 1）');
  if (d.editsCards) expect(own.text).toContain('状态：已签批');

  d.h.clock.set('2026-09-24T16:00:00+08:00');
  await d.say('linxiaomei', '/会议 纪要 1\n老旧小区改造｜住建局');
  const review = open(await d.inbox('liujianguo'), /^会议纪要/);
  const back = await d.click('liujianguo', review, '退回');
  expect(back.toast).toBe('请填写退回理由。');
  const form = latest(await d.inbox('liujianguo'), '退回会议纪要');
  expect((await d.click('liujianguo', form, '确认退回', { reason: '补充协办单位' })).toast).toBe('已退回，已告知提交人。');
  await d.say('linxiaomei', '/会议 纪要 1\n老旧小区改造｜住建局\n秋冬季供暖准备｜兴隆镇');
  expect((await d.click('liujianguo', open(await d.inbox('liujianguo'), /^会议纪要/), '同意')).toast).toBe('已同意，转 区长签发。');
  const signed = await d.click('chenzhiyuan', open(await d.inbox('chenzhiyuan'), /^会议纪要/), '同意');
  expect(signed.toast).toBe('已签批完成。议定事项已登记为督查事项：DB-2026-0001（期限 2026-10-15）、DB-2026-0002（期限 2026-10-15）。');
  const items = await d.h.db.select().from(supervisionItems);
  expect(items.map((i) => [i.source, i.leadUnitId, i.dueOn])).toEqual([
    ['standing_meeting', 'zjj', '2026-10-15'],
    ['standing_meeting', 'xlz', '2026-10-15'],
  ]);
}

/** Art. 64 and Art. 57 on the same driver: a seal use signed by the head; a second district-wide meeting refused. */
export async function sealAndDistrictMeetingRoundTrip(d: PlatformDriver) {
  await d.say('zhangli', '/用印 印章=区政府 事由=报送市政府的请示 份数=2');
  expect((await d.click('chenzhiyuan', latest(await d.inbox('chenzhiyuan'), '用印申请'), '同意')).toast).toBe('已签批完成。');
  await d.say('dengpeng', '/全区会议 名称=全区城建工作会议 日期=12月10日');
  await d.say('dengpeng', '/全区会议 名称=全区物业工作会议 日期=12月20日');
  expect((await d.inbox('dengpeng')).map((m) => m.text).join('\n')).toContain('依据《工作规则》第五十七条，部门召开的全区性会议，原则上每年不超过1次。');
}
