import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`, see scripts/ensure-chromium.sh); CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The flags this machine needs (a container: no user namespaces, no GPU): no sandbox (CI runs
 * as root), no GPU, and nothing that phones home — the network is closed, and Chromium's background
 * connections would be refused many at a time. Playwright adds `--headless` and a new, empty
 * temporary `--user-data-dir` for every launch.
 */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: the browser suite needs Debian's chromium. ` +
        'Install it with `scripts/ensure-chromium.sh` (apt-get install -y chromium fonts-wqy-microhei fonts-noto-color-emoji; .ci/run does this), ' +
        'or point CHROMIUM_PATH at a Chromium binary.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
}

/** A phone-sized page (iPhone 12–15: 390×844 CSS px) in its own context (own cookies and storage). */
export async function phonePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/** A desktop page for the dashboard. */
export async function desktopPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

export const SCREENSHOT_DIR = join(process.cwd(), 'test-artifacts', 'screenshots');

/** Saves a screenshot of the page under test-artifacts/screenshots/<name>.png (gitignored). */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // The sandbox's toast is transient: left out of the picture, so the screen underneath shows.
  await page.screenshot({ path, fullPage: options.fullPage ?? false, animations: 'disabled', style: '#toast{visibility:hidden}' });
  return path;
}

/**
 * Fails the test when the page logged a script error: a broken page script would otherwise only
 * show as a timeout further on.
 */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
