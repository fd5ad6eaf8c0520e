import { afterEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, supervisionExtensions } from '../../db/schema';
import type { Harness } from '../helpers/harness';
import { sandboxUser, textOf } from '../helpers/sandbox';
import { approvedLeave, runLeaveDutiesNow, texts } from '../leave/helpers';
import { runJobsAt } from '../reminders/helpers';
import { at, cast, clickButton, footprint, item, latestCard, register, reportsOf, said, supervisionHarness, timeline } from './helpers';

let h: Harness;
afterEach(() => h?.close());

const LEADER_CHAIN = ['chenzhiyuan', 'zhengguohua'];
const REQUEST = '12月20日 原因：燃气管道材料供货延迟 进展：已完成80%点位整改 下一步：12月15日前完成剩余点位';

/** 赵明 on approved leave 11-30 … 12-02 (filed 11-26); an item of his for 住建局, issued, due 12-10. */
async function zhaomingAwayWithItem() {
  h = await supervisionHarness('2026-11-26T09:00:00');
  const p = cast(h);
  await approvedLeave(h, 'zhaoming', '/请假 11月30日-12月2日 出省 因公 北京 开会', LEADER_CHAIN);
  const id = await register(p.office, '来源=区政府文件 标题=落实燃气安全整治 主办=住建局 期限=2026-12-10');
  await p.office.say(`/督办 交办 ${id} 领导=赵明`);
  return { p, id };
}

async function auditOf(subjectId: string, action: string) {
  const [row] = await h.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.subjectId, subjectId), eq(auditLog.action, action)));
  return row!;
}

describe('Art. 11 a deputy away: the A/B partner decides extensions, the absent deputy does not', () => {
  it('an extension asked while 赵明 is away goes to 孙强, who decides it; 赵明’s click is refused naming 孙强; addressee and decider are recorded', async () => {
    const { p, id } = await zhaomingAwayWithItem();
    at(h, '2026-11-30T10:00:00');
    const [reply] = await p.zjjLiaison.say(`/延期 ${id} ${REQUEST}`);
    expect(said(reply!)).toBe('已提交延期申请（延至 2026-12-20），送 孙强（AB角代批，代 赵明） 审批。');
    const card = await latestCard(p.sunqiang, '延期申请');
    expect(await texts(h, 'sunqiang')).toContain(`赵明 请假外出，督查事项 ${id} 的延期申请（延至 2026-12-20）转由您处理（AB角代批，依据第十一条）。`);

    const before = await footprint(h);
    const refused = await clickButton(p.zhaoming, card, '同意延期');
    expect(refused.toast.kind).toBe('error');
    expect(refused.toast.text).toBe(
      '依据第十一条：您正在请假外出，期间由 孙强（AB角代批） 代为处理本事项，您的操作未生效。如已提前返回，请先发送 /销假 后再处理。',
    );
    expect(await footprint(h)).toEqual(before);

    expect((await clickButton(p.sunqiang, card, '同意延期')).toast.text).toBe('已同意延期至 2026-12-20。');
    expect(await item(h, id)).toMatchObject({ dueOn: '2026-12-20' });
    const [extension] = await h.db.select().from(supervisionExtensions).where(eq(supervisionExtensions.itemId, id));
    expect(extension).toMatchObject({ deciderId: 'zhaoming', decidedBy: 'sunqiang', status: 'granted' });
    expect((await auditOf(id, 'extension_granted')).detail).toMatchObject({ addresseeId: 'zhaoming', decidedById: 'sunqiang', delegation: 'ab_partner' });
    expect(await timeline(h, id)).toContain('孙强（AB角代批，代 赵明） 同意延期至 2026-12-20');
  });

  it('an extension asked before the leave is handed to 孙强 when the leave starts; after 销假 赵明 decides again', async () => {
    const { p, id } = await zhaomingAwayWithItem();
    at(h, '2026-11-27T10:00:00');
    await p.zjjLiaison.say(`/延期 ${id} ${REQUEST}`);
    const card = await latestCard(p.zhaoming, '延期申请');
    // Before the leave starts 孙强 may not decide it.
    expect((await clickButton(p.sunqiang, card, '同意延期')).toast.text).toBe('只有本事项的交办领导（或按设置由区政府办）可以审批延期申请。');

    at(h, '2026-11-30T09:00:00');
    await runLeaveDutiesNow(h);
    const handed = await latestCard(p.sunqiang, '延期申请');
    expect(textOf(handed.message)).toContain(id);
    expect(await texts(h, 'sunqiang')).toContain(`赵明 请假外出，督查事项 ${id} 的延期申请（延至 2026-12-20）转由您处理（AB角代批，依据第十一条）。`);
    await runLeaveDutiesNow(h);
    expect((await p.sunqiang.inbox()).filter((m) => m.message.kind === 'card' && m.message.card.title.startsWith('延期申请'))).toHaveLength(1);

    expect((await clickButton(p.zhaoming, card, '同意延期')).toast.text).toContain('期间由 孙强（AB角代批） 代为处理本事项');
    at(h, '2026-12-01T08:00:00');
    await p.zhaoming.say('/销假');
    expect((await clickButton(p.zhaoming, card, '同意延期')).toast.text).toBe('已同意延期至 2026-12-20。');
  });

  it('with 孙强 away too, the executive deputy 刘建国 decides (常务副区长代批)', async () => {
    const { p, id } = await zhaomingAwayWithItem();
    await approvedLeave(h, 'sunqiang', '/请假 11月30日-12月1日 出省 因公 北京 开会', LEADER_CHAIN);
    at(h, '2026-11-30T10:00:00');
    const [reply] = await p.zjjLiaison.say(`/延期 ${id} ${REQUEST}`);
    expect(said(reply!)).toBe('已提交延期申请（延至 2026-12-20），送 刘建国（常务副区长代批，代 赵明） 审批。');
    const executive = sandboxUser(h, 'liujianguo');
    const card = await latestCard(executive, '延期申请');
    expect(await texts(h, 'liujianguo')).toContain(`赵明 请假外出，督查事项 ${id} 的延期申请（延至 2026-12-20）转由您处理（常务副区长代批，依据第十一条）。`);
    expect((await clickButton(p.sunqiang, card, '同意延期')).toast.text).toContain('期间由 刘建国（常务副区长代批） 代为处理本事项');
    expect((await clickButton(executive, card, '同意延期')).toast.text).toBe('已同意延期至 2026-12-20。');
  });

  it('with both A/B partners away, 赵明’s pending extension is in the executive deputy’s morning digest, not 孙强’s', async () => {
    const { p, id } = await zhaomingAwayWithItem();
    await approvedLeave(h, 'sunqiang', '/请假 11月30日-12月1日 出省 因公 北京 开会', LEADER_CHAIN);
    at(h, '2026-11-27T10:00:00');
    await p.zjjLiaison.say(`/延期 ${id} ${REQUEST}`);
    await runJobsAt(h, '2026-11-30T09:00:00');
    const digest = await latestCard(sandboxUser(h, 'liujianguo'), '每日提醒');
    expect(textOf(digest.message)).toContain('**代为关注（请假外出人员待处理的事项）（1）**');
    expect(textOf(digest.message)).toContain(`赵明：**${id}** 落实燃气安全整治｜住建局申请延期至 2026-12-20`);
    expect((await p.sunqiang.inbox()).some((m) => m.message.kind === 'card' && m.message.card.title.startsWith('每日提醒'))).toBe(false);
    // Every leader's digest names who stands in for each of them.
    const others = textOf((await latestCard(sandboxUser(h, 'wangli'), '每日提醒')).message);
    expect(others).toContain('北京；由常务副区长 刘建国 负责其分管工作（第十一条）');
    expect(others).not.toContain('由AB角');
  });
});

describe('Art. 9, 11 a leader away: drafts for their 审定 go to whoever acts for them', () => {
  it('a draft sent to 赵明 while he is away reaches 孙强, who approves it; 赵明’s click is refused', async () => {
    h = await supervisionHarness('2026-11-26T09:00:00');
    const p = cast(h);
    await approvedLeave(h, 'zhaoming', '/请假 11月30日-12月2日 出省 因公 北京 开会', LEADER_CHAIN);
    const id = await register(p.office, '来源=区政府文件 标题=落实燃气安全整治 主办=住建局 期限=2026-12-10');
    at(h, '2026-11-30T10:00:00');
    await p.office.say(`/督办 送审 ${id} 领导=赵明`);
    expect(await timeline(h, id)).toContain('林小梅 送 孙强（AB角代批，代 赵明） 审定');
    const card = await latestCard(p.sunqiang, '督查事项审定');
    expect(await texts(h, 'sunqiang')).toContain(`赵明 请假外出，督查事项 ${id}「落实燃气安全整治」的审定转由您处理（AB角代批，依据第十一条）。`);

    const before = await footprint(h);
    expect((await clickButton(p.zhaoming, card, '同意交办')).toast.text).toContain('期间由 孙强（AB角代批） 代为处理本事项');
    expect(await footprint(h)).toEqual(before);

    expect((await clickButton(p.sunqiang, card, '同意交办')).toast.text).toBe(
      `督查事项 ${id} 已交办（孙强（AB角代批，代 赵明） 审定），督查通知已发送至 住建局。`,
    );
    expect(await item(h, id)).toMatchObject({ status: 'issued', approvalLeaderId: 'zhaoming', assigningLeaderId: 'sunqiang' });
    expect((await auditOf(id, 'issued')).detail).toMatchObject({ addresseeId: 'zhaoming', decidedById: 'sunqiang', delegation: 'ab_partner' });
    expect(await timeline(h, id)).toContain('孙强（AB角代批，代 赵明） 审定同意交办，以区政府办名义发出督查通知');
  });

  it('a draft waiting for 赵明 when his leave starts is handed to 孙强', async () => {
    h = await supervisionHarness('2026-11-26T09:00:00');
    const p = cast(h);
    await approvedLeave(h, 'zhaoming', '/请假 11月30日-12月2日 出省 因公 北京 开会', LEADER_CHAIN);
    const id = await register(p.office, '来源=区政府文件 标题=落实燃气安全整治 主办=住建局 期限=2026-12-10');
    await p.office.say(`/督办 送审 ${id} 领导=赵明`);
    expect((await p.sunqiang.inbox()).some((m) => m.message.kind === 'card' && m.message.card.title.startsWith('督查事项审定'))).toBe(false);
    at(h, '2026-11-30T09:00:00');
    await runLeaveDutiesNow(h);
    const card = await latestCard(p.sunqiang, '督查事项审定');
    expect((await clickButton(p.sunqiang, card, '同意交办')).toast.kind).toBe('success');
  });
});

describe('Art. 40 审核汇总 with Art. 11: an accepted report for a leader away goes to whoever acts for them', () => {
  it('the office accepts 住建局’s progress report while 赵明 is away: 孙强 receives it to read, and the record keeps both', async () => {
    const { p, id } = await zhaomingAwayWithItem();
    at(h, '2026-11-30T10:00:00');
    await p.zjjHead.say(`/进展 ${id} 已完成80%点位整改`);
    const accepted = await clickButton(p.office, await latestCard(p.office, '办理进展报告'), '审核通过');
    expect(accepted.toast.kind).toBe('success');
    expect(textOf((await latestCard(p.sunqiang, '办理进展报告')).message)).toContain('已完成80%点位整改');
    expect((await p.zhaoming.inbox()).some((m) => m.message.kind === 'card' && m.message.card.title.startsWith('办理进展报告'))).toBe(false);
    expect((await reportsOf(h, id))[0]).toMatchObject({ forwardedTo: 'sunqiang' });
    expect(await timeline(h, id)).toContain('区政府办 林小梅 审核通过住建局办理进展报告（第1轮），报 孙强（AB角代批，代 赵明） 审阅');
    expect((await auditOf(id, 'report_accepted')).detail).toMatchObject({ addresseeId: 'zhaoming', forwardedTo: 'sunqiang' });
  });
});
