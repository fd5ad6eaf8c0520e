import type { AppDeps } from '../../../app-env';
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

const consoleLog = (event: Record<string, unknown>) => console.log(JSON.stringify({ at: 'dingtalk-stream', ...event }));

export function streamCallbackHandler(deps: AppDeps, options: { fetch?: typeof fetch; log?: (event: Record<string, unknown>) => void } = {}) {
  const config = deps.config.dingtalk!;
  const { fetch: fetchImpl, log = consoleLog } = options;
  return async (frame: CallbackFrame): Promise<unknown> => {
    const json = parseBoundedJson(frame.data);
    if (!json.ok) {
      log({ rejected: frame.topic, messageId: frame.messageId, error: `data ${json.error}` });
      return null;
    }
    if (frame.topic === TOPIC_ROBOT) {
      const parsed = parseRobotCallback(json.value);
      if (!parsed.ok) {
        log({ rejected: frame.topic, messageId: frame.messageId, error: parsed.error });
        return null;
      }
      // Robot messages are deduplicated on their msgId, as over HTTP: the same message is the same whichever way it came.
      const reply = await receiveRobotMessage(deps, parsed.value);
      if (reply) {
        const sessionWebhook = (json.value as { sessionWebhook?: unknown }).sessionWebhook;
        deps.defer(async () => {
          const sent = await replyInSession({ sessionWebhook, oapiBaseUrl: config.oapiBaseUrl, reply, fetch: fetchImpl });
          if (!sent.ok) log({ sessionReplyFailed: parsed.value.msgId, error: sent.error });
        });
      }
      return null;
    }
    if (frame.topic === TOPIC_CARD) {
      const parsed = parseCardCallback(json.value);
      if (!parsed.ok) {
        log({ rejected: frame.topic, messageId: frame.messageId, error: parsed.error });
        return null;
      }
      // A click has no id of its own: the frame's messageId is what the gateway repeats when it pushes it again.
      return receiveCardClick(deps, parsed.value, `stream-${frame.messageId}`);
    }
    log({ ignoredTopic: frame.topic, messageId: frame.messageId });
    return null;
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
  if (!config || config.mode !== 'stream') throw new Error('startDingtalkStream: DINGTALK_MODE is not stream');
  const { baseUrl, fetch: fetchImpl, ...client } = options;
  return startStreamClient({
    ...client,
    openTicket: () => openStreamTicket({ baseUrl: baseUrl ?? config.baseUrl, clientId: config.appKey, clientSecret: config.appSecret, fetch: fetchImpl }),
    onCallback: streamCallbackHandler(deps, { fetch: fetchImpl, log: client.log }),
  });
}
