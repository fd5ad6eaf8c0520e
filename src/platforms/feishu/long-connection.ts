import * as lark from '@larksuiteoapi/node-sdk';
import type { AppDeps } from '../../app-env';
import { log } from '../../log';
import { noteInbound } from '../../metrics';
import { receive } from '../../bot/pipeline';
import { RejectedRequest } from '../../bot/rejected';
import { socketEvents } from './events';

/**
 * FEISHU_MODE=ws: events and card callbacks over one outbound WebSocket, the official SDK's WSClient
 * (docs/feishu-long-connection.md). Each event frame goes through the same receive pipeline as the
 * webhook; the pipeline's answer (a card callback's toast and card) is returned to the SDK, which
 * puts it in the frame's ACK — Feishu expects it within 3 s, and the pipeline only commits and answers
 * (delivery runs after, through the outbox).
 *
 * Reconnecting: after a dropped socket the SDK reconnects by itself at the interval Feishu's gateway
 * prescribes (ClientConfig.ReconnectInterval + a random ReconnectNonce), and a watchdog ends a
 * socket that stops answering pings. When the SDK gives up (a refused app secret, retries
 * exhausted) this supervisor starts a new client after an exponential backoff. Node only: a Worker
 * cannot hold a socket (FEISHU_MODE=ws is a configuration error there).
 */

/** Seconds without any frame after a ping before the socket is presumed dead (Feishu pings every 120 s). */
const PING_TIMEOUT_S = 30;
const HANDSHAKE_TIMEOUT_MS = 15_000;
/** Restarts after the SDK gave up: 5 s, 10 s, 20 s … at most 5 min. */
const RESTART_BASE_MS = 5_000;
const RESTART_MAX_MS = 5 * 60_000;

/**
 * How the connection is doing, as `/healthz` shows it under `feishu`. `since`: when it entered this
 * state; `restarts`: reconnections since the process started.
 */
export interface ConnectionStatus {
  mode: 'ws';
  state: 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';
  since: string;
  restarts: number;
  /** Why the SDK last gave up, when it did. */
  error?: string;
}

export interface LongConnectionOptions {
  /** Schedules a restart; tests pass one that runs at once. Returns a cancel function. */
  schedule?: (task: () => void, delayMs: number) => () => void;
  /** One structured log line per state change and per refused event. */
  log?: (entry: Record<string, unknown>) => void;
}

export interface FeishuLongConnection {
  status(): ConnectionStatus;
  close(): void;
}

const defaultSchedule = (task: () => void, delayMs: number) => {
  const timer = setTimeout(task, delayMs);
  return () => clearTimeout(timer);
};

// The service's JSON log (src/log.ts); failures at error level so they stand out, the SDK's own
// warnings and errors (a failed connect, a silent socket ended) at warn.
const defaultLog = (entry: Record<string, unknown>) => {
  if (entry.failed || entry.state === 'failed') log().error(entry, 'feishu long connection');
  else if (entry.sdk === 'error' || entry.sdk === 'warn') log().warn(entry, 'feishu long connection');
  else log().info(entry, 'feishu long connection');
};

export function startFeishuLongConnection(deps: AppDeps, options: LongConnectionOptions = {}): FeishuLongConnection {
  const feishu = deps.config.feishu;
  if (feishu?.mode !== 'ws') throw new Error('startFeishuLongConnection needs FEISHU_MODE=ws');
  const schedule = options.schedule ?? defaultSchedule;
  const log = options.log ?? defaultLog;
  const now = () => deps.realClock.now().toISOString();

  let status: ConnectionStatus = { mode: 'ws', state: 'connecting', since: now(), restarts: 0 };
  const enter = (state: ConnectionStatus['state'], error?: string) => {
    status = { ...status, state, since: now(), ...(error ? { error } : {}) };
    if (!error) delete status.error;
    log({ state, restarts: status.restarts, ...(error ? { error } : {}) });
  };

  // The SDK calls `invoke` with each merged event and ACKs with what it returns.
  const dispatcher = {
    async invoke(data: unknown) {
      const started = performance.now();
      // Counted and logged like a webhook request (src/metrics.ts), with the status it would have had.
      const note = (status: number) => noteInbound({ platform: 'feishu', status, ms: performance.now() - started, path: 'ws' });
      try {
        const body = (await receive(deps, socketEvents, data)).body;
        note(200);
        return body;
      } catch (error) {
        // A refused event is acknowledged: sent again it would be refused again.
        if (error instanceof RejectedRequest) {
          note(error.status);
          log({ refused: error.message, status: error.status });
          return undefined;
        }
        // Anything else is ACKed as a failure (code 500), so Feishu delivers the event again.
        note(500);
        log({ failed: String((error as Error)?.stack ?? error) });
        throw error;
      }
    },
  } as unknown as lark.EventDispatcher;

  // SDK messages as our log lines, warnings and errors only (its info lines repeat our state changes).
  const line =
    (level: string) =>
    (...message: unknown[]) =>
      log({ sdk: level, message: message.map(String).join(' ') });
  const sdkLogger = { error: line('error'), warn: line('warn'), info: line('info'), debug: line('debug'), trace: line('trace') };

  let client: lark.WSClient | undefined;
  let failures = 0;
  let cancelRestart: (() => void) | undefined;
  let closed = false;

  function connect() {
    client = new lark.WSClient({
      appId: feishu!.appId,
      appSecret: feishu!.appSecret,
      domain: feishu!.baseUrl,
      logger: sdkLogger,
      loggerLevel: lark.LoggerLevel.warn,
      autoReconnect: true,
      handshakeTimeoutMs: HANDSHAKE_TIMEOUT_MS,
      wsConfig: { pingTimeout: PING_TIMEOUT_S },
      onReady: () => {
        failures = 0;
        enter('connected');
      },
      onReconnecting: () => enter('reconnecting'),
      onReconnected: () => {
        failures = 0;
        status.restarts++;
        enter('connected');
      },
      onError: (error) => {
        enter('failed', error.message);
        restartLater();
      },
    });
    void client.start({ eventDispatcher: dispatcher });
  }

  function restartLater() {
    if (closed) return;
    const delay = Math.min(RESTART_BASE_MS * 2 ** failures++, RESTART_MAX_MS);
    cancelRestart = schedule(() => {
      client?.close({ force: true });
      status.restarts++;
      enter('connecting');
      connect();
    }, delay);
  }

  connect();
  return {
    status: () => ({ ...status }),
    close() {
      closed = true;
      cancelRestart?.();
      client?.close({ force: true });
      enter('closed');
    },
  };
}
