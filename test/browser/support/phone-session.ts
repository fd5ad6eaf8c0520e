import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, phonePage, watchPageErrors } from './chromium';
import { SandboxChat } from './sandbox-chat';
import { startApp, type RunningApp } from './server';

export interface PhoneSession {
  app: RunningApp;
  browser: Browser;
  page: Page;
  chat: SandboxChat;
  /** Script errors the page reported: a walk ends by expecting none. */
  errors: string[];
}

/**
 * Registers the suite's hooks: the app on a loopback port at `now` (prepared by `setup`), Chromium,
 * and one phone-sized page with the sandbox chat. The returned object is filled in before the tests run.
 */
export function usePhoneSession(now: string, setup?: (app: RunningApp) => Promise<void>): PhoneSession {
  const session = {} as PhoneSession;
  beforeAll(async () => {
    session.app = await startApp({ now });
    await setup?.(session.app);
    session.browser = await launchChromium();
    session.page = await phonePage(session.browser);
    session.errors = watchPageErrors(session.page);
    session.chat = new SandboxChat(session.page, session.app.url);
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.app?.close();
  });
  return session;
}
