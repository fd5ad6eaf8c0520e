import { createHmac } from 'node:crypto';
import { count } from 'drizzle-orm';
import { auditLog, inboundEvents, outbox } from '../../db/schema';
import { readFileSync } from 'node:fs';
import { makeHarness, type Harness } from '../helpers/harness';
import { startDingtalkFake, type DingtalkFake } from '../fakes/dingtalk-api';

/**
 * DingTalk test kit: fixture payloads from test/fixtures/dingtalk (copied from the platform docs' samples), signed the way DingTalk signs
 * them (node:crypto here, Web Crypto in the app, so the two implementations check each other), and a
 * harness whose DingTalk client talks to the local fake over loopback.
 */

export const APP_KEY = 'dingfakeappkey';
export const APP_SECRET = 'fake-app-secret-GT-lsu-taDA';
export const ROBOT_CODE = 'dingfakeappkey';
export const TEMPLATE_ID = 'tpl-duban-generic.schema';

const FIXTURES = new URL('../fixtures/dingtalk/', import.meta.url);

export function fixture(name: string): any {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'));
}

export function robotSign(timestamp: string, secret = APP_SECRET): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

export function cardSign(timestamp: string, secret = APP_SECRET): string {
  return createHmac('sha256', secret).update(timestamp).digest('base64');
}

export interface DingtalkKit {
  h: Harness;
  fake: DingtalkFake;
  close(): Promise<void>;
}

export async function makeDingtalkHarness(options: { now?: string; env?: Record<string, string>; interactive?: boolean } = {}): Promise<DingtalkKit> {
  const fake = await startDingtalkFake({ appKey: APP_KEY, appSecret: APP_SECRET });
  const h = await makeHarness({
    now: options.now,
    env: {
      DINGTALK_APP_KEY: APP_KEY,
      DINGTALK_APP_SECRET: APP_SECRET,
      DINGTALK_ROBOT_CODE: ROBOT_CODE,
      DINGTALK_BASE_URL: fake.url,
      DINGTALK_OAPI_BASE_URL: fake.url,
      ...(options.interactive ? { DINGTALK_CARD_TEMPLATE_ID: TEMPLATE_ID } : {}),
      ...options.env,
    },
  });
  return {
    h,
    fake,
    async close() {
      await h.settle();
      h.close();
      await fake.close();
    },
  };
}

let msgCounter = 0;

/** A text message as DingTalk posts it (the official receive-message sample, with our people and chats). */
export function textCallback(options: { from: string; text: string; group?: string; msgId?: string }) {
  const base = fixture('robot-callback-http-text.json');
  return {
    ...base,
    msgId: options.msgId ?? `msg-test-${++msgCounter}`,
    senderStaffId: options.from,
    conversationType: options.group ? '2' : '1',
    conversationId: options.group ?? `cid-p2p-${options.from}`,
    // Group messages keep the space where the @-mention was.
    text: { content: options.group ? ` ${options.text}` : options.text },
  };
}

const usedTimestamps = new WeakMap<Harness, Set<number>>();

/**
 * The timestamp DingTalk signs a request with: the harness clock, or the next millisecond not yet used
 * (the clock is fixed in tests, DingTalk's is not, and a timestamp/sign pair is accepted for one body only).
 */
function signingTimestamp(h: Harness): string {
  const used = usedTimestamps.get(h) ?? new Set<number>();
  usedTimestamps.set(h, used);
  let timestamp = h.clock.now().getTime();
  while (used.has(timestamp)) timestamp++;
  used.add(timestamp);
  return String(timestamp);
}

export function signedHeaders(h: Harness, overrides: { timestamp?: string; sign?: string } = {}): Record<string, string> {
  const timestamp = overrides.timestamp ?? signingTimestamp(h);
  return { timestamp, sign: overrides.sign ?? robotSign(timestamp) };
}

export async function postRobot(h: Harness, body: unknown, headers: Record<string, string> = signedHeaders(h)) {
  const res = await h.app.request('/webhooks/dingtalk', {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, json: text ? safeJson(text) : undefined };
}

/** A card click as DingTalk posts it to the registered callback URL (event-callback-card sample). */
export function cardClickBody(options: { userId: string; outTrackId: string; params: Record<string, unknown> }) {
  const base = fixture('card-callback-http-action.json');
  return {
    ...base,
    userId: options.userId,
    outTrackId: options.outTrackId,
    content: JSON.stringify({ cardPrivateData: { actionIds: ['btn'], params: options.params } }),
  };
}

export async function postCardClick(h: Harness, body: unknown, overrides: { timestamp?: string; signature?: string } = {}) {
  const timestamp = overrides.timestamp ?? signingTimestamp(h);
  const res = await h.app.request('/webhooks/dingtalk/card', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-ddpaas-signature-timestamp': timestamp,
      'x-ddpaas-signature': overrides.signature ?? cardSign(timestamp),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? safeJson(text) : undefined };
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Inbound keys, outbox rows and audit entries (the directory import at start writes one audit entry). */
export async function rowsWritten(k: { h: Harness }) {
  const [events] = await k.h.db.select({ n: count() }).from(inboundEvents);
  const [rows] = await k.h.db.select({ n: count() }).from(outbox);
  const [audits] = await k.h.db.select({ n: count() }).from(auditLog);
  return { events: events!.n, outbox: rows!.n, audits: audits!.n };
}

/** What `rowsWritten` finds when a request changed nothing. */
export const NOTHING_WRITTEN = { events: 0, outbox: 0, audits: 1 };
