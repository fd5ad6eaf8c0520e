import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A fault-injecting HTTP proxy in front of a fake platform API (test/fakes): the sender under test
 * talks to the proxy, which forwards to the fake unless the next entry of the schedule says
 * otherwise. The same faults for every platform: an answer the fake never sees (429 with its reset
 * header, 5xx), a request that hangs past the client's timeout, a connection reset, or a response
 * lost after the fake did the work.
 */
export type ProxyFault =
  | { kind: 'pass' }
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'lose_response' };

export interface FaultProxy {
  url: string;
  /** The next requests matching `route` meet these faults in order; then they pass. */
  schedule(route: (method: string, path: string) => boolean, faults: ProxyFault[]): void;
  /** Scheduled faults no request has met yet. */
  unconsumed(): number;
  /** Every request that reached the proxy, with what was done to it. */
  log: Array<{ method: string; path: string; fault: ProxyFault['kind'] }>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function forward(
  upstream: URL,
  req: IncomingMessage,
  body: Buffer,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: upstream.host };
    const out = httpRequest({ hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, async (res) => {
      resolve({ status: res.statusCode ?? 502, headers: res.headers, body: await readBody(res) });
    });
    out.on('error', reject);
    out.end(body);
  });
}

/** `delayMs`: every forwarded request waits this long first (real time), a slow platform. */
export async function startFaultProxy(upstreamUrl: string, options: { delayMs?: number } = {}): Promise<FaultProxy> {
  const upstream = new URL(upstreamUrl);
  const schedules: Array<{ route: (method: string, path: string) => boolean; faults: ProxyFault[] }> = [];
  const log: FaultProxy['log'] = [];
  const sockets = new Set<Socket>();

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0]!;
    const body = await readBody(req);
    const entry = schedules.find((s) => s.route(method, path) && s.faults.length > 0);
    const fault = entry?.faults.shift() ?? { kind: 'pass' as const };
    log.push({ method, path, fault: fault.kind });
    if (fault.kind === 'hang') return;
    if (fault.kind === 'reset') return void req.socket.destroy();
    if (fault.kind === 'status') {
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      return void res.end(fault.body === undefined ? '' : JSON.stringify(fault.body));
    }
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    const answer = await forward(upstream, req, body);
    if (fault.kind === 'lose_response') return;
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    schedule(route, faults) {
      schedules.push({ route, faults: [...faults] });
    },
    log,
    unconsumed: () => schedules.reduce((n, s) => n + s.faults.length, 0),
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
