import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { textOf } from '../helpers/sandbox';
import { at, cast, clickButton, footprint, item, latestCard, register, reportsOf, said, supervisionHarness, timeline } from './helpers';

let h: Harness;
afterEach(() => h?.close());

/** An issued leader instruction for 住建局 (lead) and 兴隆镇 (assisting), received 2026-09-30. */
async function issued() {
  h = await supervisionHarness('2026-09-30T09:00:00');
  const p = cast(h);
  const id = await register(p.office, '来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 协办=兴隆镇 收文日期=2026-09-30');
  await p.office.say(`/督办 交办 ${id} 领导=赵明`);
  at(h, '2026-09-30T10:00:00');
  return { p, id };
}

const officeCards = async (p: ReturnType<typeof cast>, title: string) =>
  (await p.office.inbox()).filter((m) => m.message.kind === 'card' && m.message.card.title.startsWith(title));

describe('Art. 40 报送: a written report is signed off by the unit head (审签) before it reaches the office', () => {
  it('a liaison’s progress report waits for the head, then reaches the office; the office confirms receipt', async () => {
    const { p, id } = await issued();
    const [reply] = await p.zjjLiaison.say(`/进展 ${id} 已完成排查，正在整改`);
    expect(said(reply!)).toBe(
      '依据《工作规则》第四十条，报送区政府的书面报告须经单位主要领导审签。您的办理进展报告（第1轮）已送 邓鹏 审签，审签后报送区政府办。',
    );
    expect(await officeCards(p, '办理进展报告')).toEqual([]);
    expect((await reportsOf(h, id))[0]).toMatchObject({ status: 'awaiting_signoff', authorId: 'zhangli', signedOffBy: null });

    // Nobody but the head may sign it off.
    const card = await latestCard(p.zjjHead, '办理进展报告');
    expect(textOf(card.message)).toContain('待单位主要领导审签');
    const byLiaison = await clickButton(p.zjjLiaison, card, '审签通过');
    expect(byLiaison.toast).toMatchObject({ kind: 'error', text: expect.stringContaining('只有该单位主要负责人可以审签') });
    const byOffice = await clickButton(p.office, card, '审签通过');
    expect(byOffice.toast.kind).toBe('error');

    at(h, '2026-09-30T11:00:00');
    const signed = await clickButton(p.zjjHead, card, '审签通过');
    expect(signed.toast.text).toBe('已审签，办理进展报告（第1轮）已报送区政府办。');
    const atOffice = await latestCard(p.office, '办理进展报告');
    expect(textOf(atOffice.message)).toContain('审签: 邓鹏 2026-09-30 11:00');
    expect(textOf(atOffice.message)).toContain('[签收]');

    at(h, '2026-09-30T14:00:00');
    const received = await clickButton(p.office, atOffice, '签收');
    expect(received.toast.text).toBe('已签收。');
    expect(textOf(received.card)).toContain('区政府办签收: 林小梅 2026-09-30 14:00');
    expect((await reportsOf(h, id))[0]).toMatchObject({ status: 'received', signedOffBy: 'dengpeng', receivedBy: 'linxiaomei' });
    // Clicking 签收 again on the (refreshed) card changes nothing.
    const again = await clickButton(p.office2, atOffice, '签收');
    expect(again.toast.kind).toBe('error');
  });

  it('the head’s own report goes straight through', async () => {
    const { p, id } = await issued();
    const [reply] = await p.zjjHead.say(`/进展 ${id} 已部署排查`);
    expect(said(reply!)).toBe('已报送办理进展报告（第1轮）至区政府办。');
    expect((await reportsOf(h, id))[0]).toMatchObject({ status: 'submitted', signedOffBy: 'dengpeng' });
    expect(await officeCards(p, '办理进展报告')).toHaveLength(1);
  });

  it('the head may send a liaison’s draft back with reasons; the liaison resubmits', async () => {
    const { p, id } = await issued();
    await p.zjjLiaison.say(`/办结 ${id} 已完成`);
    const card = await latestCard(p.zjjHead, '办理结果报告');
    const noReason = await clickButton(p.zjjHead, card, '退回修改', {});
    expect(noReason.toast).toMatchObject({ kind: 'error', text: '请填写修改意见，便于起草人修改。' });
    const back = await clickButton(p.zjjHead, card, '退回修改', { reason: '请补充投诉回访情况' });
    expect(back.toast.text).toBe('已退回起草人修改。');
    expect((await p.zjjLiaison.inbox()).some((m) => m.message.kind === 'text' && m.message.text.includes('请补充投诉回访情况'))).toBe(true);
    expect(await officeCards(p, '办理结果报告')).toEqual([]);
    at(h, '2026-09-30T15:00:00');
    const [again] = await p.zjjLiaison.say(`/办结 ${id} 已完成，回访满意率100%`);
    expect(said(again!)).toContain('已送 邓鹏 审签');
    expect((await reportsOf(h, id)).map((r) => r.status)).toEqual(['sent_back', 'awaiting_signoff']);
  });

  it('one open report of a kind at a time per unit', async () => {
    const { p, id } = await issued();
    await p.zjjLiaison.say(`/进展 ${id} 第一次`);
    const before = await footprint(h);
    const [reply] = await p.zjjLiaison.say(`/进展 ${id} 第二次`);
    expect(said(reply!)).toBe('住建局的办理进展报告（第1轮）待单位主要领导审签，请等处理完毕后再报送。');
    expect(await footprint(h)).toEqual(before);
  });

  it('a report after the deadline is accepted and marked late', async () => {
    const { p, id } = await issued();
    at(h, '2026-10-12T09:00:00');
    const [reply] = await p.zjjHead.say(`/进展 ${id} 已部署排查`);
    expect(said(reply!)).toContain('逾期');
    expect((await reportsOf(h, id))[0]!.late).toBe(true);
    expect(textOf((await latestCard(p.office, '办理进展报告')).message)).toContain('逾期: 是');
  });
});

describe('Art. 40: assisting units report to the lead unit, and the office sees both', () => {
  it('an assisting unit’s report, once signed off, reaches the lead unit and the office', async () => {
    const { p, id } = await issued();
    await p.xlzLiaison.say(`/进展 ${id} 兴隆镇辖区内供暖管网已排查完毕`);
    await clickButton(p.xlzHead, await latestCard(p.xlzHead, '办理进展报告'), '审签通过');
    const atLead = (await p.zjjLiaison.inbox()).filter((m) => m.message.card?.title === `办理进展报告 · ${id} · 兴隆镇`);
    expect(atLead.length).toBeGreaterThanOrEqual(1);
    expect(textOf(atLead[0]!.message)).toContain('协办，报主办单位汇总');
    expect(await officeCards(p, `办理进展报告 · ${id} · 兴隆镇`)).toHaveLength(1);

    at(h, '2026-09-30T16:00:00');
    await p.zjjHead.say(`/进展 ${id} 住建局汇总：全区管网排查完毕`);
    const titles = (await officeCards(p, '办理进展报告')).map((m) => m.message.card.title);
    expect(titles).toEqual([`办理进展报告 · ${id} · 兴隆镇`, `办理进展报告 · ${id} · 住建局`]);

    // The notice card (refreshed in place) shows both units' state.
    const notice = await latestCard(p.office, '督查通知');
    expect(textOf(notice.message)).toContain('主办 住建局：已签收（邓鹏');
    expect(textOf(notice.message)).toContain('协办 兴隆镇：已签收（宋佳');
    expect(await timeline(h, id)).toEqual(expect.arrayContaining([expect.stringContaining('兴隆镇 马军 审签办理进展报告（第1轮）')]));
  });

  it('accepting an assisting unit’s completion report does not complete the item', async () => {
    const { p, id } = await issued();
    await p.xlzHead.say(`/办结 ${id} 兴隆镇部分已办结`);
    await clickButton(p.office, await latestCard(p.office, '办理结果报告'), '审核通过');
    expect((await item(h, id)).status).toBe('in_progress');
  });
});

describe('Art. 40 审核汇总: "办结或回复进展情况"', () => {
  it('an accepted progress reply by the deadline meets a leader instruction’s deadline; weekly reports follow', async () => {
    const { p, id } = await issued();
    await p.zjjHead.say(`/进展 ${id} 已部署排查`);
    const accepted = await clickButton(p.office, await latestCard(p.office, '办理进展报告'), '审核通过');
    expect(accepted.toast.text).toContain('转入周报制');
    at(h, '2026-10-20T09:00:00');
    const row = await item(h, id);
    expect(row).toMatchObject({ longRunning: true });
    expect(row.dueMetAt).not.toBeNull();
    const [ledger] = await p.office.say('/台账 灯=红');
    expect(said(ledger!)).toContain('共 **0** 项');
  });

  it('a returned report does not meet it, and the item turns red after the deadline', async () => {
    const { p, id } = await issued();
    await p.zjjHead.say(`/进展 ${id} 已部署`);
    await clickButton(p.office, await latestCard(p.office, '办理进展报告'), '退回重办', { reason: '内容过于简单' });
    at(h, '2026-10-12T09:00:00');
    expect((await item(h, id)).dueMetAt).toBeNull();
    const [ledger] = await p.office.say('/台账 灯=红');
    expect(said(ledger!)).toContain(id);
  });
});

describe('Art. 40 审核汇总: a returned report leads back to a redo', () => {
  it('the unit gets the return as a card with 重新报送 (opening the same form) and the command to type; the office may also ask for 佐证材料 (test/attachments)', async () => {
    const { p, id } = await issued();
    await p.zjjHead.say(`/办结 ${id} 已完成第一阶段工作`);
    const report = await latestCard(p.office, '办理结果报告');
    const returnForm = (report.message.card.blocks as any[]).find((b) => b.type === 'form' && b.submit.label === '退回重办');
    expect(returnForm.inputs.map((i: any) => i.name)).toEqual(['reason', 'evidence']);
    await clickButton(p.office, report, '退回重办', { reason: '缺少整改前后对比情况' });

    const returned = await latestCard(p.zjjLiaison, '报告退回重办');
    const shown = textOf(returned.message);
    expect(shown).toContain('缺少整改前后对比情况');
    expect(shown).toContain('第2轮');
    expect(shown).toContain(`/办结 ${id} `);
    // Evidence was not asked for this time.
    expect(shown).not.toContain('佐证材料');
    const redo = await clickButton(p.zjjLiaison, returned, '重新报送');
    expect(redo.toast.kind).toBe('info');
    expect(said(redo.replies.at(-1)!)).toContain(`报送办理结果（办结） · ${id}`);
  });
});
