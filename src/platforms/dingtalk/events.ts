import type { AppDeps } from '../../app-env';
import { receive, type Answer, type Receiver } from '../../bot/pipeline';
import { RejectedRequest } from '../../bot/rejected';
import type { DingtalkConfig } from '../../config';
import { strangerReply } from '../../core/platform-replies';
import { log } from '../../log';
import { parseBoundedJson } from '../bounded-json';
import type { HttpRequest } from '../http-answer';
import { cardCallbackResponse } from './cards';
import { parseCardCallback, parseRobotCallback, robotInbound, type CardClick, type RobotCallback } from './inbound';
import { claimSignaturePair, sha256Hex, type Route } from './signature-pairs';
import { verifyCardCallback, verifyRobotCallback, type Verdict } from './verify';

/**
 * DingTalk's receivers for the receive pipeline (src/bot/pipeline.ts). `robotEvents` reads robot
 * messages, `cardEvents` interactive-card clicks; as exported they open signed HTTP requests
 * (webhook.ts). Another transport keeps `parse` and `respond` and brings its own `open` — the Stream
 * mode, whose frames are authenticated by the connection itself, does so through
 * `receiveRobotMessage` / `receiveCardClick` below:
 *
 *   const callback = parseRobotCallback(JSON.parse(frame.data));          // the frame's payload
 *   const reply = await receiveRobotMessage(deps, callback.value);        // deduplicated on msgId
 *   // reply: the stateless text HTTP mode puts in its response body; Stream sends it to sessionWebhook
 *   const ack = await receiveCardClick(deps, click, `stream-${frame.messageId}`); // → the frame's ACK data
 *
 * which is `receive(deps, { ...robotEvents, open: async () => ({ event: callback, dedupeKey: callback.msgId }) }, frame)`.
 */

export type CardEvent = { click: CardClick; dedupeKey: string };

const PAIR_REUSED = '签名校验失败：该 timestamp/sign 已用于另一条消息（钉钉的签名只覆盖时间戳，每对签名只接受一条消息）';

function dingtalkOf(deps: AppDeps): DingtalkConfig {
  const config = deps.config.dingtalk;
  if (!config) throw new RejectedRequest(404, '钉钉未启用：请设置 DINGTALK_APP_KEY、DINGTALK_APP_SECRET 和 DINGTALK_ROBOT_CODE');
  // Stream mode closes the door the weak robot signature (timestamp only) would otherwise leave open.
  if (config.mode === 'stream') throw new RejectedRequest(404, '钉钉为 Stream 模式（DINGTALK_MODE=stream）：消息经长连接接收，不接受 HTTP 回调');
  return config;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Opens one signed HTTP callback: signature headers (they cover the timestamp only), then the JSON
 * body, then the pair claimed for this body alone (signature-pairs.ts).
 */
async function openSigned<T>(
  request: HttpRequest,
  deps: AppDeps,
  how: {
    route: Route;
    headers: { timestamp: string; signature: string };
    verify(timestamp: string | undefined, signature: string | undefined, secret: string, now: Date): Promise<Verdict>;
    parse(body: unknown): Parsed<T>;
    messageIdOf(value: T): string;
  },
): Promise<{ value: T; raw: string; timestamp: string }> {
  const config = dingtalkOf(deps);
  const timestamp = request.header(how.headers.timestamp);
  const signature = request.header(how.headers.signature);
  const verdict = await how.verify(timestamp, signature, config.appSecret, deps.realClock.now());
  if (!verdict.ok) throw new RejectedRequest(401, `签名校验失败：${verdict.reason}`);
  const raw = new TextDecoder().decode(request.raw);
  const json = parseBoundedJson(raw);
  if (!json.ok) throw new RejectedRequest(400, `请求体${json.error}`);
  const parsed = how.parse(json.value);
  if (!parsed.ok) throw new RejectedRequest(400, parsed.error);
  const pair = { route: how.route, timestamp: timestamp!, signature: signature!, rawBody: raw, messageId: how.messageIdOf(parsed.value) };
  if (!(await claimSignaturePair(deps.db, pair))) throw new RejectedRequest(401, PAIR_REUSED);
  return { value: parsed.value, raw, timestamp: timestamp! };
}

/**
 * A stateless answer (help hint, unregistered sender) goes back in the HTTP response body, which
 * DingTalk shows in the same chat: no OpenAPI call, so none of the monthly quota (receive-message, HTTP响应格式).
 */
function inlineText(callback: RobotCallback, content: string): Answer {
  const at = callback.conversationType === '2' && callback.senderStaffId ? { at: { atUserIds: [callback.senderStaffId] } } : {};
  const reply: RobotReply = { msgtype: 'text', text: { content }, ...at };
  return { body: reply };
}

/** A fixed text answer in the robot-webhook message format (HTTP response body, or a sessionWebhook POST in Stream mode). */
export interface RobotReply {
  msgtype: 'text';
  text: { content: string };
  at?: { atUserIds: string[] };
}

/** Robot messages, HTTP mode: `POST /webhooks/dingtalk`. */
export const robotEvents: Receiver<HttpRequest, RobotCallback> = {
  platform: 'dingtalk',
  repliesInline: true,
  async open(request, deps) {
    const { value: callback } = await openSigned(request, deps, {
      route: 'robot',
      headers: { timestamp: 'timestamp', signature: 'sign' },
      verify: (timestamp, sign, secret, now) => verifyRobotCallback({ timestamp, sign }, secret, now),
      parse: parseRobotCallback,
      messageIdOf: (callback) => callback.msgId,
    });
    return { event: callback, dedupeKey: callback.msgId };
  },
  async parse(callback, dir) {
    const inbound = robotInbound(callback, dir);
    if (inbound.kind === 'message' && inbound.message.chat.type === 'group' && !inbound.message.chat.unitId) {
      // How an operator learns a group's conversationId for the directory file (docs: DingTalk setup).
      log().info(
        { platform: 'dingtalk', unmappedGroup: inbound.message.chat.platformChatId, title: callback.conversationTitle ?? '' },
        'dingtalk group not in the directory',
      );
    }
    return inbound;
  },
  respond: (result, callback) => (result.kind === 'reply' ? inlineText(callback, result.text) : {}),
};

/** Interactive-card clicks, `callbackType: "HTTP"`: `POST /webhooks/dingtalk/card`. */
export const cardEvents: Receiver<HttpRequest, CardEvent> = {
  platform: 'dingtalk',
  async open(request, deps) {
    const {
      value: click,
      raw,
      timestamp,
    } = await openSigned(request, deps, {
      route: 'card',
      headers: { timestamp: 'x-ddpaas-signature-timestamp', signature: 'x-ddpaas-signature' },
      // The callback route is registered with the app secret as its apiSecret (docs: DingTalk setup).
      verify: (timestamp, signature, secret, now) => verifyCardCallback({ timestamp, signature }, secret, now),
      parse: parseCardCallback,
      messageIdOf: (click) => click.outTrackId,
    });
    // A replayed request repeats timestamp and body (its pair is accepted for that body only), a new click does not.
    const dedupeKey = `card-${await sha256Hex(`${timestamp}\n${raw}`, 16)}`;
    return { event: { click, dedupeKey }, dedupeKey };
  },
  async parse({ click, dedupeKey }, dir) {
    const actor = dir.byDingtalkUserId(click.userId);
    if (!actor) return { kind: 'refuse_click', text: strangerReply(dir, '钉钉') };
    return {
      kind: 'action',
      action: {
        platform: 'dingtalk',
        dedupeKey,
        actor,
        platformMessageId: `card:${click.outTrackId}`,
        action: click.action,
        payload: click.payload,
        form: click.form,
      },
    };
  },
  respond(result) {
    if (result.kind === 'answered') return { body: cardCallbackResponse(result.response) };
    return { body: cardCallbackResponse({ toast: { kind: 'info', text: '已处理' } }) };
  },
};

/**
 * A robot message another transport has already authenticated and read: through the pipeline
 * (deduplicated on its msgId, as over HTTP). Answers the fixed reply the transport must send itself, if any.
 */
export async function receiveRobotMessage(deps: AppDeps, callback: RobotCallback): Promise<RobotReply | undefined> {
  const answer = await receive(deps, { ...robotEvents, open: async () => ({ event: callback, dedupeKey: callback.msgId }) }, undefined);
  return answer.body as RobotReply | undefined;
}

/** A card click another transport has already authenticated and read; answers the card-update body. */
export async function receiveCardClick(deps: AppDeps, click: CardClick, dedupeKey: string): Promise<object> {
  const answer = await receive(deps, { ...cardEvents, open: async () => ({ event: { click, dedupeKey }, dedupeKey }) }, undefined);
  return answer.body ?? {};
}
