import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './support/chromium';
import { usePhoneSession } from './support/phone-session';

const session = usePhoneSession('2026-11-26T09:00:00+08:00');
let { page, chat, errors } = session;
beforeAll(() => ({ page, chat, errors } = session));

describe('sandbox clock bar at phone size (390 px)', () => {
  it('指定时间 opens a time field and a 跳转 button that both fit on the screen, and the jump works', async () => {
    await chat.open('zhangli');
    await page.locator('.clock-more summary').click();
    const width = page.viewportSize()!.width;
    for (const selector of ['#clock-at', '#clock-form button[type=submit]']) {
      const box = (await page.locator(selector).boundingBox())!;
      expect(box.x, selector).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, selector).toBeLessThanOrEqual(width);
    }
    await page.locator('#clock-at').fill('2026-12-01T08:30');
    await screenshot(page, 'sandbox-clock-at');
    await chat.settled(() => page.locator('#clock-form button[type=submit]').click());
    expect(await chat.clockLabel()).toBe('2026-12-01（周二） 08:30 · 工作日');
    expect(errors).toEqual([]);
  });
});
