import type { FeishuConfig } from '../../config';
import type { Card, Recipient } from '../../core/messages';
import type { Directory } from '../../core/org/directory';
import { PermanentDeliveryError, readBounded, RetryableDeliveryError, type Downloaded, type PlatformResource, type SendRequest } from '../../outbox/sender';
import { renderCard } from './cards';
import {
  DEFAULT_TIMEOUT_MS,
  feishuContent,
  FEISHU_LIMITS,
  messageUuid,
  openIdOf,
  receiverOf,
  type FeishuSender,
  type FeishuSenderOptions,
  type FeishuUpload,
} from './delivery';
import { codeError, thrownError, TOKEN_CODES } from './errors';

// Re-exported for importers of the sender's module.
export { FEISHU_LIMITS, messageUuid, type FeishuSender, type FeishuSenderOptions } from './delivery';

/**
 * The one Feishu sender, on Node and on Workers alike: the Open API over plain `fetch` (send, reply,
 * patch, urgent_app, file upload, bot info) with its own tenant_access_token cache. Not the SDK's
 * client: the SDK bundles to ~5 MB and cannot be loaded by a Worker, and two senders meant two sets
 * of bugs (docs/feishu.md). On Node the SDK is kept for what only it gives, the long connection.
 * Failures are classified by errors.ts: 429/5xx/timeouts retryable, 230002 and the like permanent.
 */

/** Refresh a tenant_access_token this long before it expires, as the SDK does (it lives 2 h). */
const TOKEN_MARGIN_MS = 3 * 60_000;

type Token = { value: string; expiresAt: number };

/** Per process or Worker isolate (which serves many requests): one token per app and API base. */
const tokens = new Map<string, Promise<Token>>();

export interface FeishuFetchOptions extends FeishuSenderOptions {
  /** The HTTP client; tests pass a fake Open API. */
  fetch?: typeof fetch;
  /** Token expiry is judged by this clock (the token cache only; sends are never delayed). */
  now?: () => number;
}

type FeishuBody = { code?: unknown; msg?: unknown; data?: unknown; [key: string]: unknown };

export function feishuSender(config: FeishuConfig, options: FeishuFetchOptions): FeishuSender {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const tokenKey = `${config.baseUrl}|${config.appId}`;

  /** One HTTP exchange (JSON, or multipart for a FormData body); every failure comes back as a Permanent/RetryableDeliveryError. */
  async function exchange(method: string, path: string, body: unknown, token?: string): Promise<FeishuBody> {
    let response: Response;
    const form = body instanceof FormData;
    try {
      response = await doFetch(`${config.baseUrl}${path}`, {
        method,
        // fetch writes a FormData body's own multipart content-type, boundary included.
        headers: { ...(form ? {} : { 'content-type': 'application/json; charset=utf-8' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: form ? body : body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const name = (error as Error)?.name;
      throw thrownError(
        name === 'TimeoutError' || name === 'AbortError'
          ? { code: 'ETIMEDOUT', message: `${timeoutMs} ms` }
          : { message: String((error as Error)?.message ?? error) },
      );
    }
    const text = await response.text();
    let parsed: FeishuBody = {};
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      // not JSON (a gateway error page): judged by the HTTP status below
    }
    // A refused token is dropped, so the outbox's retry fetches a new one.
    if (token && typeof parsed.code === 'number' && TOKEN_CODES.has(parsed.code)) forgetToken();
    if (!response.ok) {
      throw thrownError({
        response: { status: response.status, data: parsed, headers: { 'x-ogw-ratelimit-reset': response.headers.get('x-ogw-ratelimit-reset') ?? undefined } },
      });
    }
    // HTTP 200 with a non-zero code is a failure too.
    if (parsed.code !== 0) throw codeError(typeof parsed.code === 'number' ? parsed.code : -1, typeof parsed.msg === 'string' ? parsed.msg : undefined);
    return parsed;
  }

  async function fetchToken(): Promise<Token> {
    const body = await exchange('POST', '/open-apis/auth/v3/tenant_access_token/internal', { app_id: config.appId, app_secret: config.appSecret });
    const value = body.tenant_access_token;
    const expire = Number(body.expire);
    if (typeof value !== 'string' || !value) throw new RetryableDeliveryError('飞书未返回 tenant_access_token');
    return { value, expiresAt: now() + (Number.isFinite(expire) ? expire * 1000 : 0) - TOKEN_MARGIN_MS };
  }

  function forgetToken() {
    tokens.delete(tokenKey);
  }

  /** The cached token while it has more than the margin left; concurrent callers share one fetch. */
  async function token(): Promise<string> {
    const cached = tokens.get(tokenKey);
    if (cached) {
      const current = await cached.catch(() => undefined);
      if (current && current.expiresAt > now()) return current.value;
      if (tokens.get(tokenKey) === cached) forgetToken();
    }
    let pending = tokens.get(tokenKey);
    if (!pending) {
      const fetching = fetchToken();
      tokens.set(tokenKey, fetching);
      fetching.catch(() => tokens.get(tokenKey) === fetching && forgetToken());
      pending = fetching;
    }
    return (await pending).value;
  }

  const call = async (method: string, path: string, body?: unknown) => exchange(method, path, body, await token());

  const dataOf = (body: FeishuBody) => (body.data ?? {}) as { message_id?: string; file_key?: string; invalid_user_id_list?: string[] };

  const upload: FeishuUpload = async (file, fileType) => {
    const form = new FormData();
    form.set('file_type', fileType);
    form.set('file_name', file.filename);
    form.set('file', new Blob([file.body as Uint8Array<ArrayBuffer>], { type: file.contentType }), file.filename);
    const fileKey = dataOf(await call('POST', '/open-apis/im/v1/files', form)).file_key;
    if (!fileKey) throw new RetryableDeliveryError('飞书上传文件未返回 file_key');
    return fileKey;
  };
  let botOpenId: Promise<string> | undefined;

  /**
   * A picture or file someone sent the bot: GET im/v1/messages/:message_id/resources/:file_key?type=image|file
   * (message-resource/get) answers the bytes; a failure answers JSON `{code, msg}`, judged like any call.
   */
  async function download(resource: PlatformResource, maxBytes: number): Promise<Downloaded> {
    const path = `/open-apis/im/v1/messages/${encodeURIComponent(resource.messageId)}/resources/${encodeURIComponent(resource.key)}?type=${resource.type}`;
    const bearer = await token();
    let response: Response;
    try {
      response = await doFetch(`${config.baseUrl}${path}`, { headers: { authorization: `Bearer ${bearer}` }, signal: AbortSignal.timeout(timeoutMs * 4) });
    } catch (error) {
      const name = (error as Error)?.name;
      throw thrownError(
        name === 'TimeoutError' || name === 'AbortError'
          ? { code: 'ETIMEDOUT', message: `${timeoutMs * 4} ms` }
          : { message: String((error as Error)?.message ?? error) },
      );
    }
    if (!response.ok || (response.headers.get('content-type') ?? '').startsWith('application/json')) {
      const text = await response.text();
      let parsed: FeishuBody = {};
      try {
        parsed = text ? JSON.parse(text) : {};
      } catch {
        // not JSON: judged by the HTTP status
      }
      if (typeof parsed.code === 'number' && TOKEN_CODES.has(parsed.code)) forgetToken();
      if (!response.ok) throw thrownError({ response: { status: response.status, data: parsed, headers: {} } });
      throw codeError(typeof parsed.code === 'number' ? parsed.code : -1, typeof parsed.msg === 'string' ? parsed.msg : undefined);
    }
    return readBounded(response, maxBytes);
  }

  return {
    platform: 'feishu',
    limits: FEISHU_LIMITS,
    // JSON 2.0 cards can be interacted with and updated for 14 days (card-json-v2-breaking-changes-release-notes).
    cardsUpdatableForMs: 14 * 24 * 3_600_000,
    download,

    async send(request: SendRequest) {
      const { msgType, content } = await feishuContent(request.message, options.files, upload);
      const uuid = await messageUuid(request.dedupeKey);
      let body: FeishuBody;
      if (request.replyTo) {
        body = await call('POST', `/open-apis/im/v1/messages/${encodeURIComponent(request.replyTo)}/reply`, { msg_type: msgType, content, uuid });
      } else {
        const { idType, id } = receiverOf(request.to, request.dir);
        body = await call('POST', `/open-apis/im/v1/messages?receive_id_type=${idType}`, { receive_id: id, msg_type: msgType, content, uuid });
      }
      const messageId = dataOf(body).message_id;
      if (!messageId) throw new RetryableDeliveryError('飞书未返回 message_id');
      return { messageId };
    },

    async update(messageId: string, card: Card) {
      await call('PATCH', `/open-apis/im/v1/messages/${encodeURIComponent(messageId)}`, { content: JSON.stringify(renderCard(card)) });
    },

    async urgent(messageId: string, to: Recipient, dir: Directory) {
      if (to.type !== 'person') throw new PermanentDeliveryError('加急只能发给个人');
      const openId = openIdOf(dir, to.personId);
      const body = await call('PATCH', `/open-apis/im/v1/messages/${encodeURIComponent(messageId)}/urgent_app?user_id_type=open_id`, {
        user_id_list: [openId],
      });
      if (dataOf(body).invalid_user_id_list?.includes(openId)) throw new PermanentDeliveryError(`飞书拒绝加急：open_id ${openId} 无效`);
    },

    botOpenId() {
      botOpenId ??= call('GET', '/open-apis/bot/v3/info').then((body) => {
        const openId = (body.bot as { open_id?: unknown } | undefined)?.open_id;
        if (typeof openId !== 'string' || !openId) throw new Error('bot/v3/info returned no open_id');
        return openId;
      });
      botOpenId.catch(() => {
        botOpenId = undefined;
      });
      return botOpenId;
    },
  };
}
