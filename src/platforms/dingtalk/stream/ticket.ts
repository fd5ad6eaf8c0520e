/**
 * Step one of a Stream connection: register the app's subscriptions and get a WebSocket endpoint and a
 * one-time ticket (valid 90 s, one connection), POST /v1.0/gateway/connections/open.
 * https://open.dingtalk.com/document/direction/stream-mode-protocol-access-description
 */

export const TOPIC_ROBOT = '/v1.0/im/bot/messages/get';
export const TOPIC_CARD = '/v1.0/card/instances/callback';

/** Robot messages and card clicks; events (`*`, the topics ticked in the console) are acknowledged and ignored. */
const SUBSCRIPTIONS = [
  { type: 'CALLBACK', topic: TOPIC_ROBOT },
  { type: 'CALLBACK', topic: TOPIC_CARD },
  { type: 'EVENT', topic: '*' },
];

export interface StreamTicket {
  endpoint: string;
  ticket: string;
}

export class StreamTicketError extends Error {
  override name = 'StreamTicketError';
}

/** The WebSocket URL of a ticket: the endpoint with `?ticket=…` (endpoint host and path come from DingTalk). */
export function ticketUrl(ticket: StreamTicket): string {
  const url = new URL(ticket.endpoint);
  url.searchParams.set('ticket', ticket.ticket);
  return url.toString();
}

export async function openStreamTicket(options: { baseUrl: string; clientId: string; clientSecret: string; fetch?: typeof fetch }): Promise<StreamTicket> {
  const doFetch = options.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(`${options.baseUrl}/v1.0/gateway/connections/open`, {
      method: 'POST',
      // Without Accept the gateway may answer XML (dingtalk-stream-sdk-nodejs client.ts).
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ clientId: options.clientId, clientSecret: options.clientSecret, subscriptions: SUBSCRIPTIONS, ua: 'duban-assistant/stream' }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new StreamTicketError(`无法访问钉钉 Stream 网关 ${options.baseUrl}：${(error as Error).message}（检查出站网络与代理是否放行 api.dingtalk.com:443）`);
  }
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const reason = body?.message ?? body?.code ?? text.slice(0, 200);
    throw new StreamTicketError(`钉钉 Stream 网关拒绝注册连接（HTTP ${res.status}）：${reason}（检查 DINGTALK_APP_KEY / DINGTALK_APP_SECRET）`);
  }
  if (typeof body?.endpoint !== 'string' || typeof body?.ticket !== 'string' || !body.endpoint || !body.ticket) {
    throw new StreamTicketError('钉钉 Stream 网关的应答缺少 endpoint 或 ticket');
  }
  return { endpoint: body.endpoint, ticket: body.ticket };
}
