import type { AppDeps } from '../../../app-env';
import { RejectedRequest } from '../../../bot/rejected';
import { log } from '../../../log';
import { noteInbound } from '../../../metrics';
import { parseBoundedJson } from '../../bounded-json';
import { parseCardCallback, parseRobotCallback } from '../inbound';
import { receiveCardClick, receiveRobotMessage } from '../webhook';
import { startStreamClient, type CallbackFrame, type StreamClient, type StreamClientOptions } from './connection';
import { replyInSession } from './session-reply';
import { openStreamTicket, TOPIC_CARD, TOPIC_ROBOT } from './ticket';

/**
 * Everything between Stream frames and the bot, in one place: a robot message or a card click goes
 * through the same handling as its webhook (minus the signature: the connection itself is
 * authenticated by the app's ticket), and the answer goes back in the frame's ACK — or, for a fixed
 * reply the HTTP mode puts in its response body, to the message's sessionWebhook.
 */

// The service's JSON log (src/log.ts).
const consoleLog = (event: Record<string, unknown>) => log().info(event, 'dingtalk stream');

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function streamCallbackHandler(deps: AppDeps, options: { fetch?: typeof fetch; log?: (event: Record<string, unknown>) => void } = {}) {
  const config = deps.config.dingtalk!;
  const { fetch: fetchImpl, log = consoleLog } = options;

  /** The frame's data through `parse`; a frame that does not parse is logged and acknowledged, and changes nothing. */
  function payload<T>(frame: CallbackFrame, parse: (body: unknown) => Parsed<T>): { body: unknown; value: T } | undefined {
    const json = parseBoundedJson(frame.data);
    const parsed: Parsed<T> = json.ok ? parse(json.value) : { ok: false, error: `data ${json.error}` };
    if (parsed.ok) return { body: json.ok ? json.value : undefined, value: parsed.value };
    log({ rejected: frame.topic, messageId: frame.messageId, error: parsed.error });
    return undefined;
  }

  async function robotMessage(frame: CallbackFrame) {
    const message = payload(frame, parseRobotCallback);
    if (!message) return null;
    // Deduplicated on the msgId, as over HTTP: the same message is one message whichever way it came.
    const reply = await receiveRobotMessage(deps, message.value);
    if (reply) {
      const sessionWebhook = (message.body as { sessionWebhook?: unknown }).sessionWebhook;
      deps.defer(async () => {
        const sent = await replyInSession({ sessionWebhook, oapiBaseUrl: config.oapiBaseUrl, reply, fetch: fetchImpl });
        if (!sent.ok) log({ sessionReplyFailed: message.value.msgId, error: sent.error });
      });
    }
    return null;
  }

  async function cardClick(frame: CallbackFrame) {
    const click = payload(frame, parseCardCallback);
    // A click has no id of its own: the frame's messageId is what the gateway repeats when it pushes it again.
    return click ? receiveCardClick(deps, click.value, `stream-${frame.messageId}`) : null;
  }

  const route = (frame: CallbackFrame): Promise<unknown> | null => {
    if (frame.topic === TOPIC_ROBOT) return robotMessage(frame);
    if (frame.topic === TOPIC_CARD) return cardClick(frame);
    log({ ignoredTopic: frame.topic, messageId: frame.messageId });
    return null;
  };

  // Each frame is counted and logged like a webhook request (src/metrics.ts), with the status it would have had.
  return async (frame: CallbackFrame): Promise<unknown> => {
    const started = performance.now();
    const note = (status: number) => noteInbound({ platform: 'dingtalk', status, ms: performance.now() - started, path: `stream ${frame.topic}` });
    try {
      const answer = await route(frame);
      note(200);
      return answer;
    } catch (error) {
      note(error instanceof RejectedRequest ? error.status : 500);
      throw error;
    }
  };
}

/**
 * Starts the one Stream connection of this process (DINGTALK_MODE=stream). `baseUrl` defaults to
 * DINGTALK_BASE_URL, where DingTalk serves /v1.0/gateway/connections/open.
 */
export function startDingtalkStream(
  deps: AppDeps,
  options: Omit<StreamClientOptions, 'openTicket' | 'onCallback'> & { baseUrl?: string; fetch?: typeof fetch } = {},
): StreamClient {
  const config = deps.config.dingtalk;
  if (config?.mode !== 'stream') throw new Error('startDingtalkStream: DINGTALK_MODE is not stream');
  const { baseUrl, fetch: fetchImpl, ...client } = options;
  return startStreamClient({
    ...client,
    openTicket: () => openStreamTicket({ baseUrl: baseUrl ?? config.baseUrl, clientId: config.appKey, clientSecret: config.appSecret, fetch: fetchImpl }),
    onCallback: streamCallbackHandler(deps, { fetch: fetchImpl, log: client.log }),
  });
}
