import { expect } from 'vitest';
import { loadDirectory } from '../../src/core/org/directory';
import type { Harness } from './harness';
import { makeHarness, postJson } from './harness';
import { sandboxUser, textOf } from './sandbox';

/**
 * One chat platform as a person at their phone sees it, so the same end-to-end scenario runs on
 * every adapter (issue 8 item 5): say something, read what arrived (in its current state, after any
 * in-place updates), click a button by its label. Each adapter's test kit implements it against its
 * real webhook and a fake of its API; `sandboxDriver` implements it with the sandbox JSON API.
 */
export interface MessageView {
  /** The handle `click` needs (platform message id, card id…). */
  id: string;
  title: string;
  /** Everything visible: title, body, fields, notes. */
  text: string;
  /** Button labels, in order (form submit buttons included). */
  buttons: string[];
}

export interface PlatformDriver {
  readonly platform: string;
  readonly h: Harness;
  /** Whether sent cards change in place after a decision (DingTalk ActionCards cannot: the new state comes as a new message). */
  readonly editsCards: boolean;
  /** `personId` sends `text` in their 1:1 chat with the bot, or in the group chat of `unitId`; delivery has run when it resolves. */
  say(personId: string, text: string, options?: { unitChat?: string }): Promise<void>;
  /** The person's 1:1 chat with the bot, oldest first. */
  inbox(personId: string): Promise<MessageView[]>;
  /** A unit's group chat, oldest first. */
  chat(unitId: string): Promise<MessageView[]>;
  /** Clicks the button labelled `label` on `message` as `personId`; resolves with the toast the clicker sees. */
  click(personId: string, message: MessageView, label: string, form?: Record<string, string>): Promise<{ toast: string }>;
  close(): Promise<void>;
}

/** The newest message whose title contains `title` (fails the test when there is none). */
export function latest(messages: MessageView[], title: string | RegExp): MessageView {
  const found = messages.filter((m) => (typeof title === 'string' ? m.title.includes(title) : title.test(m.title)));
  expect(found.length, `no message titled ${title} in: ${messages.map((m) => m.title).join(' | ')}`).toBeGreaterThan(0);
  return found[found.length - 1]!;
}

type SandboxMessage = Awaited<ReturnType<ReturnType<typeof sandboxUser>['inbox']>>[number];

function sandboxView(m: SandboxMessage): MessageView {
  const buttons =
    m.message.kind === 'card'
      ? m.message.card.blocks.flatMap((b: any) => (b.type === 'buttons' ? b.buttons.map((x: any) => x.label) : b.type === 'form' ? [b.submit.label] : []))
      : [];
  return { id: m.messageId, title: m.message.kind === 'card' ? m.message.card.title : m.message.text, text: textOf(m.message), buttons };
}

/** The sandbox as a platform: the reference every adapter's scenario run is compared with. */
export async function sandboxDriver(options: { now?: string } = {}): Promise<PlatformDriver> {
  const h = await makeHarness({ now: options.now });
  const dir = await loadDirectory(h.db);
  const messages = async (personId: string, type: 'person' | 'unit_chat') => (await sandboxUser(h, personId).inbox()).filter((m) => m.to.type === type);
  return {
    platform: 'sandbox',
    h,
    editsCards: true,
    async say(personId, text, options) {
      await sandboxUser(h, personId).say(text, options?.unitChat ?? 'p2p');
    },
    inbox: async (personId) => (await messages(personId, 'person')).map(sandboxView),
    async chat(unitId) {
      const member = dir.members(unitId)[0];
      if (!member) throw new Error(`unit ${unitId} has no members`);
      return (await messages(member.id, 'unit_chat')).map(sandboxView);
    },
    async click(personId, message, label, form = {}) {
      const inbox = await sandboxUser(h, personId).inbox();
      const raw = inbox.find((m) => m.messageId === message.id);
      if (raw?.message.kind !== 'card') throw new Error(`${personId} cannot see card ${message.id}`);
      const button = raw.message.card.blocks
        .flatMap((b: any) => (b.type === 'buttons' ? b.buttons : b.type === 'form' ? [b.submit] : []))
        .find((b: any) => b.label === label);
      if (!button) throw new Error(`no button ${label} on ${message.title}`);
      const res = await postJson(h.app, '/sandbox/api/actions', {
        as: personId,
        messageId: message.id,
        value: { action: button.action, ...(button.payload ?? {}) },
        form,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return { toast: res.body.toast.text };
    },
    async close() {
      await h.settle();
      h.close();
    },
  };
}
