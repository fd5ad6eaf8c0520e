import { afterEach, describe, expect, it } from 'vitest';
import { supervisionExtensions } from '../../db/schema';
import type { Harness } from '../helpers/harness';
import { textOf } from '../helpers/sandbox';
import { at, cast, clickButton, footprint, item, latestCard, register, reportsOf, said, supervisionHarness, timeline } from './helpers';

let h: Harness;
afterEach(() => h?.close());

/** A district document for 住建局 due 2026-11-30, issued by 赵明 on 2026-11-02. */
async function issued() {
  h = await supervisionHarness('2026-11-02T09:00:00');
  const p = cast(h);
  const id = await register(p.office, '来源=区政府文件 标题=落实燃气安全整治 主办=住建局 协办=兴隆镇 期限=2026-11-30');
  await p.office.say(`/督办 交办 ${id} 领导=赵明`);
  at(h, '2026-11-20T10:00:00');
  return { p, id };
}

const REQUEST = '12月20日 原因：燃气管道材料供货延迟 进展：已完成80%点位整改 下一步：12月15日前完成剩余点位';

describe('Art. 40 延期: asked before the deadline, decided by the assigning leader', () => {
  it('granted: the deadline moves and the units are told', async () => {
    const { p, id } = await issued();
    const [reply] = await p.zjjLiaison.say(`/延期 ${id} ${REQUEST}`);
    expect(said(reply!)).toBe('已提交延期申请（延至 2026-12-20），送 赵明 审批。');
    const card = await latestCard(p.zhaoming, '延期申请');
    expect(textOf(card.message)).toContain('**原因**：燃气管道材料供货延迟');
    expect(textOf(card.message)).toContain('**进展情况**：已完成80%点位整改');
    expect(textOf(card.message)).toContain('**下一步工作打算**：12月15日前完成剩余点位');

    // Another leader, the office and the unit cannot decide it.
    for (const other of [p.sunqiang, p.office, p.zjjHead]) {
      const denied = await clickButton(other, card, '同意延期');
      expect(denied.toast).toMatchObject({ kind: 'error', text: '只有本事项的交办领导（或按设置由区政府办）可以审批延期申请。' });
    }
    at(h, '2026-11-21T09:00:00');
    const granted = await clickButton(p.zhaoming, card, '同意延期');
    expect(granted.toast.text).toBe('已同意延期至 2026-12-20。');
    expect(await item(h, id)).toMatchObject({ dueOn: '2026-12-20', dueExplicit: true });
    expect((await p.zjjLiaison.inbox()).some((m) => m.message.kind === 'text' && m.message.text.includes('办理期限延至 2026-12-20（周日）'))).toBe(true);
    expect(textOf((await latestCard(p.zjjHead, '督查通知')).message)).toContain('2026-12-20');
    expect(await timeline(h, id)).toEqual(
      expect.arrayContaining(['张丽 申请延期至 2026-12-20（原期限 2026-11-30），送 赵明 审批', '赵明 同意延期至 2026-12-20']),
    );
  });

  it('refused: a reason is required and the deadline stays', async () => {
    const { p, id } = await issued();
    await p.zjjHead.say(`/延期 ${id} ${REQUEST}`);
    const card = await latestCard(p.zhaoming, '延期申请');
    const before = await footprint(h);
    expect((await clickButton(p.zhaoming, card, '不同意延期', {})).toast.text).toBe('请填写不同意延期的理由。');
    expect(await footprint(h)).toEqual(before);
    const refused = await clickButton(p.zhaoming, card, '不同意延期', { note: '请加派力量按期完成' });
    expect(refused.toast.text).toBe('已不同意延期。');
    expect(await item(h, id)).toMatchObject({ dueOn: '2026-11-30' });
    expect(
      (await p.zjjHead.inbox()).some((m) => m.message.kind === 'text' && m.message.text.includes('不同意') && m.message.text.includes('请加派力量按期完成')),
    ).toBe(true);
    // The decided card cannot be decided again.
    expect((await clickButton(p.zhaoming, card, '同意延期')).toast.text).toBe('这份延期申请已不同意，无需再处理。');
  });

  it('too late: after the deadline the request is recorded as a late explanation, not an extension', async () => {
    const { p, id } = await issued();
    at(h, '2026-12-01T09:00:00');
    const [reply] = await p.zjjHead.say(`/延期 ${id} ${REQUEST}`);
    expect(said(reply!)).toContain('依据《工作规则》第四十条，延期须在办理期限前提出。');
    expect(said(reply!)).toContain('已作为逾期说明记录');
    expect(await item(h, id)).toMatchObject({ dueOn: '2026-11-30' });
    const [report] = await reportsOf(h, id);
    expect(report).toMatchObject({ kind: 'late_explanation', late: true, requestedDue: '2026-12-20', status: 'submitted' });
    expect(textOf((await latestCard(p.office, '逾期说明')).message)).toContain('原因：燃气管道材料供货延迟');
    expect((await p.zhaoming.inbox()).filter((m) => m.message.card?.title?.startsWith('延期申请'))).toEqual([]);
  });

  it('only the lead unit asks, with reason, progress and next steps, for a later date', async () => {
    const { p, id } = await issued();
    const before = await footprint(h);
    expect(said((await p.xlzHead.say(`/延期 ${id} ${REQUEST}`))[0]!)).toContain('只有主办单位的主要负责人或联络员可以申请');
    expect(said((await p.zjjHead.say(`/延期 ${id} 12月20日 原因：材料延迟`))[0]!)).toBe(
      '依据《工作规则》第四十条，申请延期须报告原因、进展情况和下一步工作打算，缺少：进展、下一步。例如：\n/延期 DB-2026-0001 12月20日 原因：材料未到 进展：已完成80% 下一步：12月15日前完成验收',
    );
    expect(said((await p.zjjHead.say(`/延期 ${id} 11月25日 原因：a 进展：b 下一步：c`))[0]!)).toBe('申请延至的日期 2026-11-25 须晚于现办理期限 2026-11-30。');
    expect(said((await p.zjjHead.say(`/延期 ${id} 下下下周 原因：a 进展：b 下一步：c`))[0]!)).toContain('无法识别日期');
    expect(await footprint(h)).toEqual(before);
    await p.zjjHead.say(`/延期 ${id} ${REQUEST}`);
    expect(said((await p.zjjLiaison.say(`/延期 ${id} ${REQUEST}`))[0]!)).toContain('已有一份延期申请（延至 2026-12-20）待审批');
  });

  it('the office decides when configured (延期审批=区政府办)', async () => {
    const { p, id } = await issued();
    expect(said((await p.zjjHead.say('/督办 设置 延期审批=区政府办'))[0]!)).toBe('只有区政府办督查人员可以修改督办设置。');
    expect(said((await p.office.say('/督办 设置 延期审批=区政府办'))[0]!)).toBe('已设置：延期申请由区政府办审批。');
    await p.zjjHead.say(`/延期 ${id} ${REQUEST}`);
    const card = await latestCard(p.office2, '延期申请');
    expect(textOf(card.message)).toContain('审批: 区政府办');
    expect((await clickButton(p.zhaoming, card, '同意延期')).toast.kind).toBe('error');
    expect((await clickButton(p.office2, card, '同意延期')).toast.text).toBe('已同意延期至 2026-12-20。');
  });
});

describe('Art. 40 ceiling binds extensions: 人大代表建议和政协提案…最迟不得超过6个月', () => {
  /** An item assigned 2026-06-12, issued by 赵明; six months from assignment end on Monday 2026-12-14. */
  async function assigned(line: string) {
    h = await supervisionHarness('2026-06-12T10:00:00');
    const p = cast(h);
    const id = await register(p.office, `${line} 标题=关于增设公交站点的建议 主办=住建局 交办日期=2026-06-12`);
    await p.office.say(`/督办 交办 ${id} 领导=赵明`);
    at(h, '2026-09-01T10:00:00');
    return { p, id };
  }
  const CEILING_REFUSAL = '依据《工作规则》第四十条，对人大代表建议和政协提案，应在3个月内办理答复，涉及面广、处理难度大的问题，最迟不得超过6个月。';

  it.each([
    ['an NPC suggestion (3 months)', '来源=人大建议'],
    ['a complex CPPCC proposal (6 months)', '来源=政协提案 复杂=是'],
  ])('%s cannot be extended past six months from assignment; nothing is written', async (_, line) => {
    const { p, id } = await assigned(line);
    if (line.includes('复杂')) at(h, '2026-12-01T10:00:00');
    const before = await footprint(h);
    const [reply] = await p.zjjLiaison.say(`/延期 ${id} 12月20日 原因：a 进展：b 下一步：c`);
    expect(said(reply!)).toBe(`${CEILING_REFUSAL}${id} 交办于 2026-06-12（周五），办理期限最迟延至 2026-12-14（周一），不能延至 2026-12-20（周日）。`);
    expect(await footprint(h)).toEqual(before);
  });

  it('an extension up to the ceiling is accepted', async () => {
    const { p, id } = await assigned('来源=人大建议');
    const [reply] = await p.zjjLiaison.say(`/延期 ${id} 2026-12-14 原因：a 进展：b 下一步：c`);
    expect(said(reply!)).toBe('已提交延期申请（延至 2026-12-14），送 赵明 审批。');
  });

  it('a request past the ceiling still pending (filed before the ceiling applied) cannot be granted', async () => {
    const { p, id } = await assigned('来源=人大建议');
    await p.zjjLiaison.say(`/延期 ${id} 2026-12-14 原因：a 进展：b 下一步：c`);
    await h.db.update(supervisionExtensions).set({ requestedDue: '2026-12-20' });
    const granted = await clickButton(p.zhaoming, await latestCard(p.zhaoming, '延期申请'), '同意延期');
    expect(granted.toast).toMatchObject({ kind: 'error', text: expect.stringContaining(`${CEILING_REFUSAL}${id} 交办于`) });
    expect(await item(h, id)).toMatchObject({ dueOn: '2026-09-14' });
  });
});

describe('Art. 40 延期: the office follows every request (issue 15 point 29)', () => {
  const texts = async (user: ReturnType<typeof cast>['office']) =>
    (await user.inbox()).filter((m) => m.message.kind === 'text').map((m) => m.message.text as string);

  it('is told when a leader is asked and when he decides, and has the request in its /待办 meanwhile', async () => {
    const { p, id } = await issued();
    await p.zjjLiaison.say(`/延期 ${id} ${REQUEST}`);
    expect(await texts(p.office)).toContain(
      `【延期申请】住建局 张丽 申请将 ${id}「落实燃气安全整治」的办理期限由 2026-11-30（周一） 延至 2026-12-20（周日），已送 赵明 审批（第四十条）。发送 /待办 跟踪。`,
    );
    const [todo] = await p.office.say('/待办');
    expect(textOf(todo!.message)).toContain(`延期跟踪**｜**${id}** 落实燃气安全整治｜住建局申请延期至 2026-12-20（周日）（原期限 2026-11-30，待 赵明 审批）`);
    // Following is not deciding: nothing for the office's /审批, and the leader still decides.
    expect((await p.office.say('/审批')).map(said)[0]).toMatch(/^目前没有等待您审批的事项。/);

    await clickButton(p.zhaoming, await latestCard(p.zhaoming, '延期申请'), '同意延期');
    expect(await texts(p.office)).toContain(`赵明 同意 ${id}「落实燃气安全整治」延期，办理期限延至 2026-12-20（周日）。`);
    expect(textOf((await p.office.say('/待办'))[0]!.message)).not.toContain('延期跟踪');
  });
});
