import type { DingtalkConfig } from '../../config';
import type { OutgoingFile } from '../../core/messages';
import type { Clock } from '../../core/time';
import { PermanentDeliveryError, readBounded, RetryableDeliveryError, type Downloaded } from '../../outbox/sender';

/**
 * A thin `fetch` client for the DingTalk OpenAPI (no SDK: it must run on Workers too). It caches the
 * app access token, counts metered calls for the monthly quota, and turns every failure into the
 * outbox's retryable/permanent errors, so the outbox's one retry loop handles DingTalk too.
 */

export interface DingtalkApiDeps {
  config: Pick<DingtalkConfig, 'appKey' | 'appSecret' | 'baseUrl' | 'oapiBaseUrl'>;
  clock: Clock;
  /** Called before every metered call (all but the token endpoint, which is exempt from the quota). */
  meter?: (path: string) => Promise<void>;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface BatchSendResult {
  processQueryKey: string;
  invalidStaffIdList: string[];
  flowControlledStaffIdList: string[];
}

export interface DeliverResult {
  spaceType?: string;
  spaceId?: string;
  success?: boolean;
  errorMsg?: string;
}

export interface DingtalkApi {
  batchSend(body: { robotCode: string; userIds: string[]; msgKey: string; msgParam: string }): Promise<BatchSendResult>;
  groupSend(body: { robotCode: string; openConversationId: string; msgKey: string; msgParam: string }): Promise<{ processQueryKey: string }>;
  createAndDeliverCard(body: Record<string, unknown>): Promise<{ outTrackId: string; deliverResults: DeliverResult[] }>;
  updateCard(body: Record<string, unknown>): Promise<void>;
  registerCardCallback(body: { callbackRouteKey: string; callbackUrl: string; apiSecret: string; forceUpdate: boolean }): Promise<unknown>;
  /** Uploads a file for the robot to send (oapi media/upload, type=file) and answers its `media_id`. */
  uploadFile(file: OutgoingFile): Promise<string>;
  /**
   * A picture or file someone sent the robot: POST /v1.0/robot/messageFiles/download with its
   * downloadCode answers a short-lived downloadUrl, which is then fetched (at most `maxBytes`).
   */
  downloadMessageFile(body: { downloadCode: string; robotCode: string }, maxBytes: number): Promise<Downloaded>;
}

/** A token is renewed this long before DingTalk says it expires (expireIn is 7 200 s). */
const TOKEN_MARGIN_MS = 5 * 60_000;

/**
 * Throttling answers and how long to wait before the outbox retries
 * (https://open.dingtalk.com/document/development/how-to-process-api-throttling-on-the-dingtalk-server,
 * robot send errors in docs/dingtalk.md).
 */
const THROTTLED: Record<string, number> = {
  'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi': 1_000, // ≤ 20 calls/s per app and API
  '90018': 1_000,
  '90002': 1_000, // every app together over one API's global limit
  'send.too.fast': 5_000,
  'send.byToken.tooFast': 5_000,
};
/** The per-IP limit (10 000 calls / 20 s) bans the IP for 5 minutes and answers with an HTML page. */
const IP_BAN_MS = 5 * 60_000;
/** The 标准版 monthly quota is used up: nothing metered goes through until next month. */
const QUOTA_EXHAUSTED = new Set(['Forbidden.AccessDenied.ApiCountLimitForOrg', '90020']);
const BAD_TOKEN = new Set(['InvalidAuthentication', 'invalidAuthentication', '40001', '40014', '42001']);

interface RawResponse {
  status: number;
  text: string;
  json: any;
  retryAfterMs?: number;
}

function errorCode(res: RawResponse): string | undefined {
  const body = res.json;
  if (!body || typeof body !== 'object') return undefined;
  if (typeof body.code === 'string' && body.code) return body.code;
  if (body.errcode !== undefined && Number(body.errcode) !== 0) return String(body.errcode);
  return undefined;
}

function errorMessage(res: RawResponse): string {
  const body = res.json;
  return String(body?.message ?? body?.errmsg ?? res.text.slice(0, 200));
}

/** Throws the outbox error matching a failed answer; returns the body otherwise. */
export function checkResponse(path: string, res: RawResponse): any {
  if (/^\s*</.test(res.text) && !res.json) {
    throw new RetryableDeliveryError(`钉钉拒绝了本服务器 IP 的请求（每 IP 每 20 秒 1 万次上限，封禁 5 分钟），稍后重试：${path}`, IP_BAN_MS);
  }
  const code = errorCode(res);
  if (code && THROTTLED[code] !== undefined) {
    throw new RetryableDeliveryError(`钉钉接口限流（${code}）：${path}`, res.retryAfterMs ?? THROTTLED[code]);
  }
  if (res.status === 429) throw new RetryableDeliveryError(`钉钉接口限流（HTTP 429）：${path}`, res.retryAfterMs ?? 1_000);
  if (code && QUOTA_EXHAUSTED.has(code)) {
    throw new PermanentDeliveryError(`钉钉本月接口调用额度已用完（${code}），消息未送达；下月恢复，或升级钉钉专业版`);
  }
  if (res.status >= 500) throw new RetryableDeliveryError(`钉钉接口暂时不可用（HTTP ${res.status}${code ? ` ${code}` : ''}）：${path}`);
  if (res.status >= 400 || code) throw new PermanentDeliveryError(`钉钉接口 ${path} 返回错误 ${code ?? `HTTP ${res.status}`}：${errorMessage(res)}`);
  if (res.json?.success === false) throw new PermanentDeliveryError(`钉钉接口 ${path} 未成功：${errorMessage(res)}`);
  return res.json ?? {};
}

export function dingtalkApi(deps: DingtalkApiDeps): DingtalkApi {
  const doFetch = deps.fetch ?? fetch;
  const timeoutMs = deps.timeoutMs ?? 10_000;
  let cached: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;

  /** A JSON call to the new API, authorised by header. */
  const request = (method: string, path: string, body: unknown, token?: string) =>
    exchange(path, `${deps.config.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { 'x-acs-dingtalk-access-token': token } : {}) },
      body: JSON.stringify(body),
    });

  async function exchange(path: string, url: string, init: RequestInit): Promise<RawResponse> {
    let res: Response;
    try {
      res = await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const name = (error as Error)?.name;
      throw new RetryableDeliveryError(
        name === 'TimeoutError' || name === 'AbortError'
          ? `请求钉钉接口超时：${path}`
          : `无法连接钉钉接口：${path}（${String((error as Error)?.message ?? error)}）`,
      );
    }
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    const retryAfter = Number(res.headers.get('retry-after'));
    return { status: res.status, text, json, retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined };
  }

  async function fetchToken(): Promise<string> {
    const path = '/v1.0/oauth2/accessToken';
    const res = await request('POST', path, { appKey: deps.config.appKey, appSecret: deps.config.appSecret });
    if (res.status >= 400 && res.status < 500 && res.status !== 429) {
      throw new PermanentDeliveryError(
        `无法获取钉钉 access token（${errorCode(res) ?? `HTTP ${res.status}`}）：请检查 DINGTALK_APP_KEY 与 DINGTALK_APP_SECRET`,
      );
    }
    const body = checkResponse(path, res);
    if (typeof body.accessToken !== 'string') throw new RetryableDeliveryError('钉钉 access token 响应缺少 accessToken');
    const lifetimeMs = Number(body.expireIn ?? 7200) * 1000;
    cached = { token: body.accessToken, renewAt: deps.clock.now().getTime() + Math.max(lifetimeMs - TOKEN_MARGIN_MS, 0) };
    return body.accessToken;
  }

  /** One token per app, shared by concurrent calls, renewed shortly before it expires (injected clock). */
  async function accessToken(): Promise<string> {
    if (cached && deps.clock.now().getTime() < cached.renewAt) return cached.token;
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  /** A metered call with the app's token, tried once more with a new token when DingTalk refuses it. */
  async function authorised(path: string, send: (token: string) => Promise<RawResponse>): Promise<any> {
    await deps.meter?.(path);
    let res = await send(await accessToken());
    if (res.status === 401 || BAD_TOKEN.has(errorCode(res) ?? '')) {
      // The token was revoked or the app secret rotated: fetch a new one and try once more.
      cached = undefined;
      await deps.meter?.(path);
      res = await send(await accessToken());
    }
    return checkResponse(path, res);
  }

  const call = (method: 'POST' | 'PUT', path: string, body: unknown) => authorised(path, (token) => request(method, path, body, token));

  return {
    async batchSend(body) {
      const r = await call('POST', '/v1.0/robot/oToMessages/batchSend', body);
      return {
        processQueryKey: String(r.processQueryKey ?? ''),
        invalidStaffIdList: r.invalidStaffIdList ?? [],
        flowControlledStaffIdList: r.flowControlledStaffIdList ?? [],
      };
    },
    async groupSend(body) {
      const r = await call('POST', '/v1.0/robot/groupMessages/send', body);
      return { processQueryKey: String(r.processQueryKey ?? '') };
    },
    async createAndDeliverCard(body) {
      const r = await call('POST', '/v1.0/card/instances/createAndDeliver', body);
      return { outTrackId: String(r.result?.outTrackId ?? body.outTrackId), deliverResults: r.result?.deliverResults ?? [] };
    },
    async updateCard(body) {
      await call('PUT', '/v1.0/card/instances', body);
    },
    async registerCardCallback(body) {
      return call('POST', '/v1.0/card/callbacks/register', body);
    },
    // The app's access token serves the oapi host too, as a query parameter; the file goes in field `media`.
    // https://open.dingtalk.com/document/orgapp/upload-media-files
    async uploadFile(file) {
      const path = '/media/upload';
      const r = await authorised(path, (token) => {
        const form = new FormData();
        form.set('media', new Blob([file.body as Uint8Array<ArrayBuffer>], { type: file.contentType }), file.filename);
        return exchange(path, `${deps.config.oapiBaseUrl}${path}?access_token=${encodeURIComponent(token)}&type=file`, { method: 'POST', body: form });
      });
      if (typeof r.media_id !== 'string' || !r.media_id) throw new RetryableDeliveryError('钉钉上传文件未返回 media_id');
      return r.media_id;
    },
    async downloadMessageFile(body, maxBytes) {
      const r = await call('POST', '/v1.0/robot/messageFiles/download', body);
      if (typeof r.downloadUrl !== 'string' || !/^https?:\/\//.test(r.downloadUrl)) throw new RetryableDeliveryError('钉钉下载文件未返回 downloadUrl');
      let res: Response;
      try {
        // The URL is signed by DingTalk's storage: no token goes with it.
        res = await doFetch(r.downloadUrl, { signal: AbortSignal.timeout(timeoutMs * 4) });
      } catch (error) {
        throw new RetryableDeliveryError(`下载钉钉文件失败：${String((error as Error)?.message ?? error)}`);
      }
      if (res.status >= 500 || res.status === 429) throw new RetryableDeliveryError(`下载钉钉文件失败（HTTP ${res.status}）`);
      // An expired link (403) is retried too: the next attempt asks for a new one.
      if (!res.ok) throw new RetryableDeliveryError(`下载钉钉文件失败（HTTP ${res.status}）`);
      return readBounded(res, maxBytes);
    },
  };
}
