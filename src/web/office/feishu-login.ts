/**
 * Feishu web-app login (网页应用登录, OAuth 2.0 authorization code): the dashboard sends the browser
 * to Feishu's authorize page, Feishu returns it to /office/callback with a one-time `code` (valid 5
 * minutes), and the server exchanges the code for a user_access_token and asks who the user is.
 *   authorize: https://accounts.feishu.cn/open-apis/authen/v1/authorize  (Lark: accounts.larksuite.com)
 *   token:     POST {FEISHU_BASE_URL}/open-apis/authen/v2/oauth/token     (RFC 6749 body, JSON)
 *   user:      GET  {FEISHU_BASE_URL}/open-apis/authen/v1/user_info       (Bearer user_access_token)
 * The open_id is then looked up in the directory (people's `feishu_open_id`).
 */
import type { FeishuConfig } from '../../config';

/** The authorize page's host: Feishu's `open.` API host becomes `accounts.`; any other base (a proxy, a test fake) is used as is. */
export function authorizeBase(baseUrl: string): string {
  const url = new URL(baseUrl);
  if (url.hostname === 'open.feishu.cn' || url.hostname === 'open.larksuite.com') url.hostname = url.hostname.replace(/^open\./, 'accounts.');
  return url.origin;
}

export function authorizeUrl(config: FeishuConfig, redirectUri: string, state: string): string {
  const url = new URL('/open-apis/authen/v1/authorize', authorizeBase(config.baseUrl));
  url.searchParams.set('client_id', config.appId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('state', state);
  return url.toString();
}

export type FeishuIdentity = { ok: true; openId: string; name: string } | { ok: false; reason: string };

const TIMEOUT_MS = 10_000;

async function json(res: Response): Promise<Record<string, unknown>> {
  try {
    return (await res.json()) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Exchanges the code and reads the user's open_id; every failure becomes a Chinese reason. */
export async function identifyByCode(config: FeishuConfig, code: string, redirectUri: string, fetchImpl: typeof fetch = fetch): Promise<FeishuIdentity> {
  let token: string;
  try {
    const res = await fetchImpl(`${config.baseUrl}/open-apis/authen/v2/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ grant_type: 'authorization_code', client_id: config.appId, client_secret: config.appSecret, code, redirect_uri: redirectUri }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = await json(res);
    if (!res.ok || (body.code !== undefined && body.code !== 0) || typeof body.access_token !== 'string') {
      const detail = String(body.error_description ?? body.msg ?? body.error ?? `HTTP ${res.status}`);
      return { ok: false, reason: `飞书授权码无效或已过期（${detail}），请重新登录。` };
    }
    token = body.access_token;
  } catch (error) {
    return {
      ok: false,
      reason: `无法连接飞书开放平台换取登录凭证（${(error as Error).name === 'TimeoutError' ? '超时' : String((error as Error).message)}），请稍后重试。`,
    };
  }
  try {
    const res = await fetchImpl(`${config.baseUrl}/open-apis/authen/v1/user_info`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = await json(res);
    const data = (body.data ?? {}) as Record<string, unknown>;
    if (!res.ok || body.code !== 0 || typeof data.open_id !== 'string') {
      return { ok: false, reason: `无法读取飞书用户信息（${String(body.msg ?? `HTTP ${res.status}`)}），请重新登录。` };
    }
    return { ok: true, openId: data.open_id, name: typeof data.name === 'string' ? data.name : '' };
  } catch (error) {
    return { ok: false, reason: `无法连接飞书开放平台读取用户信息（${String((error as Error).message)}），请稍后重试。` };
  }
}
