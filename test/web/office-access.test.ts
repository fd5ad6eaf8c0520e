import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from '../helpers/harness';
import { sandboxUser } from '../helpers/sandbox';
import { openSession, sealSession, SESSION_TTL_MS } from '../../src/web/office/session';
import { feishuEnv, startFakeFeishuOAuth } from './fake-feishu-oauth';

let h: Harness;
let fake: Awaited<ReturnType<typeof startFakeFeishuOAuth>> | undefined;
afterEach(async () => {
  h?.close();
  await fake?.close();
  fake = undefined;
});

const SECRET = 'office-session-secret-0123456789abcdef';
const PROTECTED = ['/office', '/office/items/DB-2026-0001', '/office/export/ledger.xlsx', '/office/export/ledger.csv'];

/** Signs in through the sandbox form; returns the Cookie header value. */
async function sandboxSignIn(personId: string): Promise<string> {
  const res = await h.app.request('/office/login/sandbox', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `person=${personId}`,
  });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/office');
  const cookie = res.headers.get('set-cookie')!;
  expect(cookie).toMatch(/^duban_office=[^;]+; Max-Age=43200; Path=\/office; HttpOnly; SameSite=Lax$/);
  return cookie.split(';')[0]!;
}

const get = (path: string, cookie?: string) => h.app.request(path, { headers: cookie ? { cookie } : {} });

describe('office dashboard access: a session and an office role on every route', () => {
  it('without a session every route sends the browser to sign in', async () => {
    h = await makeHarness({ env: { SESSION_SECRET: SECRET } });
    for (const path of PROTECTED) {
      const res = await get(path);
      expect(res.status, path).toBe(302);
      expect(res.headers.get('location'), path).toBe('/office/login');
    }
  });

  it('office staff and every kind of leader get in; the party secretary too', async () => {
    h = await makeHarness({ env: { SESSION_SECRET: SECRET } });
    await sandboxUser(h, 'linxiaomei').say('/督办 新建 来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 收文日期=2026-11-26');
    for (const person of ['linxiaomei', 'huanghai', 'chenzhiyuan', 'liujianguo', 'zhaoming', 'zhoumin', 'zhengguohua']) {
      const cookie = await sandboxSignIn(person);
      expect((await get('/office', cookie)).status, person).toBe(200);
      expect((await get('/office/items/DB-2026-0001', cookie)).status, person).toBe(200);
    }
  });

  it('anyone else gets a Chinese 403 page on every route, and nothing of the ledger', async () => {
    h = await makeHarness({ env: { SESSION_SECRET: SECRET } });
    await sandboxUser(h, 'linxiaomei').say('/督办 新建 来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 收文日期=2026-11-26');
    for (const person of ['majun', 'songjia', 'zhangli', 'wufang', 'yangxue']) {
      const cookie = await sandboxSignIn(person);
      for (const path of PROTECTED) {
        const res = await get(path, cookie);
        expect(res.status, `${person} ${path}`).toBe(403);
        const html = await res.text();
        expect(html).toContain('无权访问督办台');
        expect(html).toContain('督办台仅供区政府办督查人员和区领导');
        expect(html).not.toContain('冬季供暖投诉处理');
      }
    }
  });

  it('only office staff export (the core rule export_ledger); a leader’s export request is refused', async () => {
    h = await makeHarness({ env: { SESSION_SECRET: SECRET } });
    const leader = await sandboxSignIn('zhaoming');
    const res = await get('/office/export/ledger.csv', leader);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('台账导出仅限区政府办督查人员。');
    const staff = await sandboxSignIn('hejun');
    const csv = await get('/office/export/ledger.csv?unit=zjj', staff);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toContain("filename*=UTF-8''%E7%9D%A3%E6%9F%A5%E5%8F%B0%E8%B4%A6-2026-11-26.csv");
    const bad = await get('/office/export/ledger.csv?status=done', staff);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('状态「done」不是可选的状态');
  });

  it('a forged or tampered cookie is no session', async () => {
    h = await makeHarness({ env: { SESSION_SECRET: SECRET } });
    const cookie = await sandboxSignIn('majun');
    const [name, value] = cookie.split('=') as [string, string];
    const [payload, signature] = value.split('.') as [string, string];
    const claimed = Buffer.from(JSON.stringify({ personId: 'linxiaomei', via: 'sandbox', expiresAt: Date.now() + 3600_000 })).toString('base64url');
    for (const forged of [`${claimed}.${signature}`, `${payload}.${signature.slice(0, -2)}xx`, `${payload}`, 'garbage']) {
      const res = await get('/office', `${name}=${forged}`);
      expect(res.status, forged).toBe(302);
    }
    const otherSecret = await sealSession({ personId: 'linxiaomei', via: 'sandbox', expiresAt: Date.now() + 3600_000 }, 'another-secret-another-secret-0000');
    expect((await get('/office', `${name}=${otherSecret}`)).status).toBe(302);
  });

  it('a session expires after its lifetime, and the seal rejects any change', async () => {
    const token = await sealSession({ personId: 'linxiaomei', via: 'feishu', expiresAt: 1_000 + SESSION_TTL_MS }, SECRET);
    expect(await openSession(token, SECRET, 1_000)).toEqual({ personId: 'linxiaomei', via: 'feishu', expiresAt: 1_000 + SESSION_TTL_MS });
    expect(await openSession(token, SECRET, 1_000 + SESSION_TTL_MS)).toBeUndefined();
    expect(await openSession(token, `${SECRET}x`, 1_000)).toBeUndefined();
    expect(await openSession(undefined, SECRET, 1_000)).toBeUndefined();
  });

  it('the sandbox sign-in refuses someone not in the directory, and writes no cookie', async () => {
    h = await makeHarness({ env: { SESSION_SECRET: SECRET } });
    const res = await h.app.request('/office/login/sandbox', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'person=nobody',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.text()).toContain('请选择通讯录中的人员登录（没有人员「nobody」）。');
  });
});

describe('office dashboard with Feishu configured (sandbox off)', () => {
  it('a session made by the sandbox sign-in is worth nothing once the sandbox is off', async () => {
    fake = await startFakeFeishuOAuth();
    h = await makeHarness({ env: { SESSION_SECRET: SECRET, ...feishuEnv(fake.url) } });
    const token = await sealSession({ personId: 'linxiaomei', via: 'sandbox', expiresAt: Date.now() + 3600_000 }, SECRET);
    const res = await get('/office', `duban_office=${token}`);
    expect(res.status).toBe(302);
    const login = await get('/office/login');
    expect(login.status).toBe(302);
    const authorize = new URL(login.headers.get('location')!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${fake.url}/open-apis/authen/v1/authorize`);
    expect(authorize.searchParams.get('client_id')).toBe('cli_office_test');
    expect(authorize.searchParams.get('redirect_uri')).toBe('http://localhost/office/callback');
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });

  it('a callback whose state is not the one this browser was given is refused, and the code is never spent', async () => {
    fake = await startFakeFeishuOAuth();
    h = await makeHarness({ env: { SESSION_SECRET: SECRET, ...feishuEnv(fake.url) } });
    const login = await get('/office/login');
    const stateCookie = login.headers.get('set-cookie')!.split(';')[0]!;
    for (const [path, cookie] of [
      ['/office/callback?code=code-1&state=forged', stateCookie],
      ['/office/callback?code=code-1&state=x', undefined],
    ] as const) {
      const res = await get(path, cookie);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('登录请求已过期，或不是从本站发起的（state 不符），请重新登录。');
      expect(res.headers.get('set-cookie') ?? '').not.toContain('duban_office=');
    }
    expect(fake.calls).toEqual([]);
  });

  it('an invalid code and a refused consent end on Chinese pages without a session', async () => {
    fake = await startFakeFeishuOAuth();
    h = await makeHarness({ env: { SESSION_SECRET: SECRET, ...feishuEnv(fake.url) } });
    const start = async () => {
      const login = await get('/office/login');
      return { cookie: login.headers.get('set-cookie')!.split(';')[0]!, state: new URL(login.headers.get('location')!).searchParams.get('state')! };
    };
    let s = await start();
    const invalid = await get(`/office/callback?code=never-issued&state=${s.state}`, s.cookie);
    expect(invalid.status).toBe(502);
    expect(await invalid.text()).toContain('飞书授权码无效或已过期（authorization code not found or expired），请重新登录。');
    s = await start();
    const denied = await get(`/office/callback?error=access_denied&state=${s.state}`, s.cookie);
    expect(denied.status).toBe(400);
    expect(await denied.text()).toContain('您未同意飞书授权，未登录督办台。');
  });
});
