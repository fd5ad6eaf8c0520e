import type { AppDeps } from '../../app-env';
import type { Dispatched } from '../../bot/inbound';
import type { Answer, Opened, Receiver } from '../../bot/pipeline';
import { RejectedRequest } from '../../bot/rejected';
import type { FeishuConfig } from '../../config';
import type { ActionResponse } from '../../core/messages';
import type { Directory } from '../../core/org/directory';
import { log } from '../../log';
import { parseBoundedJson } from '../bounded-json';
import type { HttpRequest } from '../http-answer';
import { renderCard } from './cards';
import { decryptEvent, DecryptionError } from './crypto';
import { MalformedEventError, parseEvent, toInbound, type FeishuEvent } from './inbound';
import { checkSignature, sameSecret, tokenOf } from './verify';

/**
 * Feishu's receivers for the receive pipeline (src/bot/pipeline.ts): the webhook (`webhookEvents`,
 * signed and optionally encrypted HTTP pushes) and the long connection (`socketEvents`, event frames
 * of the SDK's WSClient, authenticated by the connection itself). Both read the same envelopes,
 * mean the same things and answer the same bodies — a card callback's toast and card travel in the
 * HTTP response or in the frame's ACK.
 */

type Payload = Record<string, unknown>;

const isObject = (value: unknown): value is Payload => typeof value === 'object' && value !== null && !Array.isArray(value);

function feishuOf(deps: AppDeps): FeishuConfig {
  if (!deps.config.feishu) throw new RejectedRequest(404, '未启用飞书：请设置 FEISHU_APP_ID 与 FEISHU_APP_SECRET');
  return deps.config.feishu;
}

/** A JSON object within the bounds every request value has; `limits` when it is JSON but too deep or large. */
function readObject(text: string): { payload: Payload } | { fault: 'syntax' | 'limits'; error: string } {
  const parsed = parseBoundedJson(text);
  if (!parsed.ok) return { fault: parsed.reason, error: parsed.error };
  return isObject(parsed.value) ? { payload: parsed.value } : { fault: 'syntax', error: '不是 JSON 对象' };
}

async function decrypted(encryptKey: string, encrypted: string): Promise<Payload> {
  let plain: string;
  try {
    plain = await decryptEvent(encryptKey, encrypted);
  } catch (error) {
    if (error instanceof DecryptionError) throw new RejectedRequest(401, '无法解密：Encrypt Key 不匹配');
    throw error;
  }
  const read = readObject(plain);
  if ('payload' in read) return read.payload;
  // Garbage after decryption means the wrong key; only a readable but oversized event is the sender's fault.
  throw read.fault === 'limits' ? new RejectedRequest(400, `事件内容${read.error}`) : new RejectedRequest(401, '无法解密：Encrypt Key 不匹配');
}

/**
 * Authenticates and opens one webhook request: signature on the raw bytes, decryption, Verification
 * Token. Challenges carry no signature headers, so an unsigned request is accepted only when it
 * decrypts (or, without an Encrypt Key, carries the token) and turns out to be a url_verification.
 */
async function openWebhook(request: HttpRequest, feishu: FeishuConfig, now: Date): Promise<Payload> {
  let bodyText: string;
  try {
    bodyText = new TextDecoder('utf-8', { fatal: true }).decode(request.raw);
  } catch {
    throw new RejectedRequest(400, '请求体不是 UTF-8 文本');
  }
  const read = readObject(bodyText);
  if ('fault' in read) throw new RejectedRequest(400, read.fault === 'limits' ? `请求体${read.error}` : '请求体不是合法的 JSON 对象');
  const outer = read.payload;
  let payload: Payload;
  if (typeof outer.encrypt === 'string') {
    if (!feishu.encryptKey) throw new RejectedRequest(400, '收到加密推送，但未配置 FEISHU_ENCRYPT_KEY');
    const headers = {
      timestamp: request.header('x-lark-request-timestamp'),
      nonce: request.header('x-lark-request-nonce'),
      signature: request.header('x-lark-signature'),
    };
    const signature = await checkSignature(headers, feishu.encryptKey, request.raw, now);
    if (signature === 'invalid') throw new RejectedRequest(401, '签名校验失败');
    if (signature === 'stale') throw new RejectedRequest(401, '请求时间戳超出允许范围');
    payload = await decrypted(feishu.encryptKey, outer.encrypt);
    if (signature === 'absent' && payload.type !== 'url_verification') throw new RejectedRequest(401, '缺少签名');
  } else {
    // With an Encrypt Key configured Feishu encrypts every push, challenges included.
    if (feishu.encryptKey) throw new RejectedRequest(401, '未加密的请求：已配置 Encrypt Key 时飞书的推送都是加密的');
    payload = outer;
  }
  if (feishu.verificationToken) {
    const token = tokenOf(payload);
    if (!token || !(await sameSecret(token, feishu.verificationToken))) throw new RejectedRequest(401, 'Verification Token 不匹配');
  }
  return payload;
}

/** An authenticated event that lacks what its type promises is refused (400) like any malformed request. */
async function refusingMalformed<T>(read: () => T | Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof MalformedEventError) throw new RejectedRequest(400, `事件格式有误：${error.message}`);
    throw error;
  }
}

async function opened(payload: Payload): Promise<Opened<FeishuEvent>> {
  const event = await refusingMalformed(() => parseEvent(payload));
  return { event, dedupeKey: event.kind === 'other' ? undefined : event.dedupeKey };
}

/** The bot's own open_id when it can be had; unknown (undefined) degrades to "any @-mention counts". */
async function botOpenId(deps: AppDeps): Promise<string | undefined> {
  try {
    return await deps.feishuBotOpenId?.();
  } catch (error) {
    log().warn({ platform: 'feishu', error: String((error as Error)?.message ?? error) }, 'feishu bot/v3/info failed: any @-mention counts');
    return undefined;
  }
}

/** A card callback's answer: toast, and the new card when there is one. */
function callbackBody(response: ActionResponse): object {
  return {
    toast: { type: response.toast.kind, content: response.toast.text },
    ...(response.card ? { card: { type: 'raw', data: renderCard(response.card) } } : {}),
  };
}

function respond(result: Dispatched, event: FeishuEvent): Answer {
  if (result.kind === 'answered') return { body: callbackBody(result.response) };
  if (result.kind === 'duplicate' && event.kind === 'card_action') return { body: callbackBody({ toast: { kind: 'info', text: '已处理' } }) };
  return { body: {} };
}

const shared = {
  platform: 'feishu' as const,
  parse: (event: FeishuEvent, dir: Directory, deps: AppDeps) => refusingMalformed(() => toInbound(event, dir, () => botOpenId(deps))),
  respond,
};

/** `POST /webhooks/feishu`: event deliveries and card callbacks alike. */
export const webhookEvents: Receiver<HttpRequest, FeishuEvent> = {
  ...shared,
  async open(request, deps) {
    const feishu = feishuOf(deps);
    if (feishu.mode === 'ws')
      throw new RejectedRequest(
        404,
        '飞书事件经长连接接收（FEISHU_MODE=ws），此地址不接收推送；改用 webhook 须删除 FEISHU_MODE 并在开发者后台改回「将事件发送至开发者服务器」',
      );
    const payload = await openWebhook(request, feishu, deps.realClock.now());
    if (payload.type === 'url_verification') {
      if (typeof payload.challenge !== 'string') throw new RejectedRequest(400, 'url_verification 缺少 challenge');
      return { answer: { body: { challenge: payload.challenge } } };
    }
    return opened(payload);
  },
};

/**
 * One event of the long connection, as the SDK's WSClient hands it over (fragments merged, JSON
 * parsed). The connection was opened with the app secret, so there is no signature; an Encrypt Key,
 * when set in the console, still encrypts the envelope.
 */
export const socketEvents: Receiver<unknown, FeishuEvent> = {
  ...shared,
  async open(data, deps) {
    const feishu = feishuOf(deps);
    if (!isObject(data)) throw new RejectedRequest(400, '事件内容不是合法的 JSON 对象');
    if (typeof data.encrypt !== 'string') return opened(data);
    if (!feishu.encryptKey) throw new RejectedRequest(400, '收到加密事件，但未配置 FEISHU_ENCRYPT_KEY');
    return opened(await decrypted(feishu.encryptKey, data.encrypt));
  },
};
