import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sandboxUser } from '../helpers/sandbox';
import { screenshot } from './support/chromium';
import { usePhoneSession } from './support/phone-session';

/** Extra copies of the walk's pictures for the report (ATTACH_SHOTS_DIR), besides test-artifacts/. */
async function shot(page: Parameters<typeof screenshot>[0], name: string, options: { fullPage?: boolean } = {}) {
  const path = await screenshot(page, name, options);
  const extra = process.env.ATTACH_SHOTS_DIR;
  if (extra) {
    mkdirSync(extra, { recursive: true });
    copyFileSync(path, join(extra, `${name}.png`));
  }
}

const session = usePhoneSession('2026-09-30T09:00:00+08:00', async (app) => {
  const office = sandboxUser(app.h, 'linxiaomei');
  await office.say('/督办 新建 来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 收文日期=2026-09-30');
  await office.say('/督办 交办 DB-2026-0001 领导=赵明');
});
let { page, chat, errors, app } = session;
beforeAll(() => ({ page, chat, errors, app } = session));

describe('佐证材料 at phone size (390 px): upload in the sandbox, see it on the item’s timeline', () => {
  it('张丽 reports, uploads a photo with the 附件 button, the bot confirms; the office sees the thumbnail', async () => {
    await chat.open('zhangli');
    await chat.say('/进展 DB-2026-0001 已完成排查，正在整改');
    // A real picture: the chat itself, as a phone photo would be.
    const photo = await page.screenshot({ type: 'png', clip: { x: 0, y: 120, width: 390, height: 300 } });
    await chat.settled(() => page.locator('#upload').setInputFiles({ name: '整改现场.png', mimeType: 'image/png', buffer: photo }));
    await chat.textMessage('已将「整改现场.png」作为佐证材料').waitFor();
    await shot(page, 'attach-sandbox-upload');

    await page.request.post(`${app.url}/office/login/sandbox`, { form: { person: 'linxiaomei' } });
    await page.goto(`${app.url}/office/items/DB-2026-0001#attachments`);
    const thumb = page.locator('#attachments img');
    await thumb.waitFor();
    expect(await thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await page.locator('#attachments').scrollIntoViewIfNeeded();
    await shot(page, 'attach-office-timeline');
    expect(errors).toEqual([]);
  });
});
