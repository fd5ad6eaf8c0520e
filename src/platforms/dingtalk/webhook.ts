import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps, AppEnv } from '../../app-env';
import { inboundEvents } from '../../../db/schema';
import { handleAction, handleMessage } from '../../bot/dispatch';
import { drainOutbox } from '../../outbox/drain';
import { cardCallbackResponse } from './cards';
import { NOT_TEXT_HINT, strangerReply } from '../../core/platform-replies';
import { parseCardCallback, parseRobotCallback, robotInbound, type CardClick, type RobotCallback } from './inbound';
import { answeringInChat } from './text-clicks';
import { parseBoundedJson } from '../bounded-json';
import { claimSignaturePair, sha256Hex } from './signature-pairs';
import { verifyCardCallback, verifyRobotCallback } from './verify';

/**
 * POST /webhooks/dingtalk (robot messages, HTTP mode) and POST /webhooks/dingtalk/card (interactive
 * card clicks, `callbackType: "HTTP"`). Authenticate first, then parse, then one atomic commit through
 * the dispatcher; delivery runs after the response. Mounted only when DingTalk is configured.
 */

/** Robot messages and card clicks are small; anything bigger is not DingTalk. */
const MAX_BODY_BYTES = 64 * 1024;

const limit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json({ error: '请求体过大' }, 413) });

function deliverLater(deps: AppDeps) {
  deps.defer(() => drainOutbox(deps));
}

async function readJson(c: Context<AppEnv>): Promise<{ ok: true; raw: string; body: unknown } | { ok: false; error: string }> {
  const raw = await c.req.text();
  const parsed = parseBoundedJson(raw);
  return parsed.ok ? { ok: true, raw, body: parsed.value } : { ok: false, error: `请求体${parsed.error}` };
}

/** Records the callback's msgId; false when it was seen before (DingTalk redelivers). */
async function firstDelivery(deps: AppDeps, msgId: string): Promise<boolean> {
  const inserted = await deps.db.insert(inboundEvents).values({ key: `dingtalk:${msgId}`, platform: 'dingtalk', receivedAt: deps.clock.now() })
    .onConflictDoNothing().returning({ key: inboundEvents.key });
  return inserted.length > 0;
}

/**
 * A stateless answer (help hint, unregistered sender) goes back in the HTTP response body, which
 * DingTalk shows in the same chat: no OpenAPI call, so none of the monthly quota (receive-message, HTTP响应格式).
 */
function inlineText(callback: RobotCallback, content: string): RobotReply {
  const at = callback.conversationType === '2' && callback.senderStaffId ? { at: { atUserIds: [callback.senderStaffId] } } : {};
  return { msgtype: 'text', text: { content }, ...at };
}

/** A fixed text answer in the robot-webhook message format (HTTP response body, or a sessionWebhook POST in Stream mode). */
export interface RobotReply {
  msgtype: 'text';
  text: { content: string };
  at?: { atUserIds: string[] };
}

/**
 * One authenticated, parsed robot message through the bot: commits it (deduplicated on its msgId) and
 * schedules delivery. Returns the fixed answer the transport must send back itself, if any.
 */
export async function receiveRobotMessage(deps: AppDeps, callback: RobotCallback): Promise<RobotReply | undefined> {
  const dir = await deps.loadDirectory();
  const inbound = robotInbound(callback, dir);
  if (inbound.kind === 'unknown_sender' || inbound.kind === 'not_text') {
    if (!(await firstDelivery(deps, callback.msgId))) return undefined;
    return inlineText(callback, inbound.kind === 'unknown_sender' ? strangerReply(dir, '钉钉') : NOT_TEXT_HINT);
  }
  if (inbound.kind === 'message') {
    const chat = inbound.inbound.chat;
    if (chat.type === 'group' && !chat.unitId) {
      // How an operator learns a group's conversationId for the directory file (README: DingTalk setup).
      console.log(JSON.stringify({ at: 'dingtalk', unmappedGroup: chat.platformChatId, title: callback.conversationTitle ?? '' }));
    }
    await handleMessage(deps, dir, inbound.inbound);
  } else {
    await handleAction(answeringInChat(deps), dir, inbound.inbound);
  }
  deliverLater(deps);
  return undefined;
}

/** One authenticated, parsed card click through the bot; returns the answer DingTalk applies to the card. */
export async function receiveCardClick(deps: AppDeps, click: CardClick, dedupeKey: string) {
  const dir = await deps.loadDirectory();
  const actor = dir.byDingtalkUserId(click.userId);
  if (!actor) return cardCallbackResponse({ toast: { kind: 'error', text: strangerReply(dir, '钉钉') } });
  const { response } = await handleAction(deps, dir, {
    platform: 'dingtalk', dedupeKey, actor, platformMessageId: `card:${click.outTrackId}`, action: click.action, payload: click.payload, form: click.form,
  });
  deliverLater(deps);
  return cardCallbackResponse(response);
}

const PAIR_REUSED = '签名校验失败：该 timestamp/sign 已用于另一条消息（钉钉的签名只覆盖时间戳，每对签名只接受一条消息）';

export function dingtalkWebhook() {
  const api = new Hono<AppEnv>();

  api.use('*', async (c, next) => {
    const config = c.get('deps').config.dingtalk;
    if (!config) return c.json({ error: '钉钉未启用：请设置 DINGTALK_APP_KEY、DINGTALK_APP_SECRET 和 DINGTALK_ROBOT_CODE' }, 404);
    // Stream mode closes the door the weak robot signature (timestamp only) would otherwise leave open.
    if (config.mode === 'stream') return c.json({ error: '钉钉为 Stream 模式（DINGTALK_MODE=stream）：消息经长连接接收，不接受 HTTP 回调' }, 404);
    await next();
  });

  api.post('/', limit, async (c) => {
    const deps = c.get('deps');
    const config = deps.config.dingtalk!;
    const verdict = await verifyRobotCallback({ timestamp: c.req.header('timestamp'), sign: c.req.header('sign') }, config.appSecret, deps.realClock.now());
    if (!verdict.ok) return c.json({ error: `签名校验失败：${verdict.reason}` }, 401);
    const read = await readJson(c);
    if (!read.ok) return c.json({ error: read.error }, 400);
    const parsed = parseRobotCallback(read.body);
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    const callback = parsed.value;
    const fresh = await claimSignaturePair(deps.db, { route: 'robot', timestamp: c.req.header('timestamp')!, signature: c.req.header('sign')!, rawBody: read.raw, messageId: callback.msgId });
    if (!fresh) return c.json({ error: PAIR_REUSED }, 401);
    const reply = await receiveRobotMessage(deps, callback);
    return reply ? c.json(reply) : c.body(null, 200);
  });

  api.post('/card', limit, async (c) => {
    const deps = c.get('deps');
    const config = deps.config.dingtalk!;
    const timestamp = c.req.header('x-ddpaas-signature-timestamp');
    // The callback route is registered with the app secret as its apiSecret (README: DingTalk setup).
    const verdict = await verifyCardCallback({ timestamp, signature: c.req.header('x-ddpaas-signature') }, config.appSecret, deps.realClock.now());
    if (!verdict.ok) return c.json({ error: `签名校验失败：${verdict.reason}` }, 401);
    const read = await readJson(c);
    if (!read.ok) return c.json({ error: read.error }, 400);
    const parsed = parseCardCallback(read.body);
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    const click = parsed.value;
    const fresh = await claimSignaturePair(deps.db, { route: 'card', timestamp: timestamp!, signature: c.req.header('x-ddpaas-signature')!, rawBody: read.raw, messageId: click.outTrackId });
    if (!fresh) return c.json({ error: PAIR_REUSED }, 401);
    // A replayed request repeats timestamp and body (its pair is accepted for that body only), a new click does not.
    const dedupeKey = `card-${await sha256Hex(`${timestamp}\n${read.raw}`, 16)}`;
    return c.json(await receiveCardClick(deps, click, dedupeKey));
  });

  return api;
}
