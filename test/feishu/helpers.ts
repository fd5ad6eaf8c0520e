import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { count, ne } from 'drizzle-orm';
import { auditLog, inboundEvents, outbox } from '../../db/schema';
import { readResponse, type Harness } from '../helpers/harness';
import type { FakeFeishu } from '../fakes/feishu-api';

/**
 * Feishu's side of the conversation, implemented independently of the adapter (node:crypto, not Web
 * Crypto): payloads from test/fixtures/feishu (copied from the platform docs' samples), modified per test, encrypted and signed exactly
 * as Feishu does, posted to the real Hono app.
 */

export const ENCRYPT_KEY = 'test-encrypt-key';
export const VERIFICATION_TOKEN = 'test-verification-token';

export function feishuEnv(fake: FakeFeishu): Record<string, string> {
  return {
    FEISHU_APP_ID: 'cli_test',
    FEISHU_APP_SECRET: 'test-app-secret',
    FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
    FEISHU_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
    FEISHU_BASE_URL: fake.url,
  };
}

const FIXTURES = new URL('../fixtures/feishu/', import.meta.url);

export function fixture(name: string): any {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8'));
}

/** base64(iv ‖ AES-256-CBC(sha256(key), iv, PKCS7(plaintext))) — Feishu's encryption. */
export function encryptLikeFeishu(key: string, plaintext: string, iv: Buffer = randomBytes(16)): string {
  const cipher = createCipheriv('aes-256-cbc', createHash('sha256').update(key).digest(), iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

export function signLikeFeishu(timestamp: string, nonce: string, key: string, body: string): string {
  return createHash('sha256')
    .update(timestamp + nonce + key + body)
    .digest('hex');
}

export interface DeliverOptions {
  /** Encrypt (and sign) with this key instead of the configured one. */
  key?: string;
  /** Change the body after signing (e.g. cut it short). */
  tamper?: (body: string) => string;
  /** Replace the computed signature. */
  signature?: string;
  /** Send the payload as plain JSON, neither encrypted nor signed. */
  plain?: boolean;
  /** Leave out the signature headers (as Feishu does for challenges). */
  unsigned?: boolean;
  /** Signature timestamp (seconds); defaults to the harness clock. */
  timestamp?: string;
  /** Pretty-print the body: the signature is on the raw bytes, so it must still verify. */
  pretty?: boolean;
}

/**
 * Posts a payload to /webhooks/feishu as Feishu would: encrypted, then signed on the raw body.
 * A string payload is sent as the JSON text it already is (for values JSON.stringify cannot write).
 */
export async function deliver(h: Harness, payload: unknown, options: DeliverOptions = {}) {
  const key = options.key ?? ENCRYPT_KEY;
  const json = typeof payload === 'string' ? payload : JSON.stringify(payload);
  let body = options.plain ? json : JSON.stringify({ encrypt: encryptLikeFeishu(key, json) }, null, options.pretty ? 2 : undefined);
  const timestamp = options.timestamp ?? String(Math.floor(h.clock.now().getTime() / 1000));
  const nonce = randomBytes(8).toString('hex');
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (!options.plain && !options.unsigned) {
    headers['x-lark-request-timestamp'] = timestamp;
    headers['x-lark-request-nonce'] = nonce;
    headers['x-lark-signature'] = options.signature ?? signLikeFeishu(timestamp, nonce, key, body);
  }
  if (options.tamper) body = options.tamper(body);
  return readResponse(await h.app.request('/webhooks/feishu', { method: 'POST', headers, body }));
}

let eventSeq = 0;
const nextEventId = () => `ev_test_${++eventSeq}`;

export interface MessageEventOptions {
  openId: string;
  text?: string;
  messageId?: string;
  chatType?: 'p2p' | 'group';
  chatId?: string;
  mentions?: Array<{ key: string; openId: string; name?: string }>;
  messageType?: string;
  content?: string;
  eventId?: string;
}

/** `im.message.receive_v1` from the official sample, with sender, chat and text replaced. */
export function messageEvent(o: MessageEventOptions): any {
  const event = fixture('im.message.receive_v1');
  event.header.event_id = o.eventId ?? nextEventId();
  event.header.token = VERIFICATION_TOKEN;
  event.event.sender.sender_id.open_id = o.openId;
  const m = event.event.message;
  m.message_id = o.messageId ?? `om_test_${eventSeq}`;
  m.chat_type = o.chatType ?? 'p2p';
  m.chat_id = o.chatId ?? 'oc_p2p_test';
  m.message_type = o.messageType ?? 'text';
  m.content = o.content ?? JSON.stringify({ text: o.text ?? '' });
  m.mentions = (o.mentions ?? []).map((x) => ({
    key: x.key,
    id: { open_id: x.openId, union_id: 'on_x', user_id: 'u_x' },
    name: x.name ?? 'x',
    tenant_key: 't',
  }));
  if (!o.mentions?.length) delete m.mentions;
  return event;
}

/** `application.bot.menu_v6` from the official sample. */
export function menuEvent(o: { openId: string; eventKey: string; eventId?: string }): any {
  const event = fixture('application.bot.menu_v6');
  event.header.event_id = o.eventId ?? nextEventId();
  event.header.token = VERIFICATION_TOKEN;
  event.event.operator.operator_id.open_id = o.openId;
  event.event.event_key = o.eventKey;
  return event;
}

/** `card.action.trigger` (form-submit sample): who clicked which card, with the button's value and form. */
export function cardActionEvent(o: { openId: string; value: unknown; messageId: string; formValue?: Record<string, unknown>; eventId?: string }): any {
  const event = fixture('card.action.trigger.form_submit');
  event.header.event_id = o.eventId ?? nextEventId();
  event.header.token = VERIFICATION_TOKEN;
  event.event.operator.open_id = o.openId;
  event.event.action.value = o.value;
  event.event.action.form_value = o.formValue ?? {};
  event.event.context.open_message_id = o.messageId;
  return event;
}

/**
 * Rows in the tables an accepted request writes to (audit entries other than the start-up directory
 * import): a rejected request must leave all at zero.
 */
export async function writtenRows(h: Harness) {
  const [[inbound], [queued], [audits]] = await Promise.all([
    h.db.select({ n: count() }).from(inboundEvents),
    h.db.select({ n: count() }).from(outbox),
    h.db.select({ n: count() }).from(auditLog).where(ne(auditLog.subjectType, 'org')),
  ]);
  return { inbound: inbound!.n, outbox: queued!.n, audit: audits!.n };
}

/** Visible text of a rendered Feishu card (title, markdown, buttons) for assertions. */
export function cardText(card: any): string {
  const parts: string[] = [card.header?.title?.content ?? ''];
  const walk = (elements: any[]) => {
    for (const e of elements ?? []) {
      if (e.tag === 'markdown') parts.push(e.content);
      if (e.tag === 'button') parts.push(`[${e.text.content}]`);
      if (e.tag === 'column_set') for (const c of e.columns) walk(c.elements);
      if (e.tag === 'form') walk(e.elements);
    }
  };
  walk(card.body?.elements);
  return parts.join('\n');
}

/** Every callback button of a rendered card, with its value. */
export function cardButtons(card: any): Array<{ label: string; value: any }> {
  const buttons: Array<{ label: string; value: any }> = [];
  const walk = (elements: any[]) => {
    for (const e of elements ?? []) {
      if (e.tag === 'button') buttons.push({ label: e.text.content, value: e.behaviors?.[0]?.value });
      if (e.tag === 'column_set') for (const c of e.columns) walk(c.elements);
      if (e.tag === 'form') walk(e.elements);
    }
  };
  walk(card.body?.elements);
  return buttons;
}
