import type WebSocket from 'ws';
import { startDingtalkStream } from '../../src/platforms/dingtalk/stream/wire';
import type { StreamClient } from '../../src/platforms/dingtalk/stream/connection';
import { TOPIC_CARD, TOPIC_ROBOT } from '../../src/platforms/dingtalk/stream/ticket';
import { startDingtalkStreamFake, type DingtalkStreamFake, type StreamAck } from '../fakes/dingtalk-stream';
import { manualTimers, type ManualTimers } from '../helpers/manual-timers';
import { APP_KEY, APP_SECRET, cardClickBody, fixture, makeDingtalkHarness, textCallback, type DingtalkKit } from './support';

/**
 * DingTalk in Stream mode for tests: the app (DINGTALK_MODE=stream) with its real Stream client
 * connected over loopback to the fake gateway, on manual timers; sends still go to the fake OpenAPI.
 */
export interface StreamKit extends DingtalkKit {
  gateway: DingtalkStreamFake;
  client: StreamClient;
  timers: ManualTimers;
  /** What the client logged (state changes, rejected frames). */
  logs: Array<Record<string, unknown>>;
  /** Resolves once the client has logged `count` entries matching `match` (state changes, rejected frames…). */
  loggedWhen(match: (entry: Record<string, unknown>) => boolean, count?: number): Promise<void>;
  /** Pushes a frame, waits for its ACK and for the work it deferred (delivery, session replies). */
  deliver(topic: string, data: unknown, options?: { messageId?: string }): Promise<{ messageId: string; ack: StreamAck }>;
}

export async function makeDingtalkStreamHarness(
  options: { now?: string; interactive?: boolean; env?: Record<string, string>; createSocket?: (url: string) => WebSocket } = {},
): Promise<StreamKit> {
  const kit = await makeDingtalkHarness({ now: options.now, interactive: options.interactive, env: { DINGTALK_MODE: 'stream', ...options.env } });
  const gateway = await startDingtalkStreamFake({ clientId: APP_KEY, clientSecret: APP_SECRET });
  const timers = manualTimers();
  const logs: Array<Record<string, unknown>> = [];
  const listeners = new Set<() => void>();
  const log = (entry: Record<string, unknown>) => {
    logs.push(entry);
    for (const listener of [...listeners]) listener();
  };
  const loggedWhen = (match: (entry: Record<string, unknown>) => boolean, count = 1) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (logs.filter(match).length < count) return;
        listeners.delete(check);
        resolve();
      };
      listeners.add(check);
      check();
    });
  const client = startDingtalkStream(kit.h.deps, { baseUrl: gateway.url, timers, log, createSocket: options.createSocket });
  await loggedWhen((e) => e.state === 'open');
  return {
    ...kit,
    gateway,
    client,
    timers,
    logs,
    loggedWhen,
    async deliver(topic, data, deliverOptions) {
      const messageId = gateway.push(topic, data, deliverOptions);
      const ack = await gateway.ackWhen(messageId);
      await kit.h.settle();
      return { messageId, ack };
    },
    async close() {
      await client.stop();
      await gateway.stop();
      await kit.close();
    },
  };
}

/** A text message as the Stream gateway pushes it: the HTTP body (same JSON), its sessionWebhook on the fake oapi host. */
export function streamTextData(kit: DingtalkKit, options: Parameters<typeof textCallback>[0]) {
  const session = options.group ? `group.${options.group}` : `user.${options.from}`;
  return { ...fixture('stream-robot-data-text-1to1.json'), ...textCallback(options), sessionWebhook: `${kit.fake.url}/robot/sendBySession?session=${session}` };
}

export const robotFrame = (kit: StreamKit, options: Parameters<typeof streamTextData>[1]) => kit.deliver(TOPIC_ROBOT, streamTextData(kit, options));

/** A card click as the gateway pushes it on TOPIC_CARD: the same payload as the HTTP callback. */
export const cardFrame = (kit: StreamKit, options: Parameters<typeof cardClickBody>[0]) => kit.deliver(TOPIC_CARD, cardClickBody(options));

export { TOPIC_CARD, TOPIC_ROBOT };
