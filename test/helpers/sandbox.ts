import { expect } from 'vitest';
import type { Harness } from './harness';
import { getJson, postJson } from './harness';
import { mdSource } from '../../src/core/messages';

/** Drives the sandbox JSON API like a person at the sandbox page would. */
export function sandboxUser(h: Harness, personId: string) {
  return {
    async say(text: string, chat = 'p2p') {
      const res = await postJson(h.app, '/sandbox/api/messages', { as: personId, chat, text });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.replies as Array<{ messageId: string; message: any; sentAt: string }>;
    },
    async click(messageId: string, value: Record<string, string>, form: Record<string, string> = {}) {
      const res = await postJson(h.app, '/sandbox/api/actions', { as: personId, messageId, value, form });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as { toast: { kind: string; text: string }; card: any; replies: any[] };
    },
    async inbox() {
      const res = await getJson(h.app, `/sandbox/api/inbox?as=${personId}`);
      expect(res.status).toBe(200);
      return res.body.messages as Array<{ messageId: string; message: any; sentAt: string; urgent: boolean; to: { type: string; id: string } }>;
    },
  };
}

/** All visible text of a message (card title, blocks, fields, buttons) for assertions. */
export function textOf(message: any): string {
  if (message.kind === 'text') return message.text;
  if (message.kind === 'file') return `[文件 ${message.file.format}] ${message.link}`;
  const card = message.card ?? message;
  const parts: string[] = [card.title];
  for (const b of card.blocks) {
    if (b.type === 'markdown' || b.type === 'note') parts.push(mdSource(b.text));
    if (b.type === 'fields') for (const f of b.fields) parts.push(`${f.label}: ${f.value}`);
    if (b.type === 'buttons') for (const btn of b.buttons) parts.push(`[${btn.label}]`);
    if (b.type === 'form') parts.push(...b.inputs.map((i: any) => i.label), `[${b.submit.label}]`);
  }
  return parts.join('\n');
}
