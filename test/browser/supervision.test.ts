import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { supervisionItems, supervisionReports } from '../../db/schema';
import { phonePage, screenshot, watchPageErrors } from './support/chromium';
import { usePhoneSession } from './support/phone-session';
import { SandboxChat } from './support/sandbox-chat';

// Thursday 2026-11-26 09:00: a leader's instruction received today is due in 3 working days (Art. 40) → Tuesday 12-01.
const session = usePhoneSession('2026-11-26T09:00:00+08:00');
let { app, browser, page, chat, errors } = session;
beforeAll(() => ({ app, browser, page, chat, errors } = session));

const ID = 'DB-2026-0001';

describe('Art. 40 supervision in the sandbox chat: register → issue → acknowledge → report → return → redo → accept', () => {
  it('walks one item through its whole procedure with cards, forms and typed commands', async () => {
    // 分解立项: 林小梅 (督查室) opens the registration form and fills it (selects, text, textarea, date).
    await chat.open('linxiaomei');
    await chat.say('/督办 新建');
    // The source first: the form then asks only for what its deadline rule needs (收文日期, not 会议日期).
    const form = await chat.submit(chat.card('登记督查事项'), { 来源: '领导批示' }, '下一步');
    await form.locator('.card-h', { hasText: '登记督查事项 · 领导批示' }).waitFor();
    expect(await form.getByLabel('会议日期').count()).toBe(0);
    await chat.submit(
      form,
      {
        标题: '冬季供暖投诉处理',
        内容: '对近期集中反映的小区供暖不达标问题逐户排查整改',
        主办单位: '住建局',
        收文日期: '2026-11-26',
      },
      '登记',
    );
    // The draft arrives as a new card below the form.
    const draft = chat.card(`督查事项草稿 · ${ID}`);
    await draft.waitFor();
    expect(await draft.textContent()).toContain('2026-12-01');
    expect(await draft.textContent()).toContain('依据第四十条');
    await screenshot(page, 'sandbox-supervision-draft');

    // 督查交办: sent to 赵明 for approval; he approves from his card.
    await chat.submit(draft, { 送审领导: 'zhaoming' }, '送领导审定');
    await chat.expectToast('赵明');
    // Meanwhile 住建局's liaison has the chat open on another phone: nothing yet.
    const liaisonPage = await phonePage(browser);
    const liaison = new SandboxChat(liaisonPage, app.url);
    const liaisonErrors = watchPageErrors(liaisonPage);
    await liaison.open('zhangli');
    expect(await liaison.card(`督查通知 · ${ID}`).count()).toBe(0);
    await chat.open('zhaoming');
    const approval = chat.card(`督查事项审定`);
    const approved = await chat.click(approval, '同意交办');
    await chat.expectToast('交办');
    expect(await approved.textContent()).toContain('赵明 已同意交办');

    // 承办落实: the notice arrives on the liaison's open page by itself (the page polls its chat), marked
    // urgent (a leader's instruction); the unit group got it too (badge on the other tab). She acknowledges.
    const notice = liaison.card(`督查通知 · ${ID}`);
    await notice.waitFor();
    expect(await notice.getAttribute('class')).toContain('urgent');
    expect(await notice.locator('.tag-urgent').textContent()).toBe('加急');
    await liaisonPage.locator('#other-badge:not([hidden])').waitFor();
    expect(await liaisonPage.locator('#other-badge').textContent()).toBe('1');
    await screenshot(liaisonPage, 'sandbox-supervision-notice');
    await liaison.click(notice, '签收');
    await liaison.expectToast('住建局已签收');
    expect(await notice.locator('li', { hasText: '主办 住建局' }).textContent()).toContain('已签收');
    expect(liaisonErrors).toEqual([]);
    await liaisonPage.context().close();

    // 报送: the head (邓鹏) finds the notice in the unit's group, asks for the completion form, fills it 1:1.
    await chat.open('dengpeng', 'zjj');
    expect(await page.locator('.tab.on').textContent()).toContain('住建局群');
    const groupNotice = chat.card(`督查通知 · ${ID}`);
    await chat.click(groupNotice, '报送办结');
    await chat.expectToast('单聊');
    await chat.open('dengpeng');
    const completion = chat.card(`报送办理结果（办结） · ${ID}`);
    await chat.submit(completion, { 办理结果: '已完成全部 36 户排查，整改 30 户' }, '提交');
    await chat.expectToast('第1轮');

    // 审核汇总: the report reaches the 区政府办 group; the office returns it with a reason.
    await chat.open('linxiaomei', 'qzfb');
    const report = chat.card(`办理结果报告`);
    await chat.submit(report, { 退回理由: '缺少整改前后对比材料' }, '退回重办');
    await chat.expectToast('已退回');

    // Redone by typed command; the reason reached the unit.
    await chat.open('zhangli');
    expect(await page.locator('#log').textContent()).toContain('缺少整改前后对比材料');
    await chat.open('dengpeng');
    await chat.say(`/办结 ${ID} 已全部整改到位，附整改前后对比材料`);
    expect(await page.locator('#log > .msg.bot').last().textContent()).toContain('第2轮');

    // Received, then accepted: the item is completed, the card says so.
    await chat.open('linxiaomei', 'qzfb');
    const second = await chat.click(chat.card(`办理结果报告`), '签收');
    await chat.expectToast('已签收');
    await chat.click(second, '审核通过');
    await chat.expectToast(`督查事项 ${ID} 办结`);
    await screenshot(page, 'sandbox-supervision-accepted');

    const [item] = await app.h.db.select().from(supervisionItems).where(eq(supervisionItems.id, ID));
    expect(item!.status).toBe('completed');
    const reports = await app.h.db.select().from(supervisionReports).where(eq(supervisionReports.itemId, ID));
    expect(reports.map((r) => [r.round, r.status])).toEqual([
      [1, 'returned'],
      [2, 'accepted'],
    ]);
    expect(errors).toEqual([]);
  });
});
