import { createRequire } from 'node:module';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FakeExtension, RecordedRequest } from './feishu-api';

/**
 * A local fake of Feishu's long-connection gateway, served on the fake Open API's host (FEISHU_BASE_URL)
 * as an extension of it, for the real SDK WSClient:
 *
 * - `POST /callback/ws/endpoint` with `{AppID, AppSecret}` → `{code: 0, data: {URL, ClientConfig}}`
 *   (a wrong secret gets a non-zero code, as Feishu answers it);
 * - a WebSocket at that URL speaking the SDK's `pbbp2.Frame` protobuf, encoded and decoded with the
 *   definitions the SDK itself registers (protobufjs' default root) — no hand-written wire format;
 * - control frames: the client's `ping` is answered by a `pong` carrying the ClientConfig;
 * - data frames: an event (split into `sum` fragments when asked) and the client's ACK, the same frame
 *   echoed with `{code, data: base64(JSON answer)}` as payload;
 * - an event not yet ACKed stays pending and is delivered again on the next connection, as Feishu
 *   redelivers; `drop()` ends the socket the way a network failure does.
 *
 * ReconnectInterval and ReconnectNonce are 0, so the SDK reconnects at once: no real waiting in tests.
 */

const require = createRequire(import.meta.url);
// The SDK registers pbbp2 in protobufjs' default root when it loads.
require('@larksuiteoapi/node-sdk');
const { roots } = require('protobufjs/minimal') as { roots: Record<string, any> };
const { WebSocketServer } = require('ws') as { WebSocketServer: new (options: { noServer: boolean }) => any };
const Frame = roots.default.pbbp2.Frame as {
  create(properties: object): unknown;
  encode(frame: unknown): { finish(): Uint8Array };
  decode(bytes: Uint8Array): FrameObject;
};

interface FrameObject {
  SeqID: number | { toNumber(): number };
  LogID: number | { toNumber(): number };
  service: number;
  method: number;
  headers: Array<{ key: string; value: string }>;
  payload?: Uint8Array;
}

/** pbbp2 `method`: 0 control (ping/pong), 1 data (events and their ACKs). */
const CONTROL = 0;
const DATA = 1;
const SERVICE_ID = 7;

/** What the SDK reads from the endpoint and from every pong (seconds). */
const CLIENT_CONFIG = { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 0, ReconnectNonce: 0 };

/** The SDK's ACK payload: HTTP-like code, and the handler's answer as base64 JSON. */
export interface Ack {
  code: number;
  /** The answer the bot returned (a card callback's toast and card), parsed. */
  data?: any;
}

interface Pending {
  messageId: string;
  event: object;
  fragments: number;
  /** Ignore the first ACK and drop the socket, as if the ACK were lost on the way. */
  loseAck: boolean;
  resolve(ack: Ack): void;
}

export interface FeishuWsGateway extends FakeExtension {
  /** Endpoint handshakes answered (successful or not). */
  handshakes: RecordedRequest[];
  /** Sockets connected so far (first ping received): reconnections included. */
  readonly connections: number;
  /** Pings received (each answered with a pong). */
  readonly pings: number;
  /** Resolves once `n` sockets in all have connected (default: the next one). */
  connection(n?: number): Promise<void>;
  /**
   * Sends an event as a data frame (or `fragments` frames) and resolves with the client's ACK.
   * `loseAck`: the first ACK is lost with the socket, so the event is delivered again after the reconnect.
   */
  push(event: object, options?: { fragments?: number; loseAck?: boolean }): Promise<Ack>;
  /** Ends the current socket abruptly, as a network failure would. */
  drop(): void;
  /** The current socket stays open but goes silent both ways; events wait for the next connection. */
  silence(): void;
  /** Answers the next `times` handshakes with this error code (e.g. 514: app secret refused). */
  refuse(code: number, times?: number): void;
}

export function feishuWsGateway(app: { appId: string; appSecret: string }): FeishuWsGateway {
  const wss = new WebSocketServer({ noServer: true });
  const handshakes: RecordedRequest[] = [];
  const pending: Pending[] = [];
  const waiters: Array<{ n: number; resolve(): void }> = [];
  let socket: any;
  /** A socket `silence()` cut off: its frames are ignored and nothing is sent to it. */
  let silent: any;
  let baseUrl = '';
  let connections = 0;
  let pings = 0;
  let seq = 0;
  let refusals: { code: number; times: number } | undefined;

  const encode = (frame: object) => Frame.encode(Frame.create(frame)).finish();

  function send(item: Pending) {
    if (socket?.readyState !== 1 || socket === silent) return;
    const bytes = new TextEncoder().encode(JSON.stringify(item.event));
    const size = Math.ceil(bytes.length / item.fragments);
    for (let i = 0; i < item.fragments; i++) {
      socket.send(
        encode({
          SeqID: ++seq,
          LogID: seq,
          service: SERVICE_ID,
          method: DATA,
          headers: [
            { key: 'type', value: 'event' },
            { key: 'message_id', value: item.messageId },
            { key: 'sum', value: String(item.fragments) },
            { key: 'seq', value: String(i) },
            { key: 'trace_id', value: `trace_${item.messageId}` },
          ],
          payload: bytes.slice(i * size, (i + 1) * size),
        }),
      );
    }
  }

  function onFrame(ws: any, bytes: Uint8Array) {
    if (ws === silent) return;
    const frame = Frame.decode(bytes);
    const header = (key: string) => frame.headers.find((h) => h.key === key)?.value;
    if (frame.method === CONTROL && header('type') === 'ping') {
      pings++;
      ws.send(
        encode({
          SeqID: 0,
          LogID: 0,
          service: SERVICE_ID,
          method: CONTROL,
          headers: [{ key: 'type', value: 'pong' }],
          payload: new TextEncoder().encode(JSON.stringify(CLIENT_CONFIG)),
        }),
      );
      if (ws !== socket) ready(ws);
      return;
    }
    if (frame.method !== DATA) return;
    const index = pending.findIndex((p) => p.messageId === header('message_id'));
    if (index < 0) return;
    const item = pending[index]!;
    if (item.loseAck) {
      item.loseAck = false;
      ws.terminate();
      return;
    }
    pending.splice(index, 1);
    const ack = JSON.parse(new TextDecoder().decode(frame.payload)) as { code: number; data?: string };
    item.resolve({ code: ack.code, ...(ack.data ? { data: JSON.parse(Buffer.from(ack.data, 'base64').toString('utf8')) } : {}) });
  }

  /**
   * The SDK listens for frames only after its `open` handler has sent the first ping, so a socket
   * counts as connected from that ping on (a frame sent earlier would be lost in the client).
   */
  function ready(ws: any) {
    socket = ws;
    connections++;
    for (const waiter of waiters.filter((w) => connections >= w.n)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    // Whatever was not acknowledged is delivered again, as Feishu does after a reconnect.
    for (const item of pending) send(item);
  }

  return {
    handshakes,
    get connections() {
      return connections;
    },
    get pings() {
      return pings;
    },

    attach(server: Server, url: string) {
      baseUrl = url;
      server.on('upgrade', (req: IncomingMessage, tcp: Duplex, head: Buffer) => {
        if (!req.url?.startsWith('/ws')) return void tcp.destroy();
        wss.handleUpgrade(req, tcp, head, (ws: any) => ws.on('message', (data: Buffer) => onFrame(ws, new Uint8Array(data))));
      });
    },

    handle(request: RecordedRequest, res: ServerResponse) {
      if (request.method !== 'POST' || request.path !== '/callback/ws/endpoint') return false;
      handshakes.push(request);
      // Connection: close: each handshake on a fresh socket (a kept-alive one reused after a test moved
      // fake timers far ahead was seen to stall the reconnect's request).
      const reply = (body: object) => res.writeHead(200, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify(body));
      if (refusals && refusals.times > 0) {
        refusals.times--;
        reply({ code: refusals.code, msg: 'refused by the fake gateway', data: {} });
        return true;
      }
      if (request.body?.AppID !== app.appId || request.body?.AppSecret !== app.appSecret) {
        reply({ code: 514, msg: 'auth failed: app_id or app_secret is wrong', data: {} });
        return true;
      }
      const wsUrl = `${baseUrl.replace(/^http/, 'ws')}/ws?device_id=fake_device&service_id=${SERVICE_ID}`;
      reply({ code: 0, msg: 'ok', data: { URL: wsUrl, ClientConfig: CLIENT_CONFIG } });
      return true;
    },

    connection(n = connections + 1) {
      if (connections >= n) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push({ n, resolve }));
    },

    push(event, options = {}) {
      return new Promise<Ack>((resolve) => {
        const item: Pending = { messageId: `msg_${++seq}`, event, fragments: options.fragments ?? 1, loseAck: options.loseAck ?? false, resolve };
        pending.push(item);
        send(item);
      });
    },

    drop() {
      socket?.terminate();
    },

    silence() {
      silent = socket;
    },

    refuse(code, times = 1) {
      refusals = { code, times };
    },
  };
}
