import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { feishuEnv, startFakeFeishuOAuth } from '../web/fake-feishu-oauth';
import { desktopPage, launchChromium, screenshot } from './support/chromium';
import { startApp, type RunningApp } from './support/server';

let fake: Awaited<ReturnType<typeof startFakeFeishuOAuth>>;
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  fake = await startFakeFeishuOAuth();
  // Feishu configured and SANDBOX unset: the sandbox is off, the dashboard signs in with Feishu only.
  app = await startApp({ now: '2026-11-26T09:00:00+08:00', env: feishuEnv(fake.url) });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await fake?.close();
});

describe('office dashboard: Feishu web login (OAuth code flow against a loopback fake)', () => {
  it('/office → Feishu authorize → /office/callback → the dashboard as the directory person with that open_id', async () => {
    const page = await desktopPage(browser);
    fake.nextUser = { openId: 'ou_demo_linxiaomei', name: '林小梅' };
    const response = await page.goto(`${app.url}/office`);
    expect(response!.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/office');
    expect(await page.locator('.bar .me').textContent()).toContain('林小梅');
    expect(fake.calls).toEqual(['GET /open-apis/authen/v1/authorize', 'POST /open-apis/authen/v2/oauth/token', 'GET /open-apis/authen/v1/user_info']);
    // No sandbox sign-in here.
    const sandboxLogin = await page.request.post(`${app.url}/office/login/sandbox`, { form: { person: 'huanghai' } });
    expect(sandboxLogin.status()).toBe(404);
    expect((await page.request.get(`${app.url}/sandbox`)).status()).toBe(404);
    await page.context().close();
  });

  it('a Feishu account that is not in the directory gets a Chinese 403 page and no session', async () => {
    const page = await desktopPage(browser);
    fake.nextUser = { openId: 'ou_nobody', name: '访客' };
    const response = await page.goto(`${app.url}/office`);
    expect(response!.status()).toBe(403);
    expect(await page.locator('main').textContent()).toContain('您的飞书账号（访客）未登记在督办助手通讯录中');
    expect((await page.context().cookies()).map((c) => c.name)).not.toContain('duban_office');
    await screenshot(page, 'office-feishu-unknown');
    await page.context().close();
  });

  it('a leader signs in with Feishu; a town head signs in but is refused with 403', async () => {
    const leader = await desktopPage(browser);
    fake.nextUser = { openId: 'ou_demo_zhaoming', name: '赵明' };
    expect((await leader.goto(`${app.url}/office`))!.status()).toBe(200);
    expect(await leader.locator('.bar .me').textContent()).toContain('赵明');
    await leader.context().close();

    const head = await desktopPage(browser);
    fake.nextUser = { openId: 'ou_demo_majun', name: '马军' };
    expect((await head.goto(`${app.url}/office`))!.status()).toBe(403);
    expect(await head.locator('main h1').textContent()).toBe('无权访问督办台');
    await head.context().close();
  });
});
