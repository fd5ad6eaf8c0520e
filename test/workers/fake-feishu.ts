/**
 * A fake Feishu Open API behind a `fetch` function, for code running inside workerd: the token
 * endpoint, send, reply, patch, urgent_app and bot info, with Feishu's `uuid` dedupe. It records
 * every call; `failNext` makes the next matching call answer with a failure.
 */
export interface FeishuCall {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | null;
  body: any;
}

type Failure = { match: RegExp; status: number; body: unknown; headers?: Record<string, string> } | { match: RegExp; throws: Error };

export function fakeFeishu(baseUrl = 'https://feishu.fake') {
  const calls: FeishuCall[] = [];
  const failures: Failure[] = [];
  const byUuid = new Map<string, string>();
  let tokens = 0;
  let messages = 0;
  const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (`${url.protocol}//${url.host}` !== baseUrl) throw new TypeError(`unexpected host ${url.host}`);
    const text = await request.text();
    const call: FeishuCall = {
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: request.headers.get('authorization'),
      body: text ? JSON.parse(text) : undefined,
    };
    calls.push(call);
    const failure = failures.findIndex((f) => f.match.test(`${call.method} ${call.path}`));
    if (failure >= 0) {
      const [f] = failures.splice(failure, 1);
      if ('throws' in f!) throw f.throws;
      return typeof f!.body === 'string' ? new Response(f!.body, { status: f!.status, headers: f!.headers }) : json(f!.body, f!.status, f!.headers);
    }
    if (call.path === '/open-apis/auth/v3/tenant_access_token/internal') {
      return json({ code: 0, msg: 'ok', tenant_access_token: `t-${++tokens}`, expire: 7200 });
    }
    if (call.authorization !== `Bearer t-${tokens}`) return json({ code: 99991663, msg: 'Invalid access token for authorization' }, 400);
    const message = () => {
      const uuid = call.body?.uuid as string | undefined;
      const id = (uuid && byUuid.get(uuid)) || `om_${++messages}`;
      if (uuid) byUuid.set(uuid, id);
      return json({ code: 0, msg: 'success', data: { message_id: id } });
    };
    if (call.method === 'POST' && call.path === '/open-apis/im/v1/messages') return message();
    if (call.method === 'POST' && /^\/open-apis\/im\/v1\/messages\/[^/]+\/reply$/.test(call.path)) return message();
    if (call.method === 'PATCH' && /^\/open-apis\/im\/v1\/messages\/[^/]+\/urgent_app$/.test(call.path)) {
      return json({ code: 0, msg: 'success', data: { invalid_user_id_list: [] } });
    }
    if (call.method === 'PATCH' && /^\/open-apis\/im\/v1\/messages\/[^/]+$/.test(call.path)) return json({ code: 0, msg: 'success', data: {} });
    if (call.method === 'GET' && call.path === '/open-apis/bot/v3/info')
      return json({ code: 0, msg: 'ok', bot: { open_id: 'ou_fake_bot', app_name: '督办助手' } });
    return json({ code: 404, msg: 'not found' }, 404);
  };

  return {
    baseUrl,
    fetch,
    calls,
    /** Calls other than the token endpoint. */
    apiCalls: () => calls.filter((c) => !c.path.startsWith('/open-apis/auth/')),
    tokenCalls: () => calls.filter((c) => c.path.startsWith('/open-apis/auth/')).length,
    failNext(match: RegExp, status: number, body: unknown, headers?: Record<string, string>) {
      failures.push({ match, status, body, headers });
    },
    throwNext(match: RegExp, error: Error) {
      failures.push({ match, throws: error });
    },
  };
}
