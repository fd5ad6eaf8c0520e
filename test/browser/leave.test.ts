import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './support/chromium';
import { usePhoneSession } from './support/phone-session';

// Thursday 2026-11-26 09:00 Beijing: a trip on 12-04 is filed 8 days ahead (Art. 68 asks 3).
const session = usePhoneSession('2026-11-26T09:00:00+08:00');
let { app, page, chat, errors } = session;
beforeAll(() => ({ app, page, chat, errors } = session));

describe('Art. 68 leave in the sandbox chat, on a phone-sized screen', () => {
  it('a town head files; the supervising deputy, then the district head approve from their cards, which update in place', async () => {
    // A first visit asks who you are: the picker is open; 马军 (兴隆镇镇长) is found by name.
    await page.goto(`${app.url}/sandbox`);
    await chat.ready();
    expect(await page.locator('#empty').textContent()).toBe('请先选择一个身份。');
    await page.locator('#picker-q').fill('马军');
    await Promise.all([page.waitForURL(/as=majun/), page.locator('#picker .person:visible').click()]);
    await chat.ready();
    expect(await page.locator('#pick').textContent()).toContain('马军');
    // He types the request in his 1:1 chat with the bot.
    await chat.say('/请假 12月4日-5日 出省 因私 哈尔滨 探亲');
    await expect.poll(() => page.locator('#log > .msg.me .bubble').last().textContent()).toBe('/请假 12月4日-5日 出省 因私 哈尔滨 探亲');
    const filed = chat.card('请假申请 · 马军');
    await filed.waitFor();
    // The chain is a numbered markdown list, rendered as a real list.
    const steps = filed.locator('ol > li');
    expect(await steps.allTextContents()).toEqual(['主管领导（分管副区长）审核 · 赵明 — ⏳ 待处理', '区长批准 · 陈志远 — 待前一步完成']);
    const id = /编号 (\d+)/.exec((await filed.locator('.card-h').textContent())!)![1];
    await screenshot(page, 'sandbox-leave-filed');

    // The picker lists people by unit and searches names, posts and units.
    await page.locator('#pick').click();
    expect(await page.locator('#picker .unit-group').evaluateAll((groups) => groups.map((g) => g.getAttribute('data-unit')))).toEqual([
      'qzf',
      'qw',
      'qwb',
      'qzfb',
      'xlz',
      'cdjd',
      'cxjd',
      'sfj',
      'czj',
      'zjj',
      'jyj',
      'fgj',
    ]);
    await page.locator('#picker-q').fill('住建局');
    expect(await page.locator('#picker .person:visible b').allTextContents()).toEqual(['邓鹏', '张丽']);
    await page.locator('#picker-q').fill('副区长');
    expect(await page.locator('#picker .person:visible b').allTextContents()).toEqual(['刘建国', '王丽', '赵明', '孙强']);
    await page.locator('#picker-q').fill('没有这个人');
    await page.locator('#picker-empty:not([hidden])').waitFor();
    await screenshot(page, 'sandbox-picker');
    await page.locator('#picker-close').click();
    await page.locator('#picker').waitFor({ state: 'hidden' });

    // 副区长 赵明, chosen through the picker (grouped by unit, searchable), finds the card pushed to him.
    await chat.pick('赵明');
    expect(await page.locator('#pick').textContent()).toContain('赵明');
    const forDeputy = chat.card(`请假申请 · 马军（编号 ${id}）`);
    await forDeputy.waitFor();
    await chat.click(forDeputy, '同意');
    await chat.expectToast('已同意');
    // The same card, re-rendered in place: step 1 decided, step 2 waits for the district head.
    expect(await page.locator('#log > .msg.bot', { has: page.locator('.card-h', { hasText: `（编号 ${id}）` }) }).count()).toBe(1);
    const decided = await forDeputy.locator('ol > li').allTextContents();
    expect(decided[0]).toMatch(/^主管领导（分管副区长）审核 · 赵明 — ✅ 同意/);
    expect(decided[1]).toBe('区长批准 · 陈志远 — ⏳ 待处理');

    // 区长 陈志远 approves: the request is approved.
    await chat.pick('陈志远');
    const forHead = chat.card(`请假申请 · 马军（编号 ${id}）`);
    await chat.click(forHead, '同意');
    await chat.expectToast('已同意，审批完成。');
    expect(await forHead.textContent()).toContain('状态：已批准');
    expect(await forHead.locator('strong', { hasText: '状态：已批准' }).count()).toBe(1);
    await screenshot(page, 'sandbox-leave-approved');

    // Back as 马军: the card he was shown at filing now says approved (refreshed through the outbox).
    await chat.open('majun');
    const own = chat.card(`请假申请 · 马军（编号 ${id}）`);
    expect(await own.textContent()).toContain('状态：已批准');
    // And 赵明's copy moved on too.
    await chat.open('zhaoming');
    expect(await chat.card(`请假申请 · 马军（编号 ${id}）`).textContent()).toContain('状态：已批准');
    expect(errors).toEqual([]);
  });

  it('驳回 opens a form whose required reason is checked on the page before anything is sent', async () => {
    await chat.open('majun');
    await chat.say('/请假 12月10日-11日 出省 因公 北京 参加培训');
    const filed = chat.card('请假申请 · 马军');
    const id = /编号 (\d+)/.exec((await filed.locator('.card-h').textContent())!)![1];

    await chat.open('zhaoming');
    const card = chat.card(`请假申请 · 马军（编号 ${id}）`);
    await chat.click(card, '驳回');
    await chat.expectToast('请填写驳回理由');
    const form = chat.card(`驳回请假申请 · 马军（编号 ${id}）`);
    await form.locator('form.card-form textarea').waitFor();
    // Empty reason: the page says what is missing and sends nothing.
    await chat.settled(() => form.getByRole('button', { name: /驳回/ }).click());
    await chat.expectToast('请填写「');
    await chat.submit(form, { 驳回理由: '同期有防汛值班任务，请调整日期' }, (await form.locator('form.card-form button[type=submit]').textContent())!.trim());
    await chat.expectToast('驳回');
    await chat.open('majun');
    expect(await page.locator('#log').textContent()).toContain('同期有防汛值班任务，请调整日期');
    expect(errors).toEqual([]);
  });
});
