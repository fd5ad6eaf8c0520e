import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config';
import { setLogger, type LogFields } from '../../src/log';
import { processFamilies, renderFamilies, resetMetrics } from '../../src/metrics';
import { workerConfig } from '../../src/workers/env';
import { getJson, type Harness } from '../helpers/harness';
import { feishuRig, WS_APP, type FeishuRig } from './driver';
import { cardActionEvent, deliver, ENCRYPT_KEY, encryptLikeFeishu, menuEvent, messageEvent, writtenRows } from './helpers';

const NOW = '2026-11-26T09:00:00+08:00';

describe('the long connection itself (FEISHU_MODE=ws)', () => {
  let rig: FeishuRig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  const majun = 'ou_demo_majun';
  const repliesTo = (r: FeishuRig, messageId: string) => r.fake.messages.filter((m) => m.replyTo === messageId);

  it('connects with the endpoint handshake, answers pings, and shows its state on /healthz', async () => {
    rig = await feishuRig({ now: NOW, transport: 'ws' });
    expect(rig.gateway!.handshakes[0]!.body).toEqual({ AppID: WS_APP.appId, AppSecret: WS_APP.appSecret });
    expect(rig.gateway!.pings).toBeGreaterThanOrEqual(1);
    const health = await getJson(rig.h.app, '/healthz');
    expect(health.body).toMatchObject({ ok: true, feishu: { mode: 'ws', state: 'connected', restarts: 0 } });
    expect(typeof health.body.feishu.since).toBe('string');
  });

  it('a message and a menu click are answered; an event in fragments is merged first', async () => {
    rig = await feishuRig({ now: NOW, transport: 'ws' });
    expect((await rig.send(messageEvent({ openId: majun, text: '/帮助', messageId: 'om_ws_1' }))).status).toBe(200);
    expect((await rig.gateway!.push(messageEvent({ openId: majun, text: '/帮助', messageId: 'om_ws_2' }), { fragments: 3 })).code).toBe(200);
    expect((await rig.send(menuEvent({ openId: majun, eventKey: 'help' }))).status).toBe(200);
    await rig.h.settle();
    expect(repliesTo(rig, 'om_ws_1')).toHaveLength(1);
    expect(repliesTo(rig, 'om_ws_2')).toHaveLength(1);
    expect(rig.fake.messages.filter((m) => m.receiveId === majun && m.replyTo === undefined)).toHaveLength(1);
  });

  it('each event is counted in /metrics like a webhook request (inbound by platform and outcome)', async () => {
    resetMetrics();
    rig = await feishuRig({ now: NOW, transport: 'ws' });
    await rig.send(messageEvent({ openId: majun, text: '/帮助', messageId: 'om_ws_metrics' }));
    const text = renderFamilies(processFamilies());
    expect(text).toContain('duban_inbound_total{platform="feishu",outcome="accepted"} 1');
  });

  it('an event encrypted with the Encrypt Key is decrypted; one encrypted with another key is refused and writes nothing', async () => {
    rig = await feishuRig({ now: NOW, transport: 'ws' });
    const event = (messageId: string) => JSON.stringify(messageEvent({ openId: majun, text: '/帮助', messageId }));
    expect((await rig.gateway!.push({ encrypt: encryptLikeFeishu(ENCRYPT_KEY, event('om_encrypted')) })).code).toBe(200);
    expect(await rig.gateway!.push({ encrypt: encryptLikeFeishu('another-key', event('om_wrong_key')) })).toEqual({ code: 200 });
    await rig.h.settle();
    expect(repliesTo(rig, 'om_encrypted')).toHaveLength(1);
    expect(repliesTo(rig, 'om_wrong_key')).toHaveLength(0);
  });

  it('a card callback’s answer (toast, card) comes back in the ACK; a stranger’s click writes nothing', async () => {
    rig = await feishuRig({ now: NOW, transport: 'ws' });
    const ack = await rig.gateway!.push(cardActionEvent({ openId: 'ou_stranger', value: { action: 'leave.approve', id: '1' }, messageId: 'om_card' }));
    expect(ack.code).toBe(200);
    expect(ack.data.toast).toMatchObject({ type: 'error' });
    expect(ack.data.toast.content).toContain('尚未登记');
    expect(await writtenRows(rig.h)).toEqual({ inbound: 0, outbox: 0, audit: 0 });
  });

  it('a malformed event is acknowledged and changes nothing (sent again it would fail again)', async () => {
    rig = await feishuRig({ now: NOW, transport: 'ws' });
    const ack = await rig.gateway!.push({ schema: '2.0', header: { event_id: 'ev_bad', event_type: 'im.message.receive_v1' }, event: {} });
    expect(ack).toEqual({ code: 200 });
    expect(await writtenRows(rig.h)).toEqual({ inbound: 0, outbox: 0, audit: 0 });
  });

  it('an internal error is ACKed as a failure (code 500) and writes nothing; the event sent again is handled once', async () => {
    rig = await feishuRig({ now: NOW, transport: 'ws' });
    const deps = rig.h.deps;
    const loadDirectory = deps.loadDirectory;
    deps.loadDirectory = async () => {
      deps.loadDirectory = loadDirectory;
      throw new Error('disk failure');
    };
    const event = messageEvent({ openId: majun, text: '/帮助', messageId: 'om_internal_error' });
    expect(await rig.gateway!.push(event)).toEqual({ code: 500 });
    expect(await writtenRows(rig.h)).toEqual({ inbound: 0, outbox: 0, audit: 0 });
    // Feishu delivers an event ACKed with a failure again.
    expect((await rig.gateway!.push(event)).code).toBe(200);
    await rig.h.settle();
    expect(repliesTo(rig, 'om_internal_error')).toHaveLength(1);
  });

  it('a dropped socket reconnects at once; what came meanwhile or lost its ACK is handled exactly once', async () => {
    rig = await feishuRig({ now: NOW, transport: 'ws' });
    const { gateway } = rig;
    gateway!.drop();
    // Sent while the socket is down: held by the gateway and delivered on the new connection.
    const meanwhile = rig.send(messageEvent({ openId: majun, text: '/帮助', messageId: 'om_meanwhile' }));
    await gateway!.connection(2);
    expect((await meanwhile).status).toBe(200);
    // Processed, but its ACK is lost with the socket: Feishu delivers it again after the reconnect.
    expect((await gateway!.push(messageEvent({ openId: majun, text: '/帮助', messageId: 'om_lost_ack' }), { loseAck: true })).code).toBe(200);
    expect(gateway!.connections).toBe(3);
    await rig.h.settle();
    expect(repliesTo(rig, 'om_meanwhile')).toHaveLength(1);
    expect(repliesTo(rig, 'om_lost_ack')).toHaveLength(1);
    expect(rig.connection!.status()).toMatchObject({ state: 'connected', restarts: 2 });
  });

  it('a socket gone silent (no pong) is ended 30 s after a ping and reconnected; what waited meanwhile is handled once', async () => {
    // The SDK's ping loop and watchdog run on the global timers: faked here (I/O stays real), so the
    // 120-second ping interval and the 30-second pong timeout pass without waiting.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      rig = await feishuRig({ now: NOW, transport: 'ws' });
      const gateway = rig.gateway!;
      // One event's round trip: the client has read the first pong (sent before it) and disarmed the watchdog.
      expect((await rig.send(messageEvent({ openId: majun, text: '/帮助', messageId: 'om_before' }))).status).toBe(200);
      gateway.silence();
      const meanwhile = rig.send(messageEvent({ openId: majun, text: '/帮助', messageId: 'om_silent' }));
      // The next ping goes unanswered; 29 s later the socket is still taken for alive.
      await vi.advanceTimersByTimeAsync(120_000 + 29_000);
      expect(gateway.connections).toBe(1);
      expect(rig.connection!.status().state).toBe('connected');
      // At 30 s the watchdog (the next timer) ends it; the socket's close schedules the SDK's reconnect
      // (ReconnectNonce 0: due at once), run here with the timers due now — never the 15 s request timeouts.
      await vi.advanceTimersToNextTimerAsync();
      while (gateway.connections < 2) {
        await new Promise((resolve) => setImmediate(resolve));
        await vi.advanceTimersByTimeAsync(0);
      }
      expect((await meanwhile).status).toBe(200);
      await rig.h.settle();
      expect(repliesTo(rig, 'om_silent')).toHaveLength(1);
      expect(rig.connection!.status()).toMatchObject({ state: 'connected', restarts: 1 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('when the SDK gives up (app secret refused), a new client is started after a backoff', async () => {
    const delays: number[] = [];
    rig = await feishuRig({
      now: NOW,
      transport: 'ws',
      beforeConnect: (gateway) => gateway.refuse(514, 2),
      connection: {
        schedule: (task, ms) => {
          delays.push(ms);
          setImmediate(task);
          return () => {};
        },
      },
    });
    expect(delays).toEqual([5_000, 10_000]);
    expect(rig.connection!.status()).toMatchObject({ state: 'connected', restarts: 2 });
    expect((await rig.send(messageEvent({ openId: majun, text: '/帮助', messageId: 'om_after_restart' }))).status).toBe(200);
  });

  it('state changes are lines of the service log: the failure at error level, the SDK’s complaint at warn, the reconnection at info', async () => {
    const lines: Array<{ level: string; msg: string } & LogFields> = [];
    const at = (level: string) => (fields: LogFields, msg: string) => void lines.push({ ...fields, level, msg });
    const previous = setLogger({ debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') });
    try {
      rig = await feishuRig({
        now: NOW,
        transport: 'ws',
        beforeConnect: (gateway) => gateway.refuse(514, 1),
        connection: {
          log: undefined,
          schedule: (task) => {
            setImmediate(task);
            return () => {};
          },
        },
      });
    } finally {
      setLogger(previous);
    }
    const ours = lines.filter((l) => l.msg === 'feishu long connection');
    expect(ours.find((l) => l.state === 'failed')).toMatchObject({ level: 'error', error: expect.stringContaining('code=514') });
    expect(ours.find((l) => l.sdk === 'error')).toMatchObject({ level: 'warn' });
    expect(ours.at(-1)).toMatchObject({ level: 'info', state: 'connected', restarts: 1 });
  });

  it('/healthz answers 503 naming the reason while the SDK has given up, and 200 again once a restart connects', async () => {
    let whileFailed: Promise<{ status: number; body: any }> | undefined;
    let harness: Harness | undefined;
    rig = await feishuRig({
      now: NOW,
      transport: 'ws',
      beforeConnect: (gateway, h) => {
        gateway.refuse(514, 1);
        harness = h;
      },
      connection: {
        // The restart waits until /healthz has answered in the failed state.
        schedule: (task) => {
          whileFailed = getJson(harness!.app, '/healthz').finally(task);
          return () => {};
        },
      },
    });
    const failed = await whileFailed!;
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({ ok: false, feishu: { mode: 'ws', state: 'failed' } });
    expect(failed.body.error).toContain('飞书长连接已断开');
    expect(failed.body.error).toContain('code=514');
    expect(await getJson(rig.h.app, '/healthz')).toMatchObject({ status: 200, body: { ok: true, feishu: { state: 'connected', restarts: 1 } } });
  });

  it('the webhook route answers 404 in ws mode, and nothing is written', async () => {
    rig = await feishuRig({ now: NOW, transport: 'ws' });
    const res = await deliver(rig.h, messageEvent({ openId: majun, text: '/帮助' }));
    expect(res.status).toBe(404);
    expect(res.body.error).toContain('FEISHU_MODE=ws');
    expect(await writtenRows(rig.h)).toEqual({ inbound: 0, outbox: 0, audit: 0 });
  });
});

describe('FEISHU_MODE configuration', () => {
  const base = { FEISHU_APP_ID: WS_APP.appId, FEISHU_APP_SECRET: 'secret' };

  it('defaults to webhook; ws needs neither Encrypt Key nor Verification Token', () => {
    expect(parseConfig({ ...base, FEISHU_VERIFICATION_TOKEN: 't' }).feishu!.mode).toBe('webhook');
    expect(parseConfig({ ...base, FEISHU_MODE: 'ws' }).feishu!.mode).toBe('ws');
  });

  it('refuses other values and an App ID the SDK would silently ignore', () => {
    expect(() => parseConfig({ ...base, FEISHU_MODE: 'socket' })).toThrow(/FEISHU_MODE: 只能是 webhook 或 ws/);
    expect(() => parseConfig({ ...base, FEISHU_APP_ID: 'cli_test', FEISHU_MODE: 'ws' })).toThrow(/FEISHU_APP_ID: 长连接模式要求/);
  });

  it('is a configuration error on Workers, which cannot hold a socket', () => {
    expect(() => workerConfig({ DB: {} as never, ...base, FEISHU_MODE: 'ws' })).toThrow(/Cloudflare Workers 不支持飞书长连接/);
  });
});
