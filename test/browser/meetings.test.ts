import { copyFileSync, mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { supervisionItems } from '../../db/schema';
import { screenshot } from './support/chromium';
import { usePhoneSession } from './support/phone-session';

// Monday 2026-09-21: a standing meeting on Thursday 09-24; its decisions are due 10 working days
// after it on the 调休 calendar (National Day 2026) → Thursday 10-15 (Art. 40).
const session = usePhoneSession('2026-09-21T09:00:00+08:00');
let { app, page, chat, errors } = session;
beforeAll(() => ({ app, page, chat, errors } = session));

/** Screenshots also go to SHOTS_DIR when set (the walk's record for the report). */
async function shot(name: string) {
  const path = await screenshot(page, name);
  if (process.env.SHOTS_DIR) {
    mkdirSync(process.env.SHOTS_DIR, { recursive: true });
    copyFileSync(path, `${process.env.SHOTS_DIR}/${name}.png`);
  }
}

describe('Art. 50–56 one meeting in the sandbox chat: schedule → agenda → minutes → supervision items', () => {
  it('walks a standing meeting on a phone', async () => {
    await chat.open('linxiaomei');
    await chat.say('/会议 安排 类别=常务会议 名称=第9次常务会议 日期=9月24日');
    await chat.card('区政府常务会议 · 第9次常务会议').waitFor();
    await shot('meeting-1-scheduled');

    await chat.open('zhaoming');
    const notice = chat.card('会议通知');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('不能出席的原因');
    await shot('meeting-2-notice');

    await chat.open('dengpeng');
    await chat.say('/会议 议题 会议=1 标题=物业管理办法（修订） 涉及规范性文件=是');
    await chat.textMessage('不得提交会议审议').waitFor();
    await shot('meeting-3-legality-gate');
    await chat.say('/会议 议题 会议=1 标题=物业管理办法（修订） 涉及规范性文件=是 合法性审核=已通过');
    await chat.card('议题 · 物业管理办法（修订）').waitFor();

    for (const who of ['zhaoming', 'liujianguo', 'chenzhiyuan']) {
      await chat.open(who);
      await chat.click(chat.card('议题 · 物业管理办法（修订）'), '同意');
    }
    await chat.expectToast('已签批完成');
    await shot('meeting-4-agenda-approved');

    app.h.clock.set('2026-09-24T16:00:00+08:00');
    await chat.open('linxiaomei');
    await chat.say('/会议 纪要 1 老旧小区改造｜住建局；秋冬季供暖准备｜兴隆镇');
    await chat.card('会议纪要').waitFor();
    await shot('meeting-5-minutes-filed');

    await chat.open('liujianguo');
    await chat.click(chat.card('会议纪要'), '同意');
    await chat.open('chenzhiyuan');
    const signed = await chat.click(chat.card('会议纪要'), '同意');
    await chat.expectToast('DB-2026-0001（期限 2026-10-15）');
    expect(await signed.textContent()).toContain('督查事项 DB-2026-0001');
    await shot('meeting-6-minutes-signed');

    await chat.open('linxiaomei', 'qzfb');
    await chat.card('督查事项草稿 · DB-2026-0002').waitFor();
    await shot('meeting-7-items-in-office-chat');
    const items = await app.h.db.select().from(supervisionItems);
    expect(items.map((i) => i.dueOn)).toEqual(['2026-10-15', '2026-10-15']);

    // The dashboard's meetings page on the same phone: the meeting, its agenda, minutes and items.
    await page.goto(`${app.url}/office`);
    const button = page.locator('.people button', { hasText: '林小梅' }).first();
    if (!(await button.isVisible())) await page.locator('details', { hasText: '其他人员' }).locator('summary').click();
    await Promise.all([page.waitForNavigation(), button.click()]);
    await page.goto(`${app.url}/office/meetings`);
    expect(await page.locator('#meetings-table').textContent()).toContain('DB-2026-0001、DB-2026-0002');
    await shot('meeting-8-office-meetings');
    expect(errors).toEqual([]);
  });
});
