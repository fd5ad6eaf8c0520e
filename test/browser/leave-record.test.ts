import { beforeAll, describe, expect, it } from 'vitest';
import { approvedLeave, file, setClock } from '../leave/helpers';
import { sandboxUser } from '../helpers/sandbox';
import { screenshot } from './support/chromium';
import { usePhoneSession } from './support/phone-session';

// 马军's year: a private trip over National Day (调休), an official day trip, and a withdrawn request.
const session = usePhoneSession('2026-09-20T09:00:00+08:00', async ({ h }) => {
  await approvedLeave(h, 'majun', '/请假 9月28日-10月10日 出省 因私 北京 探亲', ['zhaoming', 'chenzhiyuan']);
  await approvedLeave(h, 'majun', '/请假 10月15日 省内其他市 因公 目的地=[详情](https://evil.example) 事由=<b>开会</b>', ['zhaoming', 'chenzhiyuan']);
  const withdrawn = await file(h, 'majun', '/请假 10月20日-21日 出省 因公 沈阳 参加培训');
  await sandboxUser(h, 'majun').say(`/请假 撤回 ${withdrawn}`);
  await file(h, 'dengpeng', '/请假 9月21日 省内其他市 因公 哈尔滨 开会 紧急 原因：接上级临时通知');
  await setClock(h, '2026-12-05T09:00:00+08:00');
});
let { app, page, chat, errors } = session;
beforeAll(() => ({ app, page, chat, errors } = session));

describe('Art. 68 leave record on a phone-sized screen', () => {
  it('/请假 记录 in the sandbox chat shows the totals by purpose and scope, both day counts named', async () => {
    await chat.open('majun');
    await chat.say('/请假 记录 2026');
    const card = chat.card('马军 · 2026 年请假记录');
    await card.waitFor();
    const text = (await card.textContent())!;
    expect(text).toContain('合计：2 次，工作日 7 天，日历日 14 天');
    expect(text).toContain('[详情](https://evil.example)');
    expect(await card.locator('a[href="https://evil.example"], b').count()).toBe(0);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'leave-record-chat');
    await chat.say('/请假 记录 明年');
    await chat.textMessage('年份「明年」无法识别').waitFor();
    await screenshot(page, 'leave-record-bad-year');
    expect(errors).toEqual([]);
  });

  it('the office leave ledger on /office/leave: filters, per-person totals, export buttons', async () => {
    await page.goto(`${app.url}/office/login`);
    const button = page.locator('.people button', { hasText: '林小梅' }).first();
    if (!(await button.isVisible())) await page.locator('details', { hasText: '其他人员' }).locator('summary').click();
    await Promise.all([page.waitForNavigation(), button.click()]);
    await page.goto(`${app.url}/office/leave`);
    expect(await page.locator('#leave-ledger tbody tr').count()).toBe(4);
    await screenshot(page, 'office-leave-top');
    await page.locator('#leave-totals').scrollIntoViewIfNeeded();
    await screenshot(page, 'office-leave-totals');
    await page.locator('select[name="person"]').selectOption('majun');
    await page.locator('select[name="purpose"]').selectOption('private');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '筛选' }).click()]);
    expect(await page.locator('#leave-ledger tbody tr').count()).toBe(1);
    expect(await page.locator('#export-leave-csv').getAttribute('href')).toBe('/office/export/leave.csv?person=majun&purpose=private&year=2026');
    await screenshot(page, 'office-leave-filtered', { fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-leave-xlsx').click()]);
    expect(download.suggestedFilename()).toBe('请假台账-2026-12-05.xlsx');
    expect(errors).toEqual([]);
  });
});
