import { PermanentDeliveryError, RetryableDeliveryError } from '../../outbox/sender';

/**
 * Feishu's answers → the outbox's two kinds of failure. A non-2xx answer or a network failure
 * (`thrownError`) and an HTTP 200 with a non-zero `code` (`codeError`) both come through here.
 * Codes: https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/im-v1/message/create (error table),
 * rate limits: https://open.feishu.cn/document/ukTMukTMukTM/uUzN04SN3QjL1cDN
 */

/** Failures no retry can fix; the reason is shown to the government office by /投递失败. */
export const PERMANENT_CODES: Readonly<Record<number, string>> = {
  230001: '请求参数有误',
  230002: '机器人不在该群中，请先把机器人拉入群聊',
  230006: '应用未开启机器人能力',
  230013: '该用户不在应用的可用范围内，请在开发者后台调整可用范围',
  230025: '消息内容超出长度上限',
  230053: '该用户已屏蔽机器人消息',
  230099: '卡片内容有误，飞书无法生成卡片',
  232009: '该群已解散',
};

/** 99991400: app-level throttling (HTTP 429); 230020: IM frequency limit for one chat or user. */
const RATE_LIMIT_CODES = new Set([99991400, 230020]);

/** The tenant_access_token was refused (missing, invalid, expired): fetch a new one and retry. */
export const TOKEN_CODES = new Set([99991661, 99991663, 99991664]);

/** Waiting this long is enough for the 1-second windows of the IM limits. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 1_000;

export function codeError(code: number, msg: string | undefined, status?: number, resetSeconds?: string): Error {
  const detail = `飞书${status && status !== 200 ? ` HTTP ${status}` : ''} ${code}${msg ? `（${msg}）` : ''}`;
  const permanent = PERMANENT_CODES[code];
  if (permanent) return new PermanentDeliveryError(`${permanent}：${detail}`);
  if (status === 429 || RATE_LIMIT_CODES.has(code)) {
    const seconds = Number(resetSeconds);
    const waitMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_RATE_LIMIT_WAIT_MS;
    return new RetryableDeliveryError(`触发飞书频率限制：${detail}`, waitMs);
  }
  if (TOKEN_CODES.has(code)) return new RetryableDeliveryError(`飞书访问凭证失效，将重新获取：${detail}`);
  return new RetryableDeliveryError(`飞书返回错误：${detail}`);
}

interface HttpFailure {
  code?: string;
  message?: string;
  response?: { status: number; data?: unknown; headers?: Record<string, unknown> };
}

/** A failed HTTP exchange (status, body, headers) or a network error → Permanent/RetryableDeliveryError. */
export function thrownError(error: unknown): Error {
  if (error instanceof PermanentDeliveryError || error instanceof RetryableDeliveryError) return error;
  const failure = (error ?? {}) as HttpFailure;
  const response = failure.response;
  if (response) {
    const body = (response.data ?? {}) as { code?: unknown; msg?: unknown };
    const reset = response.headers?.['x-ogw-ratelimit-reset'];
    if (typeof body.code === 'number')
      return codeError(body.code, typeof body.msg === 'string' ? body.msg : undefined, response.status, reset === undefined ? undefined : String(reset));
    if (response.status === 429) return codeError(99991400, undefined, 429, reset === undefined ? undefined : String(reset));
    return new RetryableDeliveryError(`飞书 HTTP ${response.status}`);
  }
  if (failure.code === 'ECONNABORTED' || failure.code === 'ETIMEDOUT') return new RetryableDeliveryError(`请求飞书超时：${failure.message ?? failure.code}`);
  return new RetryableDeliveryError(`无法连接飞书：${failure.code ?? failure.message ?? String(error)}`);
}
