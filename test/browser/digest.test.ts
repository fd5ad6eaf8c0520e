import { beforeAll, describe, expect, it } from 'vitest';
import { sandboxUser } from '../helpers/sandbox';
import { screenshot } from './support/chromium';
import { usePhoneSession } from './support/phone-session';

// An issued leader's instruction for 住建局, due Tuesday 12-01 (3 working days, Art. 40), not yet acknowledged.
const session = usePhoneSession('2026-11-26T09:00:00+08:00', async (app) => {
  const office = sandboxUser(app.h, 'linxiaomei');
  await office.say('/督办 新建 来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 收文日期=2026-11-26');
  await office.say('/督办 交办 DB-2026-0001 领导=赵明');
});
let { page, chat, errors } = session;
beforeAll(() => ({ page, chat, errors } = session));

describe('daily push, seen in the sandbox after jumping the clock', () => {
  it('next working day 09:00 → the daily jobs run → the liaison’s digest lists the item due within 2 working days and the unacknowledged notice', async () => {
    await chat.open('zhangli');
    expect(await chat.clockLabel()).toBe('2026-11-26（周四） 09:00 · 工作日');

    await chat.jump('workday');
    expect(await chat.clockLabel()).toBe('2026-11-27（周五） 09:00 · 工作日');
    await chat.runDailyJobs();
    await chat.expectToast('每日提醒');
    const digest = chat.card('每日提醒 · 2026-11-27（周五）');
    await digest.waitFor();
    const text = await digest.textContent();
    expect(text).toContain('2个工作日内到期');
    expect(text).toContain('DB-2026-0001');
    expect(text).toContain('未签收的督查通知');
    expect(await digest.locator('.card').getAttribute('class')).toContain('c-orange');
    await screenshot(page, 'sandbox-digest');
  });

  it('+1 day lands on Saturday: no daily push on a day off', async () => {
    await chat.jump('day');
    expect(await chat.clockLabel()).toBe('2026-11-28（周六） 09:00 · 休息日');
    await chat.runDailyJobs();
    // Housekeeping runs every day; nothing is pushed.
    await chat.expectToast('没有需要推送的消息');
    expect(await page.locator('#log .card-h', { hasText: '每日提醒 · 2026-11-28' }).count()).toBe(0);
  });

  it('the next working day is Monday: its digest arrives, and running again sends nothing twice', async () => {
    await chat.jump('workday');
    expect(await chat.clockLabel()).toBe('2026-11-30（周一） 09:00 · 工作日');
    await chat.runDailyJobs();
    const monday = chat.card('每日提醒 · 2026-11-30（周一）');
    await monday.waitFor();
    expect(await monday.textContent()).toContain('DB-2026-0001');
    await chat.runDailyJobs();
    await chat.expectToast('没有到点的定时任务');
    expect(await page.locator('#log .card-h', { hasText: '每日提醒 · 2026-11-30' }).count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
