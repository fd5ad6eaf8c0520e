import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { textOf } from '../helpers/sandbox';
import { item } from '../supervision/helpers';
import { at, clickButton, create, docCard, docCast, docFootprint, docRow, docTimeline, INCOMING, said, sign, stepsOf, supervisionHarness } from './helpers';

let h: Harness;
afterEach(() => h?.close());

describe('Art. 61 需领导批示: 区长 then 副区长, then 区政府办 forwards into a supervision item', () => {
  it('the head’s 批示 is kept; the forward registers and issues the item with source 领导批示 and the Art. 40 deadline from the 批示 date on the 调休 calendar', async () => {
    h = await supervisionHarness('2026-09-29T09:00:00');
    const p = docCast(h);
    const id = await create(p.office, `${INCOMING} 类别=需领导批示`);
    // The order of this kind: the head first.
    const headCard = await docCard(p.head, id);
    expect(textOf(headCard.message)).toContain('需领导批示类文件按区长、副区长顺序报区政府领导审定');
    expect((await p.zhaoming.inbox()).some((m) => textOf(m.message).includes(`来文 ${id}｜`))).toBe(false);

    at(h, '2026-09-30T09:00:00');
    const res = await sign(p.head, id, '批示', { text: '请住建局牵头，抓紧落实供暖保障。' });
    expect(res.toast.text).toBe('已批示，已送 赵明 分管副区长审定。');
    at(h, '2026-09-30T15:00:00');
    expect((await sign(p.zhaoming, id, '同意')).toast.text).toBe('已同意，领导审定完毕，已送区政府办转办。');
    expect(await docRow(h, id)).toMatchObject({ status: 'to_forward' });

    // The office's card (in its chat) offers 转办; the forward is one step.
    at(h, '2026-10-08T10:00:00');
    const officeCard = await docCard(p.office, id);
    expect(textOf(officeCard.message)).toContain('区政府办公室根据区政府领导批示意见将文件转相关部门办理');
    const forwarded = await clickButton(p.office, officeCard, '转办并立项督办', { lead: '住建局', assisting: '兴隆镇' });
    expect(forwarded.toast.kind, forwarded.toast.text).toBe('success');
    const { itemId } = await docRow(h, id);
    expect(itemId).toMatch(/^DB-2026-\d{4}$/);
    // 3 working days from the 批示 (09-30): 10-08, 10-09 and the 调休 Saturday 10-10.
    expect(await item(h, itemId!)).toMatchObject({
      source: 'leader_instruction',
      status: 'issued',
      title: '关于做好冬季供暖保障工作的通知',
      reference: '牡政发〔2026〕12号',
      leadUnitId: 'zjj',
      assistingUnitIds: ['xlz'],
      receivedOn: '2026-09-30',
      dueOn: '2026-10-10',
      assigningLeaderId: 'chenzhiyuan',
    });
    expect((await item(h, itemId!)).content).toBe('陈志远批示：请住建局牵头，抓紧落实供暖保障。');
    // The units get the notice; the 批示 is on it.
    const notice = (await p.zjjLiaison.inbox()).find((m) => textOf(m.message).includes(itemId!));
    expect(textOf(notice!.message)).toContain('陈志远批示：请住建局牵头');
    expect(await docTimeline(h, id)).toEqual([
      '林小梅 登记来文（需领导批示），送 陈志远 区长审签',
      '陈志远 区长审签：批示「请住建局牵头，抓紧落实供暖保障。」',
      '赵明 分管副区长审定：同意',
      `林小梅 转办，立项督查事项 ${itemId}，期限 2026-10-10`,
    ]);
    // Every copy of the card was refreshed in place: the head's shows the finished chain, without buttons.
    const headNow = await docCard(p.head, id);
    expect(textOf(headNow.message)).toContain('已转办，督办中');
    expect(textOf(headNow.message)).not.toContain('[同意]');
  });

  it('an upper-level document forwards with source 上级批示 (5 working days)', async () => {
    h = await supervisionHarness('2026-12-01T09:00:00');
    const p = docCast(h);
    const id = await create(p.office, `${INCOMING} 类别=需领导批示 上级=是`);
    await sign(p.head, id, '批示', { text: '按市政府要求办理。' });
    await sign(p.zhaoming, id, '批示', { text: '住建局12月4日前报方案。' });
    const res = await clickButton(p.office, await docCard(p.office, id), '转办并立项督办', { lead: '住建局' });
    expect(res.toast.kind, res.toast.text).toBe('success');
    const row = await item(h, (await docRow(h, id)).itemId!);
    expect(row).toMatchObject({ source: 'upper_directive', dueOn: '2026-12-08', assigningLeaderId: 'zhaoming' });
    expect(row.content).toBe('陈志远批示：按市政府要求办理。\n赵明批示：住建局12月4日前报方案。');
  });
});

describe('Art. 61 需提报意见: 副区长 then 区长', () => {
  it('goes to the deputy in charge first, then the head; both opinions kept', async () => {
    h = await supervisionHarness('2026-12-01T09:00:00');
    const p = docCast(h);
    const id = await create(p.office, `${INCOMING} 类别=需提报意见`);
    const first = await docCard(p.zhaoming, id);
    expect(textOf(first.message)).toContain('需提报意见类文件按副区长、区长顺序报区政府领导审定');
    // The head may not sign before the deputy: it is not his step yet.
    const early = await clickButton(p.head, first, '同意');
    expect(early.toast).toEqual({ kind: 'error', text: '这一步是「分管副区长审定」，应由 赵明 办理。' });
    expect((await sign(p.zhaoming, id, '批示', { text: '同意拟办意见。' })).toast.text).toBe('已批示，已送 陈志远 区长审签。');
    await sign(p.head, id, '同意');
    expect((await stepsOf(h, id)).map((s) => [s.role, s.status, s.decidedById, s.comment])).toEqual([
      ['deputy', 'instructed', 'zhaoming', '同意拟办意见。'],
      ['district_head', 'agreed', 'chenzhiyuan', null],
    ]);
  });
});

describe('Art. 61 退回: the office amends and resubmits; a new round starts', () => {
  it('a return ends the round with the reason kept; the office’s 重新报送 starts round 2 at the first step', async () => {
    h = await supervisionHarness('2026-12-01T09:00:00');
    const p = docCast(h);
    const id = await create(p.office, `${INCOMING} 类别=需提报意见`);
    const res = await sign(p.zhaoming, id, '退回', { reason: '拟办意见不明确，请写明牵头单位。' });
    expect(res.toast.text).toBe('已退回区政府办。');
    expect(await docRow(h, id)).toMatchObject({ status: 'returned', round: 1 });
    expect((await stepsOf(h, id)).map((s) => s.status)).toEqual(['returned', 'void']);
    const again = await clickButton(p.office, await docCard(p.office, id), '修改后重新报送', { note: '已写明住建局牵头。' });
    expect(again.toast.text).toBe('已重新报送（第2轮），送 赵明 分管副区长审定。');
    expect(await docRow(h, id)).toMatchObject({ status: 'reviewing', round: 2, currentStep: 0 });
    expect(textOf((await docCard(p.zhaoming, id)).message)).toContain('第1轮 分管副区长审定 赵明 退回：拟办意见不明确，请写明牵头单位。');
    await sign(p.zhaoming, id, '同意');
    await sign(p.head, id, '同意');
    expect(await docRow(h, id)).toMatchObject({ status: 'to_forward', round: 2 });
  });
});

describe('Art. 61 bad input: a clear Chinese error and nothing written', () => {
  it.each([
    ['/来文 登记 标题=无文号 来文单位=市政府 类别=需领导批示 分管=赵明', '缺少「文号=」'],
    [`${INCOMING} 类别=看看就行`, '「类别=看看就行」不对。来文类别只有：需提报意见、需领导批示（第六十一条）。'],
    [`${INCOMING} 类别=需领导批示 分管=邓鹏`.replace('分管=赵明 ', ''), '「邓鹏」不是副区长'],
    [`${INCOMING} 类别=需领导批示 收文日期=2026-12-25`, '晚于今天'],
    [`${INCOMING} 类别=需领导批示 颜色=红`, '不认识的项「颜色=」'],
    ['/来文 查看 99', '没有编号为「99」的来文'],
    ['/来文 删除 1', '不认识「/来文 删除」'],
  ])('%s', async (line, error) => {
    h = await supervisionHarness('2026-12-01T09:00:00');
    const p = docCast(h);
    const before = await docFootprint(h);
    const [reply] = await p.office.say(line);
    expect(said(reply!)).toContain(error);
    const after = await docFootprint(h);
    expect({ ...after, outbox: 0 }).toEqual({ ...before, outbox: 0 });
  });

  it('only the office registers; an empty 批示 or return is refused; a bad unit in 转办 writes nothing', async () => {
    h = await supervisionHarness('2026-12-01T09:00:00');
    const p = docCast(h);
    expect(said((await p.zjjHead.say(`${INCOMING} 类别=需领导批示`))[0]!)).toContain('只有区政府办工作人员可以登记');
    const id = await create(p.office, `${INCOMING} 类别=需领导批示`);
    const card = await docCard(p.head, id);
    const before = await docFootprint(h);
    expect((await clickButton(p.head, card, '批示', { text: '  ' })).toast).toEqual({ kind: 'error', text: '请填写批示意见后再提交。' });
    expect((await clickButton(p.head, card, '退回', { reason: '' })).toast).toEqual({ kind: 'error', text: '退回须写明理由，请填写后再提交。' });
    expect((await clickButton(p.zjjHead, card, '同意')).toast.kind).toBe('error');
    expect(await docFootprint(h)).toEqual(before);
    await sign(p.head, id, '同意');
    await sign(p.zhaoming, id, '同意');
    const beforeForward = await docFootprint(h);
    const bad = await clickButton(p.office, await docCard(p.office, id), '转办并立项督办', { lead: '不存在局' });
    expect(bad.toast.kind).toBe('error');
    expect(bad.toast.text).toContain('「主办=」中的单位「不存在局」不在通讯录中');
    expect(await docFootprint(h)).toEqual(beforeForward);
  });
});

describe('Art. 61 user text stays inert on every card', () => {
  it('a title and a 批示 with markdown links and @all are shown as typed text', async () => {
    h = await supervisionHarness('2026-12-01T09:00:00');
    const p = docCast(h);
    const id = await create(p.office, '/来文 登记 文号=X1 标题=[点我](https://evil.example) @所有人 <at>all</at> 来文单位=市政府 类别=需领导批示 分管=赵明');
    await sign(p.head, id, '批示', { text: '**加粗** [链接](https://evil.example)' });
    const card = (await docCard(p.zhaoming, id)).message.card;
    const runs = card.blocks.filter((b: any) => b.type === 'markdown').flatMap((b: any) => b.text.md);
    expect(runs).toContainEqual({ text: '[点我](https://evil.example) @所有人 <at>all</at>' });
    expect(runs).toContainEqual({ text: '**加粗** [链接](https://evil.example)' });
    expect(runs.filter((r: any) => 'markup' in r && /evil|<at/.test(r.markup))).toEqual([]);
  });
});

describe('Art. 61 by typed commands (DingTalk cards hold no inputs): the same chain without a click', () => {
  it('/来文 批示, /来文 同意 and /来文 转办 do what the card does; a wrong person is told whose step it is', async () => {
    h = await supervisionHarness('2026-12-01T09:00:00');
    const p = docCast(h);
    const id = await create(p.office, `${INCOMING} 类别=需领导批示`);
    expect(said((await p.zhaoming.say(`/来文 同意 ${id}`))[0]!)).toBe('这一步是「区长审签」，应由 陈志远 办理。');
    expect(said((await p.head.say(`/来文 批示 ${id} 请住建局牵头。`))[0]!)).toBe('已批示，已送 赵明 分管副区长审定。');
    expect(said((await p.zhaoming.say(`/来文 同意 ${id}`))[0]!)).toBe('已同意，领导审定完毕，已送区政府办转办。');
    const [reply] = await p.office.say(`/来文 转办 ${id} 主办=住建局 协办=兴隆镇`);
    expect(said(reply!)).toMatch(/^已转办并立项 DB-2026-0001，办理期限 2026-12-04/);
    expect(await docRow(h, id)).toMatchObject({ status: 'forwarded', itemId: 'DB-2026-0001' });
  });
});
