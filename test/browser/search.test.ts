import { beforeAll, describe, expect, it } from 'vitest';
import { sandboxUser } from '../helpers/sandbox';
import { screenshot } from './support/chromium';
import { seedOffice } from './support/office-fixture';
import { usePhoneSession } from './support/phone-session';

// The office fixture's three items, twelve more about 供暖 (two pages) and a report of 住建局's head on DB-2026-0001.
const session = usePhoneSession('2026-11-26T09:00:00+08:00', async (app) => {
  await seedOffice(app.h);
  const office = sandboxUser(app.h, 'linxiaomei');
  for (let i = 1; i <= 12; i++) await office.say(`/督办 新建 来源=领导批示 标题=供暖片区${i}管网改造 主办=${i % 2 ? '住建局' : '兴隆镇'} 收文日期=2026-11-26`);
  await sandboxUser(app.h, 'dengpeng').say('/进展 DB-2026-0001 已约谈供热公司，锅炉房昨日恢复供暖');
});
let { app, page, chat, errors } = session;
beforeAll(() => ({ app, page, chat, errors } = session));

describe('Art. 40 ledger search on a phone: the sandbox chat and the /office ledger', () => {
  it('/台账 搜索 in the chat: ranked, words in bold, where else found, 下一页 turns the card in place', async () => {
    await chat.open('linxiaomei');
    await chat.say('/台账 搜索 供暖');
    const card = await chat.pin(chat.card('台账搜索'));
    expect(await card.textContent()).toContain('共 13 项，第 1/2 页');
    expect(await card.locator('strong', { hasText: /^供暖$/ }).count()).toBeGreaterThan(5);
    await screenshot(page, 'search-chat-page1');
    await chat.click(card, '下一页');
    expect(await card.textContent()).toContain('第 2/2 页');
    expect(await card.textContent()).toContain('报告：已约谈供热公司，锅炉房昨日恢复供暖');
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'search-chat-page2');
    await chat.say('/台账 搜索 "供暖" OR');
    expect(await chat.textMessage('搜索词不能包含引号').count()).toBe(1);
    await screenshot(page, 'search-chat-refused');
  });

  it("a unit liaison finds only his unit's items (住建局 leads or assists)", async () => {
    await chat.open('zhangli');
    await chat.say('/台账 搜索 法律服务');
    expect(await chat.card('台账搜索').textContent()).toContain('共 0 项');
    await chat.say('/台账 搜索 燃气安全');
    const text = await chat.card('台账搜索').textContent();
    expect(text).toContain('DB-2026-0002');
    await screenshot(page, 'search-chat-liaison');
  });

  it('the /office search box: marked results, pages, the refusal in Chinese', async () => {
    await page.goto(`${app.url}/office/login`);
    await Promise.all([page.waitForNavigation(), page.locator('.people button', { hasText: '林小梅' }).first().click()]);
    await page.locator('form.search input[name="q"]').fill('供暖');
    await Promise.all([page.waitForNavigation(), page.locator('form.search button[type="submit"]').click()]);
    expect(await page.locator('#search-count').textContent()).toContain('共 13 项，第 1/2 页');
    expect(await page.locator('ol.hits li').count()).toBe(10);
    expect(await page.locator('ol.hits mark').first().textContent()).toBe('供暖');
    await page.locator('#search-results').scrollIntoViewIfNeeded();
    await screenshot(page, 'search-office-page1');
    await Promise.all([page.waitForNavigation(), page.locator('.pager a[rel="next"]').click()]);
    expect(await page.locator('ol.hits li').count()).toBe(3);
    await page.locator('#search-results').scrollIntoViewIfNeeded();
    await screenshot(page, 'search-office-page2');
    await page.locator('form.search input[name="q"]').fill('供暖*');
    await Promise.all([page.waitForNavigation(), page.locator('form.search button[type="submit"]').click()]);
    expect(await page.locator('form.search .error-box').textContent()).toContain('搜索词不能包含引号');
    await page.locator('form.search').scrollIntoViewIfNeeded();
    await screenshot(page, 'search-office-refused');
    expect(errors).toEqual([]);
  });
});
