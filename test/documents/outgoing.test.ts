import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { textOf } from '../helpers/sandbox';
import { at, clickButton, create, docCard, docCast, docFootprint, docRow, docTimeline, said, sign, stepsOf, supervisionHarness } from './helpers';

let h: Harness;
afterEach(() => h?.close());

describe('Art. 62 规章、命令、议案: signed by the 区长', () => {
  it.each([
    ['规章', 'regulation'],
    ['命令', 'order'],
    ['议案', 'motion'],
  ])('%s goes straight to the head, whose 签发 numbers and archives it', async (zh, kind) => {
    h = await supervisionHarness('2026-12-01T09:00:00');
    const p = docCast(h);
    const id = await create(p.office, `/发文 起草 类别=${zh} 标题=关于${zh}的稿件 单位=司法局`);
    const card = await docCard(p.head, id, '发文');
    expect(textOf(card.message)).toContain(
      '依据《工作规则》第六十二条，区政府制定的政府规章、发布的命令、向区人民代表大会或其常务委员会提出的议案，报区长签署。',
    );
    expect((await sign(p.head, id, '签发', {}, '发文')).toast.text).toBe('已签发，文号 牡东政发〔2026〕1号，已归档。');
    expect(await docRow(h, id)).toMatchObject({ kind, status: 'archived', numberPrefix: '牡东政发', numberYear: 2026, numberSeq: 1 });
    expect((await docCard(p.office, id, '发文')).message.card.title).toBe(`发文 ${id}｜牡东政发〔2026〕1号`);
  });
});

describe('Art. 62 区政府名义: unit drafts → 区政府办 registers and reviews → supervising deputy → 常务副区长 → 区长', () => {
  it('travels the whole chain to its 文号; 退回修改 at the executive deputy sends it back to the unit, whose redraft starts round 2', async () => {
    h = await supervisionHarness('2026-12-01T09:00:00');
    const p = docCast(h);
    const id = await create(p.zjjLiaison, '/发文 起草 类别=区政府名义 标题=关于印发冬季供暖保障方案的通知 说明=按市政府要求制定');
    expect((await stepsOf(h, id)).map((s) => [s.role, s.addresseeId])).toEqual([
      ['office_review', null],
      ['supervising_deputy', 'zhaoming'],
      ['executive_deputy', 'liujianguo'],
      ['district_head', 'chenzhiyuan'],
    ]);
    // 区政府办 registers and reviews it from its chat.
    const review = await docCard(p.office, id, '发文');
    expect(textOf(review.message)).toContain('以区政府名义发文，由部门草拟后报区政府办公室登记、审核，再分别经分管副区长、常务副区长审阅后，报区长审签');
    expect((await clickButton(p.office, review, '同意')).toast.text).toBe('已同意，已送 赵明 分管副区长审阅。');
    await sign(p.zhaoming, id, '同意', {}, '发文');
    const back = await sign(p.executive, id, '退回修改', { reason: '第三条与现行规定不一致。' }, '发文');
    expect(back.toast.text).toBe('已退回修改，起草单位修改后将重新报送。');
    expect(await docRow(h, id)).toMatchObject({ status: 'returned', round: 1 });
    expect((await p.zjjLiaison.inbox()).map((m) => textOf(m.message))).toContain(
      `发文 ${id}「关于印发冬季供暖保障方案的通知」被 刘建国 退回修改：第三条与现行规定不一致。。请修改后在卡片上重新报送。`,
    );

    // The unit's copy offers the redraft; round 2 starts again at the office.
    const redraft = await clickButton(p.zjjLiaison, await docCard(p.zjjLiaison, id, '发文'), '修改后重新报送', { note: '已按意见修改第三条。' });
    expect(redraft.toast.text).toBe('已重新报送（第2轮），送 区政府办 区政府办登记审核。');
    const r2 = await clickButton(p.office, await docCard(p.office, id, '发文'), '同意');
    expect(r2.toast.text).toBe('已同意，已送 赵明 分管副区长审阅。');
    await sign(p.zhaoming, id, '同意', {}, '发文');
    await sign(p.executive, id, '同意', {}, '发文');
    expect((await sign(p.head, id, '签发', {}, '发文')).toast.text).toBe('已签发，文号 牡东政发〔2026〕1号，已归档。');
    expect(await docRow(h, id)).toMatchObject({ status: 'archived', round: 2 });
    expect((await stepsOf(h, id)).filter((s) => s.round === 1).map((s) => s.status)).toEqual(['agreed', 'agreed', 'returned', 'void']);
    expect((await p.zjjLiaison.inbox()).map((m) => textOf(m.message))).toContain(
      `发文 ${id}「关于印发冬季供暖保障方案的通知」已由 陈志远 签发，文号 牡东政发〔2026〕1号，已归档。`,
    );
    expect(await docTimeline(h, id)).toContain('张丽 修改后重新报送（第2轮）：已按意见修改第三条。');
  });

  it('a unit whose supervising deputy is the executive deputy is read by him once', async () => {
    h = await supervisionHarness('2026-12-01T09:00:00');
    const p = docCast(h);
    const id = await create(p.office, '/发文 起草 类别=区政府名义 标题=关于财政资金管理的通知 单位=财政局');
    expect((await stepsOf(h, id)).map((s) => s.role)).toEqual(['office_review', 'executive_deputy', 'district_head']);
  });
});

describe('Art. 62 区政府办名义: signed by the 常务副区长, numbered 牡东政办发', () => {
  it('goes to 刘建国 alone; its numbers run apart from the government’s', async () => {
    h = await supervisionHarness('2026-12-01T09:00:00');
    const p = docCast(h);
    const gov = await create(p.office, '/发文 起草 类别=命令 标题=关于禁止燃放烟花爆竹的命令');
    await sign(p.head, gov, '签发', {}, '发文');
    const id = await create(p.office, '/发文 起草 类别=区政府办名义 标题=关于调整值班安排的通知');
    const card = await docCard(p.executive, id, '发文');
    expect(textOf(card.message)).toContain('以区政府办公室名义发文，按程序报负责常务工作的副区长审签');
    expect((await clickButton(p.executive, card, '签发')).toast.text).toBe('已签发，文号 牡东政办发〔2026〕1号，已归档。');
    const next = await create(p.office, '/发文 起草 类别=区政府办名义 标题=关于春节值班的通知');
    await sign(p.executive, next, '签发', {}, '发文');
    expect(await docRow(h, next)).toMatchObject({ numberPrefix: '牡东政办发', numberSeq: 2 });
  });
});

describe('Art. 62 文号 by the year of signing in Beijing time: numbering starts again on 1 January', () => {
  it('signed at 23:30 on 31 December → 〔2026〕; at 00:30 on 1 January (still 31 December in UTC) → 〔2027〕1号', async () => {
    h = await supervisionHarness('2026-12-31T23:30:00');
    const p = docCast(h);
    const first = await create(p.office, '/发文 起草 类别=命令 标题=关于元旦期间禁止燃放烟花爆竹的命令');
    expect((await sign(p.head, first, '签发', {}, '发文')).toast.text).toBe('已签发，文号 牡东政发〔2026〕1号，已归档。');
    const draft = await create(p.office, '/发文 起草 类别=区政府办名义 标题=关于元旦值班的通知');
    at(h, '2027-01-01T00:30:00');
    const second = await create(p.office, '/发文 起草 类别=议案 标题=关于提请审议2027年财政预算的议案 单位=财政局');
    expect((await sign(p.head, second, '签发', {}, '发文')).toast.text).toBe('已签发，文号 牡东政发〔2027〕1号，已归档。');
    expect((await sign(p.executive, draft, '签发', {}, '发文')).toast.text).toBe('已签发，文号 牡东政办发〔2027〕1号，已归档。');
    expect(await docRow(h, second)).toMatchObject({ numberYear: 2027, numberSeq: 1 });
  });
});

describe('Art. 62 bad input: a clear Chinese error and nothing written', () => {
  it.each([
    ['linxiaomei', '/发文 起草 类别=通知 标题=x', '「类别=通知」不对。发文类别只有：规章、命令、议案、区政府名义、区政府办名义（第六十二条）。'],
    ['linxiaomei', '/发文 起草 类别=规章', '缺少「标题=」'],
    ['zhangli', '/发文 起草 类别=区政府办名义 标题=x', '以区政府办名义发文由区政府办起草'],
    ['zhangli', '/发文 起草 类别=区政府名义 标题=x 单位=司法局', '只能以本单位名义起草发文'],
    ['linxiaomei', '/发文 起草 类别=区政府名义 标题=x 单位=外星局', '「单位=外星局」不在通讯录中'],
    ['linxiaomei', '/发文 重报 1 改好了', '没有编号为「1」的公文'],
  ])('%s: %s', async (who, line, error) => {
    h = await supervisionHarness('2026-12-01T09:00:00');
    const user = docCast(h).office;
    const actor = who === 'linxiaomei' ? user : (await import('../helpers/sandbox')).sandboxUser(h, who);
    const before = await docFootprint(h);
    const [reply] = await actor.say(line);
    expect(said(reply!)).toContain(error);
    expect({ ...(await docFootprint(h)), outbox: 0 }).toEqual({ ...before, outbox: 0 });
  });

  it('a stale click (the step already signed) changes nothing and shows the latest card', async () => {
    h = await supervisionHarness('2026-12-01T09:00:00');
    const p = docCast(h);
    const id = await create(p.office, '/发文 起草 类别=议案 标题=关于2027年预算的议案 单位=财政局');
    const card = await docCard(p.head, id, '发文');
    await clickButton(p.head, card, '签发');
    const before = await docFootprint(h);
    const again = await clickButton(p.head, card, '签发');
    expect(again.toast).toEqual({ kind: 'info', text: `发文 ${id}已不在审签中，卡片已更新为最新状态。` });
    expect(await docFootprint(h)).toEqual(before);
  });
});

describe('Art. 62 two clicks at once: exactly one sign-off is recorded', () => {
  it('the head’s 签发 clicked twice together numbers the document once', async () => {
    h = await supervisionHarness('2026-12-01T09:00:00');
    const p = docCast(h);
    const id = await create(p.office, '/发文 起草 类别=命令 标题=关于森林防火的命令');
    const card = await docCard(p.head, id, '发文');
    const results = await Promise.all([clickButton(p.head, card, '签发'), clickButton(p.head, card, '签发')]);
    expect(results.filter((r) => r.toast.kind === 'success')).toHaveLength(1);
    expect((await stepsOf(h, id)).map((s) => s.status)).toEqual(['agreed']);
    expect(await docRow(h, id)).toMatchObject({ numberSeq: 1, version: 2 });
  });
});
