import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local fake of Feishu's message API (send, and reply to a message) that enforces the published limits (docs/operations.md, rate limits): 50/s
 * and 1000/min per app, 5/s per recipient (user or group), answering over-limit calls like Feishu —
 * HTTP 429, `{"code":99991400}`, `x-ogw-ratelimit-limit` and `x-ogw-ratelimit-reset` (seconds to
 * wait). Only accepted calls use up the budget. Sends are deduplicated by `uuid` like Feishu's (a
 * repeated uuid answers with the message already created), and every raw attempt is recorded.
 */
export interface LimitedFake {
  url: string;
  /** Accepted messages in order: what people see. */
  messages: Array<{ messageId: string; uuid?: string; receiveId: string; text: string; at: number; replyTo?: string }>;
  stats: { attempts: number; rateLimited: number; uuidRepeats: number };
  close(): Promise<void>;
}

const WINDOWS = {
  app: [
    { limit: 50, ms: 1_000 },
    { limit: 1_000, ms: 60_000 },
  ],
  recipient: [{ limit: 5, ms: 1_000 }],
};

/** Milliseconds until `log` (ascending accept times) has room under every window; 0 = room now. */
function waitFor(log: number[], windows: Array<{ limit: number; ms: number }>, now: number): number {
  let wait = 0;
  for (const { limit, ms } of windows) {
    let inWindow = 0;
    for (let i = log.length - 1; i >= 0 && log[i]! > now - ms; i--) inWindow++;
    if (inWindow >= limit) wait = Math.max(wait, log[log.length - limit]! + ms - now);
  }
  return wait;
}

async function readJson(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    return {};
  }
}

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export async function startLimitedFake(): Promise<LimitedFake> {
  const messages: LimitedFake['messages'] = [];
  const stats = { attempts: 0, rateLimited: 0, uuidRepeats: 0 };
  const appLog: number[] = [];
  const recipientLogs = new Map<string, number[]>();
  const byUuid = new Map<string, string>();

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readJson(req);
    if (req.method === 'POST' && url.pathname === '/open-apis/auth/v3/tenant_access_token/internal') {
      return answer(res, 200, { code: 0, msg: 'ok', tenant_access_token: 't-bench', expire: 7200 });
    }
    // A reply (im/v1/messages/:id/reply) goes to the chat of the message it answers: its own recipient.
    const replyTo = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/.exec(url.pathname)?.[1];
    if (req.method !== 'POST' || (url.pathname !== '/open-apis/im/v1/messages' && !replyTo)) return answer(res, 404, { code: 404, msg: 'not in this fake' });
    stats.attempts++;
    const now = Date.now();
    const recipient = replyTo ? `reply:${decodeURIComponent(replyTo)}` : `${url.searchParams.get('receive_id_type')}:${body.receive_id}`;
    const recipientLog = recipientLogs.get(recipient) ?? [];
    const wait = Math.max(waitFor(appLog, WINDOWS.app, now), waitFor(recipientLog, WINDOWS.recipient, now));
    if (wait > 0) {
      stats.rateLimited++;
      return answer(
        res,
        429,
        { code: 99991400, msg: 'request trigger frequency limit' },
        {
          'x-ogw-ratelimit-limit': '50',
          'x-ogw-ratelimit-reset': String(Math.ceil(wait / 1000)),
        },
      );
    }
    const repeated = body.uuid ? byUuid.get(body.uuid) : undefined;
    if (repeated) {
      stats.uuidRepeats++;
      return answer(res, 200, { code: 0, msg: 'success', data: { message_id: repeated } });
    }
    appLog.push(now);
    recipientLog.push(now);
    recipientLogs.set(recipient, recipientLog);
    const messageId = `om_bench_${messages.length + 1}`;
    let text = '';
    try {
      const content = JSON.parse(body.content);
      text = typeof content.text === 'string' ? content.text : JSON.stringify(content);
    } catch {
      text = String(body.content);
    }
    messages.push({ messageId, uuid: body.uuid, receiveId: recipient, text, at: now, ...(replyTo ? { replyTo: decodeURIComponent(replyTo) } : {}) });
    if (body.uuid) byUuid.set(body.uuid, messageId);
    answer(res, 200, { code: 0, msg: 'success', data: { message_id: messageId } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    messages,
    stats,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
