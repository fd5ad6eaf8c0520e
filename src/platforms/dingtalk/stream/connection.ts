import WebSocket from 'ws';
import { log as serviceLog } from '../../../log';
import { ackFrame, callbackAckData, EVENT_ACK_DATA, parseFrame, type DownstreamFrame } from './frames';
import { ticketUrl, type StreamTicket } from './ticket';
import { realTimers, type Timers } from './timers';
import { startWatchdog } from './watchdog';

/**
 * A DingTalk Stream client of our own on `ws` (the official SDK stops reconnecting after an `error`
 * without `close`, and its retry loop has leaked sockets: dingtalk-stream-sdk-nodejs issues 13, 16, 18).
 * One connection at a time: ticket → WebSocket → frames, each ACKed; `ping` echoed; on `disconnect`
 * a fresh connection is opened at once while the old one drains; any other end (close, error, a
 * silent socket) reconnects with a fresh ticket after a backoff of 1 s doubling to 60 s.
 */

export type StreamState = 'connecting' | 'open' | 'waiting' | 'stopped';

export interface StreamStatus {
  state: StreamState;
  /** When the state last changed (ISO, UTC). */
  since: string;
  /** Connections opened after the first one. */
  reconnects: number;
  lastError?: string;
  /** While waiting: the delay before the next attempt. */
  retryInMs?: number;
}

export interface CallbackFrame {
  topic: string;
  messageId: string;
  /** The frame's `data`: a JSON string (the robot message, the card click). */
  data: string;
}

export interface StreamClientOptions {
  openTicket(): Promise<StreamTicket>;
  /** Handles one callback; what it returns goes back in the ACK as `{response}`. */
  onCallback(frame: CallbackFrame): Promise<unknown>;
  timers?: Timers;
  now?: () => Date;
  log?: (event: Record<string, unknown>) => void;
  /** Tests reach the client's socket through this (e.g. to make it fail without closing). */
  createSocket?: (url: string) => WebSocket;
  pingEveryMs?: number;
  silentAfterMs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long a connection the gateway said `disconnect` on may still deliver before it is dropped (the gateway closes it after 10 s). */
  drainMs?: number;
}

export interface StreamClient {
  status(): StreamStatus;
  /** Closes every socket, cancels the retry and waits for callbacks in progress. */
  stop(): Promise<void>;
}

interface Link {
  socket: WebSocket;
  end(reason: string): void;
  send(text: string): void;
}

export function startStreamClient(options: StreamClientOptions): StreamClient {
  const timers = options.timers ?? realTimers;
  const now = options.now ?? (() => new Date());
  // The service's JSON log (src/log.ts): a failed callback is an error, waiting to reconnect a warning.
  const log =
    options.log ??
    ((event: Record<string, unknown>) => {
      if (event.callbackFailed) serviceLog().error(event, 'dingtalk stream');
      else if (event.state === 'waiting') serviceLog().warn(event, 'dingtalk stream');
      else serviceLog().info(event, 'dingtalk stream');
    });
  const pingEveryMs = options.pingEveryMs ?? 15_000;
  const silentAfterMs = options.silentAfterMs ?? 45_000;
  const initialBackoffMs = options.initialBackoffMs ?? 1_000;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  const drainMs = options.drainMs ?? 15_000;
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url));

  let stopped = false;
  let current: Link | undefined;
  const links = new Set<Link>();
  let retryTimer: unknown;
  let failures = 0;
  let opened = 0;
  let status: StreamStatus = { state: 'connecting', since: now().toISOString(), reconnects: 0 };
  // Callbacks run one after another, in arrival order, whichever socket they came on.
  let queue: Promise<void> = Promise.resolve();

  function setState(state: StreamState, extra: Partial<StreamStatus> = {}) {
    status = { state, since: now().toISOString(), reconnects: status.reconnects, lastError: extra.lastError ?? status.lastError, retryInMs: extra.retryInMs };
    log({ state, ...(extra.lastError ? { reason: extra.lastError } : {}), ...(extra.retryInMs ? { retryInMs: extra.retryInMs } : {}) });
  }

  function retry(reason: string) {
    if (stopped) return;
    const delay = Math.min(initialBackoffMs * 2 ** failures, maxBackoffMs);
    failures++;
    setState('waiting', { lastError: reason, retryInMs: delay });
    retryTimer = timers.setTimeout(() => void connect(), delay);
  }

  async function connect() {
    if (stopped) return;
    setState('connecting');
    let ticket: StreamTicket;
    try {
      ticket = await options.openTicket();
    } catch (error) {
      retry((error as Error).message);
      return;
    }
    if (stopped) return;
    current = openLink(ticketUrl(ticket));
  }

  function openLink(url: string): Link {
    const socket = createSocket(url);
    let ended = false;
    let stable: unknown;
    const watchdog = startWatchdog({
      timers,
      pingEveryMs,
      silentAfterMs,
      ping: () => {
        if (socket.readyState === WebSocket.OPEN) socket.ping();
      },
      onSilent: () => link.end(`${silentAfterMs / 1000} 秒内没有收到任何数据或 pong，判定连接已失效`),
    });
    const link: Link = {
      socket,
      send(text) {
        if (socket.readyState === WebSocket.OPEN) socket.send(text);
      },
      end(reason) {
        if (ended) return;
        ended = true;
        watchdog.stop();
        timers.clearTimeout(stable);
        links.delete(link);
        socket.removeAllListeners();
        // `terminate` may still report a late error: keep one listener so it is not an uncaught exception.
        socket.on('error', () => undefined);
        socket.terminate();
        if (link === current) {
          current = undefined;
          retry(reason);
        }
      },
    };
    links.add(link);
    socket.on('open', () => {
      if (opened++ > 0) status.reconnects++;
      setState('open', { lastError: status.lastError });
      watchdog.alive();
      // Only a connection that stays up resets the backoff: a gateway that accepts and drops at once is not hammered.
      stable = timers.setTimeout(() => {
        failures = 0;
      }, silentAfterMs);
    });
    socket.on('message', (raw) => {
      watchdog.alive();
      onFrame(link, raw.toString());
    });
    socket.on('pong', () => watchdog.alive());
    // An `error` may come without a `close` (issue 13): either one ends the link.
    socket.on('error', (error) => link.end(`连接出错：${error.message}`));
    socket.on('close', (code, reason) => link.end(`连接已关闭（${code}${reason.length ? ` ${reason.toString()}` : ''}）`));
    return link;
  }

  function onFrame(link: Link, text: string) {
    const frame = parseFrame(text);
    if (!frame) {
      log({ droppedFrame: text.slice(0, 200) });
      return;
    }
    const messageId = frame.headers.messageId ?? '';
    if (frame.type === 'SYSTEM') return onSystem(link, frame, messageId);
    if (frame.type === 'EVENT') return link.send(ackFrame(messageId, EVENT_ACK_DATA));
    const callback: CallbackFrame = { topic: frame.headers.topic ?? '', messageId, data: frame.data };
    queue = queue.then(async () => {
      try {
        link.send(ackFrame(messageId, callbackAckData(await options.onCallback(callback))));
      } catch (error) {
        log({ callbackFailed: callback.topic, messageId, error: String((error as Error)?.stack ?? error) });
        link.send(ackFrame(messageId, callbackAckData(null), 500));
      }
    });
  }

  function onSystem(link: Link, frame: DownstreamFrame, messageId: string) {
    if (frame.headers.topic === 'ping') {
      link.send(ackFrame(messageId, frame.data));
    } else if (frame.headers.topic === 'disconnect' && link === current) {
      // The gateway closes this socket in 10 s: connect anew now, let the old one deliver what it still has.
      log({ disconnect: frame.data });
      current = undefined;
      timers.setTimeout(() => link.end('disconnect 后已排空'), drainMs);
      void connect();
    }
  }

  void connect();

  return {
    status: () => ({ ...status }),
    async stop() {
      stopped = true;
      timers.clearTimeout(retryTimer);
      current = undefined;
      for (const link of [...links]) link.end('stopped');
      setState('stopped');
      await queue;
    },
  };
}
