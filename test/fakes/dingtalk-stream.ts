import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * A local fake of the DingTalk Stream gateway on 127.0.0.1 (random port), driven by the real client:
 * POST /v1.0/gateway/connections/open checks the credentials and subscriptions and hands out a
 * one-time ticket; GET /connect?ticket=… upgrades to a WebSocket (unknown or used ticket → 401).
 * Frames are the protocol's JSON (`data` a JSON string); every ACK is recorded. Like the gateway, a
 * callback pushed on a connection that ended before its ACK is pushed again, same messageId, on the
 * next connection. The test can ping, say `disconnect`, close a socket, or make one go silent (no
 * frames, no pongs). Waiting is event-driven: each `…When` promise settles on the change it awaits.
 */

export interface StreamAck {
  code: number;
  headers: { contentType?: string; messageId: string };
  message: string;
  data: string;
}

export interface FakeStreamConnection {
  id: number;
  socket: WebSocket;
  acks: StreamAck[];
  /** WebSocket pings the client sent (its watchdog). */
  pings: number;
  silent: boolean;
  closed: boolean;
}

export interface DingtalkStreamFake {
  url: string;
  /** Bodies of connections/open requests, in order. */
  opens: any[];
  connections: FakeStreamConnection[];
  /** Every ACK from every connection, in order. */
  acks: StreamAck[];
  /** Resolves with the n-th connection (1-based) once the client has opened it. */
  connectionWhen(n: number): Promise<FakeStreamConnection>;
  /** Resolves once the n-th connection has closed. */
  closedWhen(n: number): Promise<void>;
  /** Pushes a CALLBACK frame on the newest live connection (or `on`); returns its messageId. */
  push(topic: string, data: unknown, options?: { messageId?: string; on?: FakeStreamConnection }): string;
  /** Resolves with the `times`-th ACK of `messageId`. */
  ackWhen(messageId: string, times?: number): Promise<StreamAck>;
  /** Sends a SYSTEM ping frame and resolves with its ACK. */
  ping(): Promise<StreamAck>;
  /** Pushes an EVENT frame; resolves with its ACK. */
  event(data: unknown): Promise<StreamAck>;
  /** Sends the SYSTEM `disconnect` frame on the newest connection (the real gateway then closes it after 10 s: `close` it). */
  disconnect(reason?: string): FakeStreamConnection;
  close(connection: FakeStreamConnection): void;
  /** The connection stays open but says nothing any more: no frames, no pongs (a half-open socket). */
  silence(connection: FakeStreamConnection): void;
  /** The next `times` connections/open calls answer this instead of a ticket. */
  failOpens(status: number, body: unknown, times?: number): void;
  stop(): Promise<void>;
}

interface Pushed {
  frame: string;
  acked: boolean;
  connection: FakeStreamConnection;
}

export async function startDingtalkStreamFake(credentials: { clientId: string; clientSecret: string }): Promise<DingtalkStreamFake> {
  const opens: any[] = [];
  const connections: FakeStreamConnection[] = [];
  const acks: StreamAck[] = [];
  const tickets = new Map<string, { used: boolean }>();
  const pushed = new Map<string, Pushed>();
  const failures: Array<{ status: number; body: unknown }> = [];
  const waiters = new Set<() => void>();
  let ticketCount = 0;
  let messageCount = 0;

  const changed = () => {
    for (const check of [...waiters]) check();
  };
  function when<T>(get: () => T | undefined): Promise<T> {
    return new Promise((resolve) => {
      const check = () => {
        const value = get();
        if (value === undefined) return;
        waiters.delete(check);
        resolve(value);
      };
      waiters.add(check);
      check();
    });
  }

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || url.pathname !== '/v1.0/gateway/connections/open')
      return reply(404, { code: 'notFound', message: `fake has no ${req.method} ${url.pathname}` });
    let body: any;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return reply(400, { code: 'InvalidParameter', message: '请求体不是 JSON' });
    }
    opens.push(body);
    const failure = failures.shift();
    if (failure) return reply(failure.status, failure.body);
    if (body?.clientId !== credentials.clientId || body?.clientSecret !== credentials.clientSecret) {
      return reply(401, { code: 'InvalidAuthentication', message: 'clientId 或 clientSecret 无效' });
    }
    if (!Array.isArray(body.subscriptions) || body.subscriptions.length === 0)
      return reply(400, { code: 'InvalidParameter', message: 'subscriptions 不能为空' });
    const ticket = `ticket-${++ticketCount}`;
    tickets.set(ticket, { used: false });
    const { port } = server.address() as AddressInfo;
    reply(200, { endpoint: `ws://127.0.0.1:${port}/connect`, ticket });
  });

  const wss = new WebSocketServer({ noServer: true, autoPong: false });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const ticket = tickets.get(url.searchParams.get('ticket') ?? '');
    if (url.pathname !== '/connect' || !ticket || ticket.used) {
      socket.end('HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    ticket.used = true;
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  });

  function accept(socket: WebSocket) {
    const connection: FakeStreamConnection = { id: connections.length + 1, socket, acks: [], pings: 0, silent: false, closed: false };
    connections.push(connection);
    socket.on('ping', (data) => {
      connection.pings++;
      if (!connection.silent) socket.pong(data);
      changed();
    });
    socket.on('message', (raw) => {
      if (connection.silent) return;
      const ack = JSON.parse(raw.toString()) as StreamAck;
      connection.acks.push(ack);
      acks.push(ack);
      const frame = pushed.get(ack.headers?.messageId);
      if (frame && ack.code === 200) frame.acked = true;
      changed();
    });
    socket.on('close', () => {
      connection.closed = true;
      changed();
    });
    socket.on('error', () => undefined);
    // What an ended connection left unacknowledged comes again on the new one.
    for (const frame of pushed.values()) {
      if (!frame.acked && frame.connection.closed) {
        frame.connection = connection;
        socket.send(frame.frame);
      }
    }
    changed();
  }

  const live = () => {
    const connection = [...connections].reverse().find((c) => !c.closed);
    if (!connection) throw new Error('the fake gateway has no live connection');
    return connection;
  };

  const frameText = (type: string, topic: string, messageId: string, data: unknown) =>
    JSON.stringify({
      specVersion: '1.0',
      type,
      headers: { appId: 'fake-app', connectionId: 'fake-connection', contentType: 'application/json', messageId, time: String(Date.now()), topic },
      data: typeof data === 'string' ? data : JSON.stringify(data),
    });

  const fake: DingtalkStreamFake = {
    url: await new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    opens,
    connections,
    acks,
    connectionWhen: (n) => when(() => connections[n - 1]),
    closedWhen: (n) => when(() => (connections[n - 1]?.closed ? true : undefined)).then(() => undefined),
    push(topic, data, options = {}) {
      const messageId = options.messageId ?? `fake_${++messageCount}_${topic.length}`;
      const connection = options.on ?? live();
      const frame = frameText('CALLBACK', topic, messageId, data);
      const earlier = pushed.get(messageId);
      if (!earlier || earlier.acked) pushed.set(messageId, { frame, acked: false, connection });
      if (!connection.silent) connection.socket.send(frame);
      return messageId;
    },
    ackWhen: (messageId, times = 1) => when(() => acks.filter((a) => a.headers?.messageId === messageId)[times - 1]),
    ping() {
      const messageId = `ping_${++messageCount}`;
      live().socket.send(
        JSON.stringify({
          specVersion: '1.0',
          type: 'SYSTEM',
          headers: { contentType: 'application/json', messageId, time: String(Date.now()), topic: 'ping' },
          data: JSON.stringify({ opaque: `opaque-${messageCount}` }),
        }),
      );
      return fake.ackWhen(messageId);
    },
    event(data) {
      const messageId = `event_${++messageCount}`;
      live().socket.send(frameText('EVENT', '*', messageId, data));
      return fake.ackWhen(messageId);
    },
    disconnect(reason = 'persistent connection is timeout') {
      const connection = live();
      connection.socket.send(
        JSON.stringify({
          specVersion: '1.0',
          type: 'SYSTEM',
          headers: { contentType: 'application/json', messageId: `sys_${++messageCount}`, time: String(Date.now()), topic: 'disconnect' },
          data: JSON.stringify({ reason }),
        }),
      );
      return connection;
    },
    close(connection) {
      connection.socket.close(1000, 'closed by the fake gateway');
    },
    silence(connection) {
      connection.silent = true;
    },
    failOpens(status, body, times = 1) {
      for (let i = 0; i < times; i++) failures.push({ status, body });
    },
    async stop() {
      for (const c of connections) c.socket.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
