import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const APP_ID = 'cli_office_test';
export const APP_SECRET = 'office-test-secret';

export interface FakeUser {
  openId: string;
  name: string;
}

/**
 * A loopback stand-in for Feishu's web login (OAuth 2.0 code flow): the authorize page consents at
 * once for `nextUser` and redirects back with a one-time code; the v2 token endpoint checks client
 * id, secret, code and redirect_uri as Feishu does; user_info answers for the token.
 */
export async function startFakeFeishuOAuth() {
  const codes = new Map<string, { user: FakeUser; redirectUri: string }>();
  const tokens = new Map<string, FakeUser>();
  const calls: string[] = [];
  let seq = 0;
  const fake = {
    url: '',
    calls,
    /** Who "logs in" at the authorize page next. */
    nextUser: undefined as FakeUser | undefined,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => resolve(text));
    });

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', fake.url);
    calls.push(`${req.method} ${url.pathname}`);
    if (req.method === 'GET' && url.pathname === '/open-apis/authen/v1/authorize') {
      const redirectUri = url.searchParams.get('redirect_uri') ?? '';
      if (url.searchParams.get('client_id') !== APP_ID || url.searchParams.get('response_type') !== 'code' || !redirectUri) {
        return send(res, 400, { error: 'invalid_request' });
      }
      const back = new URL(redirectUri);
      if (!fake.nextUser) {
        back.searchParams.set('error', 'access_denied');
      } else {
        const code = `code-${++seq}`;
        codes.set(code, { user: fake.nextUser, redirectUri });
        back.searchParams.set('code', code);
      }
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (req.method === 'POST' && url.pathname === '/open-apis/authen/v2/oauth/token') {
      const body = JSON.parse((await readBody(req)) || '{}');
      const grant = codes.get(body.code);
      if (body.grant_type !== 'authorization_code' || body.client_id !== APP_ID || body.client_secret !== APP_SECRET) {
        return send(res, 401, { code: 20002, error: 'invalid_client', error_description: 'client authentication failed' });
      }
      if (!grant || grant.redirectUri !== body.redirect_uri) {
        return send(res, 400, { code: 20003, error: 'invalid_grant', error_description: 'authorization code not found or expired' });
      }
      codes.delete(body.code);
      const token = `u-${body.code}`;
      tokens.set(token, grant.user);
      return send(res, 200, { code: 0, access_token: token, token_type: 'Bearer', expires_in: 7200, scope: '' });
    }
    if (req.method === 'GET' && url.pathname === '/open-apis/authen/v1/user_info') {
      const user = tokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
      if (!user) return send(res, 401, { code: 99991668, msg: 'Invalid access token for authorization' });
      return send(res, 200, { code: 0, msg: 'success', data: { open_id: user.openId, name: user.name, union_id: `on_${user.openId}` } });
    }
    return send(res, 404, { code: 404, msg: `fake has no ${req.method} ${url.pathname}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

export const feishuEnv = (baseUrl: string) => ({
  FEISHU_APP_ID: APP_ID,
  FEISHU_APP_SECRET: APP_SECRET,
  FEISHU_VERIFICATION_TOKEN: 'office-test-verification-token',
  FEISHU_BASE_URL: baseUrl,
});
