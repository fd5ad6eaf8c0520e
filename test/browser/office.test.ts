import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { desktopPage, launchChromium, phonePage, screenshot, watchPageErrors } from './support/chromium';
import { seedOffice } from './support/office-fixture';
import { SandboxChat } from './support/sandbox-chat';
import { startApp, type RunningApp } from './support/server';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  app = await startApp({ now: '2026-11-26T09:00:00+08:00' });
  await seedOffice(app.h);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Signs in on /office/login as `name` (a button of the sandbox sign-in list); returns the final response. */
async function signIn(page: Page, name: string) {
  await page.goto(`${app.url}/office`);
  expect(new URL(page.url()).pathname).toBe('/office/login');
  const others = page.locator('details', { hasText: '其他人员' });
  const button = page.locator('.people button', { hasText: name }).first();
  if (!(await button.isVisible())) await others.locator('summary').click();
  const [response] = await Promise.all([page.waitForNavigation(), button.click()]);
  return response!;
}

const rows = (page: Page) => page.locator('#ledger-table tbody tr');

describe('office dashboard: 区政府办 staff', () => {
  let page: Page;
  let errors: string[];
  beforeAll(async () => {
    page = await desktopPage(browser);
    errors = watchPageErrors(page);
  });

  it('signing in as the sandbox person shows the ledger with its lights, the bulletin with its chart, who is away and failed deliveries', async () => {
    await page.goto(`${app.url}/office`);
    await screenshot(page, 'office-login');
    const response = await signIn(page, '林小梅');
    expect(response.status()).toBe(200);
    expect(await page.locator('.bar .me').textContent()).toContain('林小梅');

    // Ledger: three items, lights counted in the tiles.
    expect(await rows(page).count()).toBe(3);
    expect(await page.locator('[data-light-tile="red"] b').textContent()).toBe('1');
    expect(await page.locator('[data-light-tile="green"] b').textContent()).toBe('2');
    expect(await page.locator('tr[data-item="DB-2026-0001"]').getAttribute('data-light')).toBe('red');
    expect(await page.locator('tr[data-item="DB-2026-0001"] td.light').textContent()).toContain('🔴');

    // Bulletin: one bar group per lead unit, four series, the figures table, the chart's accessible summary.
    const bars = page.locator('#bulletin svg rect[data-series]');
    expect(await bars.count()).toBe(3 * 4);
    expect(await page.locator('#bulletin svg rect[data-category="住建局"][data-series="逾期"]').getAttribute('data-value')).toBe('1');
    expect(await page.locator('#bulletin-table tbody tr', { hasText: '住建局' }).first().locator('td').nth(2).textContent()).toBe('1');

    // Who is away today, and the failed delivery.
    expect(await page.locator('#away').textContent()).toContain('马军');
    expect(await page.locator('#failures-table tbody tr').count()).toBe(1);
    expect(await page.locator('#failures-table').textContent()).toContain('ou_stranger');
    await screenshot(page, 'office-dashboard', { fullPage: true });
    expect(errors).toEqual([]);
  });

  it('filters by unit, light and due window; an unknown value is a Chinese error and filters nothing', async () => {
    await page.locator('select[name="unit"]').selectOption({ label: '住建局' });
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '筛选', exact: true }).click()]);
    expect(new URL(page.url()).searchParams.get('unit')).toBe('zjj');
    // 住建局 leads DB-2026-0001 and assists DB-2026-0002.
    expect(await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-item')))).toEqual(['DB-2026-0001', 'DB-2026-0002']);
    expect(await page.locator('#ledger-count').textContent()).toContain('单位=住建局');

    await page.locator('select[name="light"]').selectOption('red');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '筛选', exact: true }).click()]);
    expect(await rows(page).count()).toBe(1);

    await page.goto(`${app.url}/office?due=3`);
    expect(await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-item')))).toEqual(['DB-2026-0003']);

    const bad = await page.goto(`${app.url}/office?light=purple&due=abc`);
    expect(bad!.status()).toBe(400);
    expect(await page.locator('.error-box').allTextContents()).toEqual([
      '督办灯「purple」不是可选的灯色，请从列表中选择。',
      '到期范围「abc」须为 0–250 之间的整数（个工作日），例如 3。',
    ]);
    expect(await rows(page).count()).toBe(3);
  });

  it('an item’s timeline opens from the ledger', async () => {
    await page.goto(`${app.url}/office`);
    await Promise.all([page.waitForNavigation(), page.locator('tr[data-item="DB-2026-0001"] a').click()]);
    expect(new URL(page.url()).pathname).toBe('/office/items/DB-2026-0001');
    const item = page.locator('#item');
    expect(await item.locator('.card-h').textContent()).toBe('督查事项 · DB-2026-0001');
    const timeline = await item.textContent();
    expect(timeline).toContain('办理时间线');
    expect(timeline).toContain('登记立项');
    expect(timeline).toContain('住建局 张丽 签收');
    const missing = await page.goto(`${app.url}/office/items/DB-2026-0099`);
    expect(missing!.status()).toBe(404);
    expect(await page.locator('main h1').textContent()).toBe('没有这个督查事项');
  });

  it('exports the filtered ledger as XLSX and as CSV (downloads)', async () => {
    await page.goto(`${app.url}/office?unit=zjj`);
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.locator('#export-xlsx').click()]);
    expect(xlsx.suggestedFilename()).toBe('督查台账-2026-11-26.xlsx');
    const workbookBytes = readFileSync((await xlsx.path())!);
    expect(workbookBytes.subarray(0, 2).toString()).toBe('PK');
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(workbookBytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('督查台账')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('编号');
    expect([sheet.getRow(2).getCell(1).value, sheet.getRow(3).getCell(1).value]).toEqual(['DB-2026-0001', 'DB-2026-0002']);
    expect(sheet.rowCount).toBe(3);

    const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
    expect(csv.suggestedFilename()).toBe('督查台账-2026-11-26.csv');
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text.startsWith('\uFEFF编号,督办灯,状态,来源')).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^DB-2026-0001,🔴/);
  });

  it('the sandbox chat opens the dashboard as the chosen person', async () => {
    const phone = await phonePage(browser);
    const chat = new SandboxChat(phone, app.url);
    await chat.open('hejun');
    await Promise.all([phone.waitForNavigation(), phone.getByRole('button', { name: '督办台' }).click()]);
    expect(new URL(phone.url()).pathname).toBe('/office');
    expect(await phone.locator('.bar .me').textContent()).toContain('何俊');
    await screenshot(phone, 'office-dashboard-phone');
    await phone.context().close();
  });

  it('signing out ends the session', async () => {
    await page.goto(`${app.url}/office`);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '退出' }).click()]);
    expect(await page.locator('main h1').textContent()).toBe('已退出');
    await page.goto(`${app.url}/office`);
    expect(new URL(page.url()).pathname).toBe('/office/login');
  });
});

describe('office dashboard: who else may enter', () => {
  it('a leader (副区长 赵明) sees the ledger, but neither export buttons nor deliveries, and the export URL answers 403', async () => {
    const page = await desktopPage(browser);
    await signIn(page, '赵明');
    expect(await rows(page).count()).toBe(3);
    expect(await page.locator('#export-xlsx').count()).toBe(0);
    expect(await page.locator('#ledger .exports').textContent()).toContain('台账导出仅限区政府办督查人员。');
    expect(await page.locator('#failures').textContent()).toContain('投递失败记录仅区政府办督查人员可以查看和处理。');
    const denied = await page.goto(`${app.url}/office/export/ledger.xlsx`);
    expect(denied!.status()).toBe(403);
    expect(await page.locator('main h1').textContent()).toBe('无权导出');
    await page.context().close();
  });

  it('a town head (马军) gets a Chinese 403 page on every dashboard route', async () => {
    const page = await desktopPage(browser);
    const response = await signIn(page, '马军');
    expect(response.status()).toBe(403);
    expect(await page.locator('main h1').textContent()).toBe('无权访问督办台');
    expect(await page.locator('main').textContent()).toContain('督办台仅供区政府办督查人员和区领导');
    for (const path of ['/office/items/DB-2026-0001', '/office/export/ledger.csv', '/office?unit=zjj']) {
      const res = await page.goto(`${app.url}${path}`);
      expect(res!.status(), path).toBe(403);
    }
    await screenshot(page, 'office-forbidden');
    await page.context().close();
  });
});
