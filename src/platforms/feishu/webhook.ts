import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps, AppEnv } from '../../app-env';
import { handleAction, handleMessage } from '../../bot/dispatch';
import type { FeishuConfig } from '../../config';
import { text, type ActionResponse } from '../../core/messages';
import type { Directory } from '../../core/org/directory';
import { enqueueDirectReply } from '../../outbox/direct-reply';
import { drainOutbox } from '../../outbox/drain';
import { renderCard } from './cards';
import { decryptEvent, DecryptionError } from './crypto';
import { MalformedEventError, parseEvent, toInbound, type FeishuInbound } from './inbound';
import { NOT_TEXT_HINT, strangerReply } from '../../core/platform-replies';
import { parseBoundedJson } from '../bounded-json';
import { checkSignature, sameSecret, tokenOf, type SignatureHeaders } from './verify';

/** Feishu events are a few KB; card callbacks with a form stay far below this. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

type Payload = Record<string, unknown>;
type Rejection = { status: 400 | 401; error: string };

const isObject = (value: unknown): value is Payload => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A JSON object within the bounds every request value has; `limits` when it is JSON but too deep or large. */
function parseObject(text: string): { payload: Payload } | { fault: 'syntax' | 'limits'; error: string } {
  const parsed = parseBoundedJson(text);
  if (!parsed.ok) return { fault: parsed.reason, error: parsed.error };
  return isObject(parsed.value) ? { payload: parsed.value } : { fault: 'syntax', error: '不是 JSON 对象' };
}

/**
 * Authenticates and opens one request: signature on the raw bytes, decryption, Verification Token.
 * Challenges carry no signature headers, so an unsigned request is accepted only when it decrypts
 * (or, without an Encrypt Key, carries the token) and turns out to be a url_verification.
 */
async function openRequest(raw: Uint8Array, headers: SignatureHeaders, feishu: FeishuConfig, now: Date): Promise<{ payload: Payload } | Rejection> {
  let bodyText: string;
  try {
    bodyText = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return { status: 400, error: '请求体不是 UTF-8 文本' };
  }
  const opened = parseObject(bodyText);
  if ('fault' in opened) return { status: 400, error: opened.fault === 'limits' ? `请求体${opened.error}` : '请求体不是合法的 JSON 对象' };
  const outer = opened.payload;

  let payload: Payload;
  if (typeof outer.encrypt === 'string') {
    if (!feishu.encryptKey) return { status: 400, error: '收到加密推送，但未配置 FEISHU_ENCRYPT_KEY' };
    const signature = await checkSignature(headers, feishu.encryptKey, raw, now);
    if (signature === 'invalid') return { status: 401, error: '签名校验失败' };
    if (signature === 'stale') return { status: 401, error: '请求时间戳超出允许范围' };
    let plain: string;
    try {
      plain = await decryptEvent(feishu.encryptKey, outer.encrypt);
    } catch (error) {
      if (error instanceof DecryptionError) return { status: 401, error: '无法解密：Encrypt Key 不匹配' };
      throw error;
    }
    const decrypted = parseObject(plain);
    if ('fault' in decrypted) {
      return decrypted.fault === 'limits' ? { status: 400, error: `事件内容${decrypted.error}` } : { status: 401, error: '无法解密：Encrypt Key 不匹配' };
    }
    const inner = decrypted.payload;
    if (signature === 'absent' && inner.type !== 'url_verification') return { status: 401, error: '缺少签名' };
    payload = inner;
  } else {
    // With an Encrypt Key configured Feishu encrypts every push, challenges included.
    if (feishu.encryptKey) return { status: 401, error: '未加密的请求：已配置 Encrypt Key 时飞书的推送都是加密的' };
    payload = outer;
  }

  if (feishu.verificationToken) {
    const token = tokenOf(payload);
    if (!token || !(await sameSecret(token, feishu.verificationToken))) return { status: 401, error: 'Verification Token 不匹配' };
  }
  return { payload };
}

/** The bot's own open_id when it can be had; unknown (undefined) degrades to "any @-mention counts". */
async function botOpenId(deps: AppDeps): Promise<string | undefined> {
  try {
    return await deps.feishuBotOpenId?.();
  } catch (error) {
    console.error(JSON.stringify({ at: 'feishu bot/v3/info', error: String((error as Error)?.message ?? error) }));
    return undefined;
  }
}

/** A card callback's answer (within the same HTTP response): toast, and the new card when there is one. */
function callbackBody(response: ActionResponse) {
  return {
    toast: { type: response.toast.kind, content: response.toast.text },
    ...(response.card ? { card: { type: 'raw', data: renderCard(response.card) } } : {}),
  };
}

/** Runs what the event means; answers the HTTP body and whether anything went into the outbox. */
async function handle(deps: AppDeps, dir: Directory, inbound: FeishuInbound): Promise<{ body: object; queued: boolean }> {
  switch (inbound.kind) {
    case 'command': {
      const outcome = await handleMessage(deps, dir, inbound.message);
      return { body: {}, queued: outcome !== 'duplicate' };
    }
    case 'action': {
      const { response } = await handleAction(deps, dir, inbound.action);
      return { body: callbackBody(response), queued: true };
    }
    case 'stranger': {
      if (inbound.via === 'card') return { body: callbackBody({ toast: { kind: 'error', text: strangerReply(dir, '飞书') } }), queued: false };
      const outcome = await enqueueDirectReply(deps.db, {
        platform: 'feishu', dedupeKey: inbound.dedupeKey, to: inbound.to, replyTo: inbound.replyTo, message: text(strangerReply(dir, '飞书')), now: deps.clock.now(),
      });
      return { body: {}, queued: outcome === 'committed' };
    }
    case 'not_text': {
      const outcome = await enqueueDirectReply(deps.db, {
        platform: 'feishu', dedupeKey: inbound.dedupeKey, to: inbound.to, replyTo: inbound.replyTo, message: text(NOT_TEXT_HINT), now: deps.clock.now(),
      });
      return { body: {}, queued: outcome === 'committed' };
    }
    case 'ignore':
      return { body: {}, queued: false };
  }
}

/**
 * `POST /webhooks/feishu`: event deliveries and card callbacks alike (the console's event URL and
 * callback URL may both point here). Verified and decrypted with Web Crypto only, so it runs on Workers.
 * Unauthenticated → 401, malformed → 400, both before anything is written or sent. Whatever the
 * event causes is committed atomically with its dedupe key, answered at once, and delivered after
 * the response (`defer`), well inside Feishu's 3-second budget.
 */
export function feishuWebhook() {
  const hook = new Hono<AppEnv>();
  hook.post(
    '/',
    bodyLimit({ maxSize: MAX_WEBHOOK_BODY_BYTES, onError: (c) => c.json({ error: `请求体过大（上限 ${MAX_WEBHOOK_BODY_BYTES} 字节）` }, 400) }),
    async (c) => {
      const deps = c.get('deps');
      const feishu = deps.config.feishu;
      if (!feishu) return c.json({ error: '未启用飞书：请设置 FEISHU_APP_ID 与 FEISHU_APP_SECRET' }, 404);
      const raw = new Uint8Array(await c.req.arrayBuffer());
      const opened = await openRequest(raw, {
        timestamp: c.req.header('x-lark-request-timestamp'),
        nonce: c.req.header('x-lark-request-nonce'),
        signature: c.req.header('x-lark-signature'),
      }, feishu, deps.realClock.now());
      if ('error' in opened) return c.json({ error: opened.error }, opened.status);
      const { payload } = opened;

      if (payload.type === 'url_verification') {
        if (typeof payload.challenge !== 'string') return c.json({ error: 'url_verification 缺少 challenge' }, 400);
        return c.json({ challenge: payload.challenge });
      }

      const dir = await deps.loadDirectory();
      let inbound: FeishuInbound;
      try {
        inbound = await toInbound(parseEvent(payload), dir, () => botOpenId(deps));
      } catch (error) {
        if (error instanceof MalformedEventError) return c.json({ error: `事件格式有误：${error.message}` }, 400);
        throw error;
      }
      const { body, queued } = await handle(deps, dir, inbound);
      if (queued) deps.defer(() => drainOutbox(deps));
      return c.json(body);
    },
  );
  return hook;
}
