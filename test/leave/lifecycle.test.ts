import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from '../helpers/harness';
import { sandboxUser, textOf } from '../helpers/sandbox';
import { approvedLeave, buttonValue, clickLeave, file, leaveCardOf, rowCounts, runLeaveDutiesNow, setClock, texts } from './helpers';

let h: Harness;
afterEach(() => h?.close());

const UNIT_HEAD_CHAIN = ['zhaoming', 'chenzhiyuan'];
/** Clicks `label` on the requester's card, then `yes` on the question the card asks. */
async function confirmOnCard(id: number, label: string, yes: string, personId = 'majun') {
  const card = await leaveCardOf(h, personId, id);
  const asked = await clickLeave(h, personId, id, label);
  return sandboxUser(h, personId).click(card.messageId, buttonValue({ kind: 'card', card: asked.card }, yes));
}

const replyText = async (personId: string, text: string) => (await sandboxUser(h, personId).say(text)).map((r) => textOf(r.message)).join('\n');

describe('withdrawing a request before the final decision', () => {
  it('/请假 撤回 withdraws the only pending request, tells the current approver and updates every card', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const id = await file(h, 'majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲');
    const stale = await leaveCardOf(h, 'zhaoming', id);
    expect(await replyText('majun', '/请假 撤回')).toBe(`已撤回请假申请（编号 ${id}）。`);
    expect(await texts(h, 'zhaoming')).toContain(
      `镇长 马军 已撤回请假申请（编号 ${id}，2026-12-04（周五） 至 2026-12-05（周六），共 2 天，哈尔滨），无需再处理。`,
    );
    const card = textOf((await leaveCardOf(h, 'zhaoming', id)).message);
    expect(card).toContain('**状态：已撤回**');
    expect(card).toContain('1. 主管领导（分管副区长）审核 · 赵明 — 不再需要');
    expect(card).not.toContain('[同意]');
    const late = await sandboxUser(h, 'zhaoming').click(stale.messageId, buttonValue(stale.message, '同意'));
    expect(late.toast).toEqual({ kind: 'info', text: '该请假申请已撤回，无需再处理。' });
  });

  it('the card’s 撤回申请 button withdraws it once confirmed', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const id = await file(h, 'majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲');
    const res = await confirmOnCard(id, '撤回申请', '确认撤回');
    expect(res.toast).toEqual({ kind: 'success', text: `已撤回请假申请（编号 ${id}）。` });
    expect(textOf({ kind: 'card', card: res.card })).toContain('**状态：已撤回**');
  });

  it('an approved request cannot be withdrawn (it can be cancelled)', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const id = await approvedLeave(h, 'majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲', UNIT_HEAD_CHAIN);
    expect(await replyText('majun', `/请假 撤回 ${id}`)).toBe(`该请假申请已批准，不能撤回；出发前可以取消：/请假 取消 ${id}`);
  });

  it('someone else cannot withdraw it', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const id = await file(h, 'majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲');
    const card = await leaveCardOf(h, 'majun', id);
    const before = await rowCounts(h);
    const res = await sandboxUser(h, 'songjia').click(card.messageId, buttonValue(card.message, '撤回申请'));
    expect(res.toast).toEqual({ kind: 'error', text: '只有请假人本人、代为请假人或区政府办工作人员可以撤回这份请假申请。' });
    expect(await rowCounts(h)).toEqual(before);
  });
});

describe('cancelling an approved leave before departure', () => {
  it('/请假 取消 <编号> cancels it and tells the approvers and the offices that had the slip', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const id = await approvedLeave(h, 'majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲', UNIT_HEAD_CHAIN);
    await setClock(h, '2026-12-03T18:00:00+08:00');
    expect(await replyText('majun', `/请假 取消 ${id}`)).toBe(`已取消请假（编号 ${id}）。`);
    const notice = `镇长 马军 已取消外出（编号 ${id}，2026-12-04（周五） 至 2026-12-05（周六），共 2 天，哈尔滨），原请假作废。`;
    expect(await texts(h, 'zhaoming')).toContain(notice);
    expect(await texts(h, 'chenzhiyuan')).toContain(notice);
    expect((await texts(h, 'wufang')).some((t) => t.endsWith('原请假单作废。'))).toBe(true);
    expect(textOf((await leaveCardOf(h, 'chenzhiyuan', id)).message)).toContain('**状态：已取消**');
  });

  it('a leader’s cancellation is announced to the other leaders who were told of the absence', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const id = await approvedLeave(h, 'zhaoming', '/请假 12月4日-5日 出省 因公 北京 开会', ['chenzhiyuan', 'zhengguohua']);
    const res = await confirmOnCard(id, '取消请假', '确认取消', 'zhaoming');
    expect(res.toast.text).toBe(`已取消请假（编号 ${id}）。`);
    for (const leader of ['liujianguo', 'wangli', 'sunqiang', 'zhoumin', 'chenzhiyuan']) {
      expect(
        (await texts(h, leader)).some((t) => t.startsWith('副区长 赵明 已取消外出')),
        leader,
      ).toBe(true);
    }
  });

  it('on the departure day it can no longer be cancelled', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const id = await approvedLeave(h, 'majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲', UNIT_HEAD_CHAIN);
    await setClock(h, '2026-12-04T07:00:00+08:00');
    const before = await rowCounts(h);
    expect((await clickLeave(h, 'majun', id, '取消请假')).toast).toEqual({
      kind: 'error',
      text: `已到出发日期（2026-12-04），不能取消；返回后请销假：/销假 ${id}`,
    });
    expect(await rowCounts(h)).toEqual(before);
  });

  it('the requester’s card offers 取消请假 before departure and, from the departure day, 销假 instead', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const id = await approvedLeave(h, 'majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲', UNIT_HEAD_CHAIN);
    const labels = async () =>
      (await leaveCardOf(h, 'majun', id)).message.card.blocks.filter((b: any) => b.type === 'buttons').flatMap((b: any) => b.buttons.map((x: any) => x.label));
    expect(await labels()).toEqual(['取消请假']);
    await setClock(h, '2026-12-04T09:00:00+08:00');
    await runLeaveDutiesNow(h);
    expect(await labels()).toEqual(['销假']);
    await runLeaveDutiesNow(h); // once: the card is not refreshed again
    expect((await clickLeave(h, 'majun', id, '销假')).toast.text).toBe(`已销假（编号 ${id}），欢迎返岗。`);
    expect(await labels()).toEqual([]);
  });

  it('a pending request is withdrawn, not cancelled', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const id = await file(h, 'majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲');
    expect(await replyText('majun', `/请假 取消 ${id}`)).toBe(`该请假申请审批中，尚未批准，请用撤回：/请假 撤回 ${id}`);
  });
});

describe('销假 (reporting back)', () => {
  it('is refused before departure, accepted once the leave has started, and not twice', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const id = await approvedLeave(h, 'majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲', UNIT_HEAD_CHAIN);
    expect(await replyText('majun', `/销假 ${id}`)).toBe(`尚未到出发日期（2026-12-04），无需销假；如不再外出，请取消：/请假 取消 ${id}`);
    await setClock(h, '2026-12-05T20:00:00+08:00');
    expect(await replyText('majun', '/back')).toBe(`已销假（编号 ${id}），欢迎返岗。`);
    expect(textOf((await leaveCardOf(h, 'zhaoming', id)).message)).toContain('**状态：已批准，已销假（2026-12-05 20:00）**');
    expect(await replyText('majun', `/销假 ${id}`)).toBe('该请假已经销假，无需重复办理。');
  });

  it('the card’s 销假 button reports back; office staff may do it for the requester, who is told', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const id = await approvedLeave(h, 'majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲', UNIT_HEAD_CHAIN);
    await setClock(h, '2026-12-07T09:00:00+08:00');
    await runLeaveDutiesNow(h); // the trip has started: 销假 replaces 取消请假 on the card
    const card = await leaveCardOf(h, 'majun', id);
    const res = await sandboxUser(h, 'linxiaomei').click(card.messageId, buttonValue(card.message, '销假'));
    expect(res.toast.text).toBe(`已销假（编号 ${id}），欢迎返岗。`);
    expect(await texts(h, 'majun')).toContain(`林小梅 已为您办理销假（编号 ${id}）。`);
  });
});

describe('reminders for the reminders job', () => {
  it('not reported back by the working day after the return date: reminded that day, once, and each working day after', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const id = await approvedLeave(h, 'majun', '/请假 12月3日-4日 出省 因私 哈尔滨 探亲', UNIT_HEAD_CHAIN);
    const reminder = (t: string) => t.includes('尚未销假');
    for (const day of ['2026-12-04', '2026-12-05', '2026-12-06']) {
      await setClock(h, `${day}T09:00:00+08:00`);
      expect(await runLeaveDutiesNow(h), day).toMatchObject({ backReminders: 0 });
    }
    await setClock(h, '2026-12-07T09:00:00+08:00'); // Monday: the first working day after Friday's return
    expect(await runLeaveDutiesNow(h)).toMatchObject({ backReminders: 1 });
    await runLeaveDutiesNow(h);
    expect((await texts(h, 'majun')).filter(reminder)).toEqual([
      `您的请假（编号 ${id}，2026-12-03（周四） 至 2026-12-04（周五），共 2 天）已于 2026-12-04（周五） 结束，尚未销假。返岗后请发送：/销假 ${id}`,
    ]);
    await setClock(h, '2026-12-08T09:00:00+08:00');
    await runLeaveDutiesNow(h);
    expect((await texts(h, 'majun')).filter(reminder)).toHaveLength(2);
    await sandboxUser(h, 'majun').say('/销假');
    await setClock(h, '2026-12-09T09:00:00+08:00');
    expect(await runLeaveDutiesNow(h)).toMatchObject({ backReminders: 0 });
  });

  it('a request still pending on its departure day: urgent reminder to the approver and the office, citing Art. 68', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const id = await file(h, 'majun', '/请假 11月30日-12月1日 出省 因私 哈尔滨 探亲');
    await approvedLeave(h, 'dengpeng', '/请假 11月30日 省内其他市 因公 哈尔滨 开会', UNIT_HEAD_CHAIN);
    await setClock(h, '2026-11-29T09:00:00+08:00');
    expect(await runLeaveDutiesNow(h)).toMatchObject({ departureReminders: 0 });
    await setClock(h, '2026-11-30T07:30:00+08:00');
    expect(await runLeaveDutiesNow(h)).toMatchObject({ departureReminders: 3 });
    await runLeaveDutiesNow(h);
    const rule = '依据《工作规则》第六十八条，未按程序经领导批准，不得离开本市。';
    const toApprover = (await sandboxUser(h, 'zhaoming').inbox()).filter((m) => textOf(m.message).startsWith('【紧急】'));
    expect(toApprover).toHaveLength(1);
    expect(toApprover[0]!.urgent).toBe(true);
    expect(textOf(toApprover[0]!.message)).toBe(
      `【紧急】镇长 马军 的请假申请（编号 ${id}，2026-11-30（周一） 至 2026-12-01（周二），共 2 天，哈尔滨）今天出发，仍未审批完成。当前步骤：主管领导（分管副区长）审核（赵明），请尽快处理。\n${rule}`,
    );
    const toOffice = (await sandboxUser(h, 'hejun').inbox()).filter((m) => textOf(m.message).startsWith('【紧急】'));
    expect(toOffice).toHaveLength(1);
    expect((await texts(h, 'majun')).filter((t) => t.includes(rule))).toHaveLength(1);
    // The approved trip of the same day raises nothing.
    expect((await texts(h, 'dengpeng')).some((t) => t.includes(rule))).toBe(false);
  });
});

describe('取消请假 and 撤回 ask once on the card before acting', () => {
  it.each([
    { move: '撤回', label: '撤回申请', yes: '确认撤回', no: '不撤回', approved: false },
    { move: '取消', label: '取消请假', yes: '确认取消', no: '不取消', approved: true },
  ])('$label: the first click only asks 确认$move？ (nothing written); 不 puts the card back; 确认 acts', async ({ move, label, yes, no, approved }) => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const command = '/请假 12月4日-5日 出省 因私 哈尔滨 探亲';
    const id = approved ? await approvedLeave(h, 'majun', command, UNIT_HEAD_CHAIN) : await file(h, 'majun', command);
    const card = await leaveCardOf(h, 'majun', id);
    const before = await rowCounts(h);

    const asked = await clickLeave(h, 'majun', id, label);
    expect(asked.toast).toEqual({ kind: 'warning', text: `确认${move}？` });
    const question = textOf({ kind: 'card', card: asked.card });
    expect(question).toContain(`**确认${move}？`);
    expect(question).toContain(`[${yes}]`);
    expect(question).not.toContain(`[${label}]`);
    expect(await rowCounts(h)).toEqual(before);

    const kept = await sandboxUser(h, 'majun').click(card.messageId, buttonValue({ kind: 'card', card: asked.card }, no));
    expect(textOf({ kind: 'card', card: kept.card })).toContain(`[${label}]`);
    expect(await rowCounts(h)).toEqual(before);

    const done = await sandboxUser(h, 'majun').click(card.messageId, buttonValue({ kind: 'card', card: asked.card }, yes));
    expect(done.toast.kind).toBe('success');
    expect(textOf({ kind: 'card', card: done.card })).toContain(approved ? '**状态：已取消**' : '**状态：已撤回**');
  });

  it('someone else’s forged 确认 is refused by the core and changes nothing', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const id = await file(h, 'majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲');
    const card = await leaveCardOf(h, 'majun', id);
    const before = await rowCounts(h);
    const res = await sandboxUser(h, 'songjia').click(card.messageId, { action: 'leave.withdraw', id: String(id), confirm: '1' });
    expect(res.toast).toEqual({ kind: 'error', text: '只有请假人本人、代为请假人或区政府办工作人员可以撤回这份请假申请。' });
    expect(await rowCounts(h)).toEqual(before);
  });
});
