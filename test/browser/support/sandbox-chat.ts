import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Drives the sandbox page the way a person does: pick who you are, type, click card buttons, fill
 * card forms, move the clock. Every step waits on the page itself (the `data-settled` counter the
 * page script bumps after each action, or an element appearing), never on time.
 */
export class SandboxChat {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  /** Opens the chat of `personId` (1:1 by default, or their unit's group). */
  async open(personId: string, chat = 'p2p') {
    await this.page.goto(`${this.baseUrl}/sandbox?as=${encodeURIComponent(personId)}&chat=${encodeURIComponent(chat)}`);
    await this.ready();
  }

  async ready() {
    await this.page.locator('body[data-ready="1"]').waitFor();
  }

  /** Picks a person through the picker: search by name, click the result. */
  async pick(name: string) {
    await this.page.locator('#pick').click();
    await this.page.locator('#picker-q').fill(name);
    await this.page.locator('#picker .person:visible', { hasText: name }).first().click();
    await this.page.waitForURL((url) => url.searchParams.has('as'));
    await this.ready();
  }

  /** Runs `action` and waits until the page script has finished handling it. */
  async settled<T>(action: () => Promise<T>): Promise<T> {
    const before = Number(await this.page.locator('body').getAttribute('data-settled'));
    const result = await action();
    await this.page.waitForFunction((n) => Number(document.body.dataset.settled) > n, before);
    return result;
  }

  async say(text: string) {
    await this.settled(async () => {
      await this.page.locator('#text').fill(text);
      await this.page.locator('#send').click();
    });
  }

  /** The newest bot message whose card title contains `title`. */
  card(title: string | RegExp): Locator {
    return this.page.locator('#log > .msg.bot', { has: this.page.locator('.card-h', { hasText: title }) }).last();
  }

  /** The same message whatever it later shows (its card's title may change when it updates in place). */
  async pin(message: Locator): Promise<Locator> {
    await message.waitFor();
    const id = await message.getAttribute('data-msg');
    return this.page.locator(`#m-${id}`);
  }

  /** The newest bot text message containing `text`. */
  textMessage(text: string | RegExp): Locator {
    return this.page.locator('#log > .msg.bot', { has: this.page.locator('.bubble', { hasText: text }) }).last();
  }

  /** Clicks a button of the message's card; returns the message, pinned (it re-renders in place). */
  async click(message: Locator, label: string): Promise<Locator> {
    const pinned = await this.pin(message);
    await this.settled(() => pinned.getByRole('button', { name: label, exact: true }).click());
    return pinned;
  }

  /** Fills a card form (labels → values; a select takes an option's value or label) and presses its submit button. */
  async submit(message: Locator, values: Record<string, string>, submitLabel: string): Promise<Locator> {
    const pinned = await this.pin(message);
    const form = pinned.locator('form.card-form');
    for (const [label, value] of Object.entries(values)) {
      const field = form.getByLabel(label);
      const tag = await field.evaluate((el) => el.tagName.toLowerCase());
      if (tag === 'select') await field.selectOption(value);
      else await field.fill(value);
    }
    await this.settled(() => form.getByRole('button', { name: submitLabel, exact: true }).click());
    return pinned;
  }

  async toast(): Promise<string> {
    return (await this.page.locator('#toast').textContent()) ?? '';
  }

  async expectToast(text: string | RegExp) {
    const toast = await this.toast();
    if (typeof text === 'string') expect(toast).toContain(text);
    else expect(toast).toMatch(text);
  }

  async clockLabel(): Promise<string> {
    return (await this.page.locator('#clock-label').textContent()) ?? '';
  }

  async jump(kind: 'day' | 'workday') {
    await this.settled(() => this.page.locator(`[data-jump="${kind}"]`).click());
  }

  async runDailyJobs() {
    await this.settled(() => this.page.locator('#run-jobs').click());
  }
}
