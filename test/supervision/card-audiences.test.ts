import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { textOf } from '../helpers/sandbox';
import { at, cast, clickButton, footprint, latestCard, register, supervisionHarness, type User } from './helpers';

let h: Harness;
afterEach(() => h?.close());

/** An issued leader instruction for 住建局 (lead) and 兴隆镇 (assisting). */
async function issued() {
  h = await supervisionHarness('2026-09-30T09:00:00');
  const p = cast(h);
  const id = await register(p.office, '来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 协办=兴隆镇 收文日期=2026-09-30');
  await p.office.say(`/督办 交办 ${id} 领导=赵明`);
  at(h, '2026-09-30T10:00:00');
  return { p, id };
}

const buttonsOn = async (user: User, title: string) => {
  const text = textOf((await latestCard(user, title)).message);
  return [...text.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]);
};

describe('Art. 40 roles: each reader of a card gets only the actions they can take', () => {
  it('the notice: 签收 disappears for a unit once it signed (not for the other unit); 申请延期 only for the lead unit; the office has none of the units’ buttons', async () => {
    const { p } = await issued();
    expect(await buttonsOn(p.zjjLiaison, '督查通知')).toEqual(['签收', '提交工作计划', '报送进展', '报送办结', '申请延期']);
    expect(await buttonsOn(p.xlzLiaison, '督查通知')).toEqual(['签收', '提交工作计划', '报送进展', '报送办结']);
    expect(await buttonsOn(p.office, '督查通知')).toEqual([]);

    await clickButton(p.zjjLiaison, await latestCard(p.zjjLiaison, '督查通知'), '签收');
    expect(await buttonsOn(p.zjjLiaison, '督查通知')).toEqual(['提交工作计划', '报送进展', '报送办结', '申请延期']);
    expect(textOf((await latestCard(p.zjjLiaison, '督查通知')).message)).not.toContain('/签收');
    expect(await buttonsOn(p.xlzLiaison, '督查通知')).toContain('签收');
  });

  it('a completed item: 归档 is on the office’s notice only, and a liaison’s forged 归档 click is refused and changes nothing', async () => {
    const { p, id } = await issued();
    await p.zjjHead.say(`/办结 ${id} 已全部整改到位`);
    await clickButton(p.office, await latestCard(p.office, '办理结果报告'), '审核通过');
    expect(await buttonsOn(p.office, '督查通知')).toEqual(['归档']);
    expect(await buttonsOn(p.zjjLiaison, '督查通知')).toEqual([]);

    const notice = await latestCard(p.zjjLiaison, '督查通知');
    const before = await footprint(h);
    const forged = await p.zjjLiaison.click(notice.messageId, { action: 'sup.archive', item: id });
    expect(forged.toast).toEqual({ kind: 'error', text: expect.stringContaining('只有督查人员可以归档') });
    expect(await footprint(h)).toEqual(before);
  });

  it('a report: the unit head’s copy carries only 审签 while it waits, and none of the office’s 签收/审核 after; a forged 审核 click by the head is refused', async () => {
    const { p, id } = await issued();
    await p.zjjLiaison.say(`/进展 ${id} 已完成排查，正在整改`);
    expect(await buttonsOn(p.zjjHead, '办理进展报告')).toEqual(['审签通过', '退回修改']);
    const signed = await clickButton(p.zjjHead, await latestCard(p.zjjHead, '办理进展报告'), '审签通过');
    expect(textOf({ kind: 'card', card: signed.card })).not.toMatch(/\[(签收|审核通过|退回重办)\]/);
    expect(await buttonsOn(p.zjjHead, '办理进展报告')).toEqual([]);
    expect(await buttonsOn(p.office, '办理进展报告')).toEqual(['签收', '审核通过', '退回重办']);

    const head = await latestCard(p.zjjHead, '办理进展报告');
    const before = await footprint(h);
    const reportId = (await latestCard(p.office, '办理进展报告')).message.card.blocks.find((b: any) => b.type === 'buttons').buttons[0].payload.report;
    const forged = await p.zjjHead.click(head.messageId, { action: 'sup.review', report: reportId, decision: 'accept' });
    expect(forged.toast.kind).toBe('error');
    expect(await footprint(h)).toEqual(before);
  });

  it('the draft: once sent for approval, the office’s copy has no 同意交办 — only the leader’s has', async () => {
    h = await supervisionHarness('2026-09-30T09:00:00');
    const p = cast(h);
    await register(p.office, '来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 收文日期=2026-09-30');
    await clickButton(p.office, await latestCard(p.office, '督查事项草稿'), '送领导审定', { leader: 'zhaoming' });
    expect(await buttonsOn(p.zhaoming, '督查事项审定')).toEqual(['同意交办', '不同意交办']);
    expect(await buttonsOn(p.office, '督查事项审定')).toEqual([]);
  });
});
