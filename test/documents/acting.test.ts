import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { sandboxUser, textOf } from '../helpers/sandbox';
import { approvedLeave, runLeaveDutiesNow, texts } from '../leave/helpers';
import { runJobsAt } from '../reminders/helpers';
import { at, clickButton, create, docCard, docCast, docFootprint, docTimeline, INCOMING, sign, stepsOf, supervisionHarness } from './helpers';

let h: Harness;
afterEach(() => h?.close());

describe('Art. 9 the head away: the executive deputy gives the head’s 批示 on a 来文 (Art. 61)', () => {
  it('the card goes to 刘建国 (代行区长职务); 陈志远’s own click is refused; the stand-in is recorded', async () => {
    h = await supervisionHarness('2026-11-26T09:00:00');
    const p = docCast(h);
    await approvedLeave(h, 'chenzhiyuan', '/请假 11月30日-12月2日 出省 因公 北京 参加培训', ['zhengguohua', 'linxiaomei']);
    at(h, '2026-11-30T09:00:00');
    const id = await create(p.office, `${INCOMING} 类别=需领导批示`);
    expect(await texts(h, 'liujianguo')).toContain(
      `陈志远 请假外出，来文 ${id}「关于做好冬季供暖保障工作的通知」的区长审签转由您处理（代行区长职务，依据第九条）。`,
    );
    const card = await docCard(p.executive, id);
    const before = await docFootprint(h);
    const refused = await clickButton(p.head, card, '批示', { text: '我来批' });
    expect(refused.toast.kind).toBe('error');
    expect(refused.toast.text).toContain('您正在请假外出，期间由 刘建国（代行区长职务） 代为处理本事项');
    expect(await docFootprint(h)).toEqual(before);

    const res = await clickButton(p.executive, card, '批示', { text: '请住建局抓紧办理。' });
    expect(res.toast.text).toBe('已批示，已送 赵明 分管副区长审定。');
    expect((await stepsOf(h, id))[0]).toMatchObject({ addresseeId: 'chenzhiyuan', decidedById: 'liujianguo', delegation: 'acting_head', status: 'instructed' });
    expect(await docTimeline(h, id)).toContain('刘建国（代行区长职务，代 陈志远） 区长审签：批示「请住建局抓紧办理。」');
    expect(textOf((await docCard(p.zhaoming, id)).message)).toContain('刘建国（代行区长职务） 批示');
  });
});

describe('Art. 11 a deputy away: the A/B partner reads a 发文 for him (Art. 62)', () => {
  it('赵明 away → 孙强 (AB角代批) gets the supervising deputy’s step; /待办 lists it for 孙强', async () => {
    h = await supervisionHarness('2026-11-26T09:00:00');
    const p = docCast(h);
    await approvedLeave(h, 'zhaoming', '/请假 11月30日-12月2日 出省 因公 北京 开会', ['chenzhiyuan', 'zhengguohua']);
    at(h, '2026-11-30T09:00:00');
    const id = await create(p.zjjLiaison, '/发文 起草 类别=区政府名义 标题=关于燃气安全整治的通告');
    await clickButton(p.office, await docCard(p.office, id, '发文'), '同意');
    const [todo] = await p.sunqiang.say('/待办');
    expect(textOf(todo!.message)).toContain(`**公文审签**｜赵明：**发文 ${id}** 关于燃气安全整治的通告｜区政府名义｜待分管副区长审阅`);
    const res = await sign(p.sunqiang, id, '同意', {}, '发文');
    expect(res.toast.text).toBe('已同意，已送 刘建国 常务副区长审阅。');
    expect((await stepsOf(h, id))[1]).toMatchObject({ addresseeId: 'zhaoming', decidedById: 'sunqiang', delegation: 'ab_partner' });
  });
});

describe('Art. 9, 11 in the daily digest: a document waiting on an absent leader is shown to his stand-in', () => {
  it('孙强’s digest lists 赵明’s 发文 under 代为关注; the office’s lists the 来文 to forward under 公文待办', async () => {
    h = await supervisionHarness('2026-11-26T09:00:00');
    const p = docCast(h);
    await approvedLeave(h, 'zhaoming', '/请假 11月30日-12月2日 出省 因公 北京 开会', ['chenzhiyuan', 'zhengguohua']);
    at(h, '2026-11-27T10:00:00');
    const out = await create(p.zjjLiaison, '/发文 起草 类别=区政府名义 标题=关于燃气安全整治的通告');
    await clickButton(p.office, await docCard(p.office, out, '发文'), '同意');
    const inc = await create(p.office, `${INCOMING} 类别=需提报意见 分管=孙强`.replace('分管=赵明 ', ''));
    await sign(p.sunqiang, inc, '同意');
    await sign(p.head, inc, '同意');
    await runJobsAt(h, '2026-11-30T09:00:00');
    const digest = async (id: string) => {
      const found = (await sandboxUser(h, id).inbox()).find((m) => m.to.type === 'person' && m.message.card?.title.startsWith('每日提醒 · 2026-11-30'));
      return found ? textOf(found.message) : '';
    };
    expect(await digest('sunqiang')).toContain(`赵明：**发文 ${out}** 关于燃气安全整治的通告｜区政府名义｜待分管副区长审阅`);
    const office = await digest('linxiaomei');
    expect(office).toContain('公文待办（来文、发文）');
    expect(office).toContain(`**来文 ${inc}** 关于做好冬季供暖保障工作的通知｜领导已审定，待转办立项（第六十一条）`);
  });
});

describe('Art. 9 a leave that starts while a document waits: the card is handed to the stand-in', () => {
  it('the head’s 来文 card sent before his leave reaches 刘建国 when the leave starts, once; /待办 打开 gives it with the stand-in note', async () => {
    h = await supervisionHarness('2026-11-26T09:00:00');
    const p = docCast(h);
    await approvedLeave(h, 'chenzhiyuan', '/请假 11月30日-12月2日 出省 因公 北京 参加培训', ['zhengguohua', 'linxiaomei']);
    at(h, '2026-11-27T10:00:00');
    const id = await create(p.office, `${INCOMING} 类别=需领导批示`);
    expect((await p.executive.inbox()).some((m) => textOf(m.message).startsWith(`来文 ${id}｜`))).toBe(false);
    at(h, '2026-11-30T08:00:00');
    await runLeaveDutiesNow(h);
    await runLeaveDutiesNow(h);
    const cards = (await p.executive.inbox()).filter((m) => m.message.kind === 'card' && m.message.card.title.startsWith(`来文 ${id}｜`));
    expect(cards).toHaveLength(1);
    expect(await texts(h, 'liujianguo')).toContain(
      `陈志远 请假外出，来文 ${id}「关于做好冬季供暖保障工作的通知」的区长审签转由您处理（代行区长职务，依据第九条）。`,
    );

    at(h, '2026-11-30T09:00:00');
    await p.executive.say('/待办');
    const todo = (await p.executive.inbox()).filter((m) => m.message.kind === 'card' && m.message.card.title.startsWith('待办')).pop()!;
    const opened = await clickButton(p.executive, todo, '打开');
    expect(opened.toast.kind, opened.toast.text).toBe('info');
    const card = (await p.executive.inbox()).filter((m) => m.message.kind === 'card' && m.message.card.title.startsWith(`来文 ${id}｜`)).pop()!;
    expect(textOf(card.message)).toContain('陈志远 请假外出，由您（代行区长职务）代为处理（第九条）。');
    expect((await clickButton(p.executive, card, '同意')).toast.text).toBe('已同意，已送 赵明 分管副区长审定。');
  });
});
