import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ConfigError } from '../../src/config';
import { processFamilies, renderFamilies, resetMetrics } from '../../src/metrics';
import { workerConfig } from '../../src/workers/env';
import { getJson } from '../helpers/harness';
import { PATHS } from '../fakes/dingtalk-api';
import { cardFrame, makeDingtalkStreamHarness, robotFrame, streamTextData, TOPIC_CARD, TOPIC_ROBOT, type StreamKit } from './stream-support';
import { APP_KEY, APP_SECRET, NOTHING_WRITTEN, ROBOT_CODE, cardClickBody, postCardClick, postRobot, rowsWritten, textCallback } from './support';

let kit: StreamKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

const NOTHING = NOTHING_WRITTEN;

const repliesTo = (k: StreamKit, userId: string) => k.fake.deliveriesTo(userId).map((d) => d.msgParam?.content ?? d.msgParam?.title ?? '');
const waiting = (e: Record<string, unknown>) => e.state === 'waiting';
const opened = (e: Record<string, unknown>) => e.state === 'open';

describe('DingTalk Stream: connecting', () => {
  it('registers robot messages and card callbacks with the app credentials, then connects with the one-time ticket', async () => {
    kit = await makeDingtalkStreamHarness();
    expect(kit.gateway.opens).toHaveLength(1);
    const open = kit.gateway.opens[0];
    expect(open).toMatchObject({ clientId: APP_KEY, clientSecret: APP_SECRET });
    expect(open.subscriptions).toEqual(
      expect.arrayContaining([
        { type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' },
        { type: 'CALLBACK', topic: '/v1.0/card/instances/callback' },
      ]),
    );
    expect(kit.client.status()).toMatchObject({ state: 'open', reconnects: 0 });
  });

  it('shows the connection state on /healthz', async () => {
    kit = await makeDingtalkStreamHarness();
    const stream = kit.client;
    // As src/node.ts wires it.
    kit.h.deps.connections = () => ({ dingtalkStream: stream.status() });
    const res = await getJson(kit.h.app, '/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, connections: { dingtalkStream: { state: 'open', reconnects: 0 } } });
  });

  it('answers a SYSTEM ping with its opaque data and acknowledges events as consumed', async () => {
    kit = await makeDingtalkStreamHarness();
    const pong = await kit.gateway.ping();
    expect(pong.code).toBe(200);
    expect(JSON.parse(pong.data)).toEqual({ opaque: expect.stringMatching(/^opaque-/) });
    const event = await kit.gateway.event({ eventType: 'user_add_org', userId: ['u1'] });
    expect(JSON.parse(event.data)).toMatchObject({ status: 'SUCCESS' });
    expect(await rowsWritten(kit)).toEqual(NOTHING);
  });

  it('says in Chinese why it cannot connect when the gateway refuses the credentials, and keeps retrying', async () => {
    kit = await makeDingtalkStreamHarness();
    kit.gateway.failOpens(401, { code: 'InvalidAuthentication', message: 'clientId 或 clientSecret 无效' }, 2);
    kit.gateway.close(kit.gateway.connections[0]!);
    await kit.loggedWhen(waiting);
    kit.timers.advance(1_000);
    await kit.loggedWhen(waiting, 2);
    expect(kit.client.status()).toMatchObject({ state: 'waiting', retryInMs: 2_000 });
    expect(kit.client.status().lastError).toContain('DINGTALK_APP_KEY');
    expect(kit.client.status().lastError).toContain('clientId 或 clientSecret 无效');
    kit.timers.advance(2_000);
    await kit.loggedWhen(waiting, 3);
    kit.timers.advance(4_000);
    await kit.gateway.connectionWhen(2);
    await kit.loggedWhen(opened, 2);
    expect(kit.client.status()).toMatchObject({ state: 'open', reconnects: 1 });
  });

  it('backs off 1 s, 2 s, 4 s … up to 60 s while the gateway cannot be reached', async () => {
    kit = await makeDingtalkStreamHarness();
    kit.gateway.failOpens(503, { code: 'ServiceUnavailable', message: '服务暂不可用' }, 9);
    kit.gateway.close(kit.gateway.connections[0]!);
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 9; attempt++) {
      await kit.loggedWhen(waiting, attempt);
      delays.push(kit.client.status().retryInMs!);
      kit.timers.advance(kit.client.status().retryInMs!);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    await kit.loggedWhen(waiting, 10);
    kit.timers.advance(60_000);
    await kit.loggedWhen(opened, 2);
  });

  it('refuses HTTP callbacks, even correctly signed ones: messages come only over the connection', async () => {
    kit = await makeDingtalkStreamHarness();
    const robot = await postRobot(kit.h, textCallback({ from: 'dt_majun', text: '/帮助' }));
    expect(robot.status).toBe(404);
    expect(robot.json.error).toContain('Stream 模式');
    const card = await postCardClick(kit.h, cardClickBody({ userId: 'dt_majun', outTrackId: 'duban-x', params: { action: 'leave.approve' } }));
    expect(card.status).toBe(404);
    expect(await rowsWritten(kit)).toEqual(NOTHING);
    expect(kit.fake.requests).toEqual([]);
  });

  it('is refused on Cloudflare Workers with a clear message', () => {
    const env = { DB: {} as never, DINGTALK_APP_KEY: APP_KEY, DINGTALK_APP_SECRET: APP_SECRET, DINGTALK_ROBOT_CODE: ROBOT_CODE, DINGTALK_MODE: 'stream' };
    expect(() => workerConfig(env)).toThrow(ConfigError);
    expect(() => workerConfig(env)).toThrow(/Workers 不支持钉钉 Stream 模式/);
  });
});

describe('DingTalk Stream: robot messages', () => {
  it('runs a command and ACKs the frame; the reply goes out through the robot API', async () => {
    kit = await makeDingtalkStreamHarness();
    const { ack, messageId } = await robotFrame(kit, { from: 'dt_majun', text: '/帮助' });
    expect(ack).toEqual({ code: 200, headers: { contentType: 'application/json', messageId }, message: 'OK', data: JSON.stringify({ response: null }) });
    expect(kit.fake.calls(PATHS.batchSend)).toHaveLength(1);
    expect(kit.fake.deliveriesTo('dt_majun')).toHaveLength(1);
  });

  it('counts each frame in /metrics like a webhook request (inbound by platform and outcome)', async () => {
    resetMetrics();
    kit = await makeDingtalkStreamHarness();
    await robotFrame(kit, { from: 'dt_majun', text: '/帮助' });
    expect(renderFamilies(processFamilies())).toContain('duban_inbound_total{platform="dingtalk",outcome="accepted"} 1');
  });

  it('processes a message pushed twice with the same messageId once, and ACKs both', async () => {
    kit = await makeDingtalkStreamHarness();
    const data = streamTextData(kit, { from: 'dt_majun', text: '/帮助' });
    const first = await kit.deliver(TOPIC_ROBOT, data);
    const again = await kit.deliver(TOPIC_ROBOT, data, { messageId: first.messageId });
    expect(again.ack.code).toBe(200);
    expect(kit.fake.deliveriesTo('dt_majun')).toHaveLength(1);
  });

  it('processes the same msgId once even when the gateway pushes it again under a new messageId', async () => {
    kit = await makeDingtalkStreamHarness();
    const data = streamTextData(kit, { from: 'dt_majun', text: '/帮助' });
    await kit.deliver(TOPIC_ROBOT, data);
    await kit.deliver(TOPIC_ROBOT, data);
    expect(kit.fake.deliveriesTo('dt_majun')).toHaveLength(1);
  });

  it('answers an unregistered sender through the message’s sessionWebhook, as plain text, and writes nothing else', async () => {
    kit = await makeDingtalkStreamHarness();
    await robotFrame(kit, { from: 'dt_nobody', text: '/帮助 [点我](https://evil.example) @all' });
    const [reply] = kit.fake.deliveriesTo('dt_nobody');
    expect(reply).toMatchObject({ api: 'session', msgKey: 'sampleText' });
    expect(reply!.msgParam.content).toContain('区政府办');
    expect(reply!.msgParam.content).not.toContain('evil.example');
    expect(kit.fake.calls(PATHS.batchSend)).toEqual([]);
    expect((await rowsWritten(kit)).outbox).toBe(0);
  });

  it('answers a picture with nothing to attach it to with a hint through the sessionWebhook', async () => {
    kit = await makeDingtalkStreamHarness();
    const data = { ...streamTextData(kit, { from: 'dt_majun', text: '' }), msgtype: 'picture', text: undefined, content: { downloadCode: 'x' } };
    await kit.deliver(TOPIC_ROBOT, data);
    expect(repliesTo(kit, 'dt_majun')).toEqual([expect.stringContaining('要添加佐证材料')]);
  });

  it('never posts to a sessionWebhook outside the configured DingTalk host', async () => {
    kit = await makeDingtalkStreamHarness();
    const data = {
      ...streamTextData(kit, { from: 'dt_nobody', text: 'hi' }),
      sessionWebhook: 'https://evil.example/robot/sendBySession?session=user.dt_nobody',
    };
    const { ack } = await kit.deliver(TOPIC_ROBOT, data);
    expect(ack.code).toBe(200);
    expect(kit.fake.deliveries).toEqual([]);
    expect(kit.logs.some((e) => String(e.error ?? '').includes('sessionWebhook 不是'))).toBe(true);
  });

  it.each([
    ['data that is not JSON', '{"msgId": ', '不是合法的 JSON'],
    ['a message without msgId', { conversationType: '1', conversationId: 'c', msgtype: 'text', text: { content: '/帮助' } }, 'msgId'],
    ['a numeric conversationType', { msgId: 'm1', conversationType: 1, conversationId: 'c', msgtype: 'text' }, 'conversationType'],
  ])('ACKs %s, logs why in Chinese and changes nothing', async (_name, data, reason) => {
    kit = await makeDingtalkStreamHarness();
    const { ack } = await kit.deliver(TOPIC_ROBOT, data);
    expect(ack.code).toBe(200);
    expect(kit.logs.some((e) => e.rejected === TOPIC_ROBOT && String(e.error).includes(reason))).toBe(true);
    expect(await rowsWritten(kit)).toEqual(NOTHING);
    expect(kit.fake.requests).toEqual([]);
  });
});

describe('DingTalk Stream: interactive cards', () => {
  it('creates cards with callbackType STREAM (no callback route) and answers a click in the ACK', async () => {
    kit = await makeDingtalkStreamHarness({ interactive: true });
    await robotFrame(kit, { from: 'dt_majun', text: '/请假' });
    const card = [...kit.fake.cards.values()][0];
    expect(card).toMatchObject({ callbackType: 'STREAM', callbackRouteKey: undefined });
    const { ack } = await cardFrame(kit, { userId: 'dt_majun', outTrackId: card!.outTrackId, params: { action: 'no-such-action' } });
    expect(ack.code).toBe(200);
    const { response } = JSON.parse(ack.data);
    expect(response.userPrivateData.cardParamMap).toMatchObject({ notice_kind: 'error', notice: expect.stringContaining('按钮已失效') });
  });

  it('answers a click from an unregistered person with the stranger toast and changes nothing', async () => {
    kit = await makeDingtalkStreamHarness({ interactive: true });
    const { ack } = await kit.deliver(TOPIC_CARD, cardClickBody({ userId: 'dt_nobody', outTrackId: 'duban-x', params: { action: 'leave.approve' } }));
    expect(JSON.parse(ack.data).response.userPrivateData.cardParamMap.notice).toContain('区政府办');
    expect(await rowsWritten(kit)).toEqual(NOTHING);
  });

  it('logs a click without params.action and changes nothing', async () => {
    kit = await makeDingtalkStreamHarness({ interactive: true });
    const body = { ...cardClickBody({ userId: 'dt_majun', outTrackId: 'duban-x', params: {} }) };
    const { ack } = await kit.deliver(TOPIC_CARD, body);
    expect(JSON.parse(ack.data)).toEqual({ response: null });
    expect(kit.logs.some((e) => String(e.error).includes('params.action'))).toBe(true);
    expect(await rowsWritten(kit)).toEqual(NOTHING);
  });
});

describe('DingTalk Stream: staying connected', () => {
  it('pings every 15 s and reconnects with a fresh ticket when the socket goes silent for 45 s; the frame it swallowed is processed once', async () => {
    kit = await makeDingtalkStreamHarness();
    const first = kit.gateway.connections[0]!;
    kit.timers.advance(15_000);
    await kit.gateway.ping();
    expect(first.pings).toBeGreaterThanOrEqual(1);
    kit.gateway.silence(first);
    const messageId = kit.gateway.push(TOPIC_ROBOT, streamTextData(kit, { from: 'dt_majun', text: '/帮助' }));
    kit.timers.advance(45_000);
    await kit.gateway.closedWhen(1);
    await kit.loggedWhen(waiting);
    expect(kit.client.status().lastError).toContain('45 秒内没有收到');
    kit.timers.advance(1_000);
    const second = await kit.gateway.connectionWhen(2);
    await kit.gateway.ackWhen(messageId);
    await kit.h.settle();
    expect(kit.gateway.opens).toHaveLength(2);
    expect(second.acks.map((a) => a.headers.messageId)).toEqual([messageId]);
    expect(kit.fake.deliveriesTo('dt_majun')).toHaveLength(1);
  });

  it('reconnects after the gateway drops the socket, and what was not ACKed comes again and is processed once', async () => {
    kit = await makeDingtalkStreamHarness();
    await robotFrame(kit, { from: 'dt_majun', text: '/帮助' });
    kit.gateway.close(kit.gateway.connections[0]!);
    await kit.loggedWhen(waiting);
    kit.timers.advance(1_000);
    await kit.loggedWhen(opened, 2);
    await robotFrame(kit, { from: 'dt_majun', text: '/帮助' });
    expect(kit.fake.deliveriesTo('dt_majun')).toHaveLength(2);
    expect(kit.client.status()).toMatchObject({ state: 'open', reconnects: 1 });
  });

  it('resets the backoff only once a connection has stayed up for 45 s', async () => {
    kit = await makeDingtalkStreamHarness();
    kit.gateway.close(kit.gateway.connections[0]!);
    await kit.loggedWhen(waiting);
    expect(kit.client.status().retryInMs).toBe(1_000);
    kit.timers.advance(1_000);
    await kit.loggedWhen(opened, 2);
    // Dropped at once: the next wait doubles.
    kit.gateway.close(kit.gateway.connections[1]!);
    await kit.loggedWhen(waiting, 2);
    expect(kit.client.status().retryInMs).toBe(2_000);
    kit.timers.advance(2_000);
    await kit.loggedWhen(opened, 3);
    // Up for 45 s (a frame at 30 s keeps the watchdog quiet): the next drop waits 1 s again.
    kit.timers.advance(30_000);
    await robotFrame(kit, { from: 'dt_majun', text: '/帮助' });
    kit.timers.advance(15_000);
    kit.gateway.close(kit.gateway.connections[2]!);
    await kit.loggedWhen(waiting, 3);
    expect(kit.client.status().retryInMs).toBe(1_000);
  });

  it('on disconnect opens a new connection at once and still takes what the old one delivers before it closes', async () => {
    kit = await makeDingtalkStreamHarness();
    const old = kit.gateway.disconnect();
    const fresh = await kit.gateway.connectionWhen(2);
    await kit.loggedWhen(opened, 2);
    expect(kit.timers.pending()).toBeGreaterThan(0);
    const late = kit.gateway.push(TOPIC_ROBOT, streamTextData(kit, { from: 'dt_majun', text: '/帮助' }), { on: old });
    expect((await kit.gateway.ackWhen(late)).code).toBe(200);
    expect(old.acks.map((a) => a.headers.messageId)).toContain(late);
    kit.gateway.close(old);
    await kit.gateway.closedWhen(1);
    const next = kit.gateway.push(TOPIC_ROBOT, streamTextData(kit, { from: 'dt_majun', text: '/帮助' }));
    await kit.gateway.ackWhen(next);
    await kit.h.settle();
    expect(fresh.acks.map((a) => a.headers.messageId)).toContain(next);
    expect(kit.fake.deliveriesTo('dt_majun')).toHaveLength(2);
    expect(kit.client.status().state).toBe('open');
    expect(kit.logs.filter(waiting)).toEqual([]);
  });

  it('reconnects after a socket error that never comes with a close (dingtalk-stream-sdk-nodejs issue 13)', async () => {
    const sockets: WebSocket[] = [];
    kit = await makeDingtalkStreamHarness({ createSocket: (url) => sockets[sockets.push(new WebSocket(url)) - 1]! });
    // What the SDK saw: an `error` event and then nothing, the socket object left as it was.
    sockets[0]!.emit('error', new Error('read ECONNRESET'));
    await kit.loggedWhen(waiting);
    expect(kit.client.status().lastError).toContain('ECONNRESET');
    await kit.gateway.closedWhen(1);
    kit.timers.advance(1_000);
    await kit.loggedWhen(opened, 2);
    await robotFrame(kit, { from: 'dt_majun', text: '/帮助' });
    expect(kit.fake.deliveriesTo('dt_majun')).toHaveLength(1);
  });

  it('stops cleanly: no socket, no timer left behind', async () => {
    kit = await makeDingtalkStreamHarness();
    await kit.client.stop();
    await kit.gateway.closedWhen(1);
    expect(kit.client.status().state).toBe('stopped');
    expect(kit.timers.pending()).toBe(0);
  });
});
