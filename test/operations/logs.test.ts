import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLogger, type LogFields, type Logger } from '../../src/log';
import { noteDelivery, resetMetrics } from '../../src/metrics';
import { nodeLogger } from '../../src/node/logger';
import { consoleJsonLogger } from '../../src/log';
import { makeHarness, type Harness } from '../helpers/harness';
import { sandboxUser } from '../helpers/sandbox';
import { manualTimers } from '../helpers/manual-timers';
import { startStreamClient } from '../../src/platforms/dingtalk/stream/connection';

interface Line extends LogFields {
  level: string;
  msg: string;
}

let lines: Line[];
let previous: Logger;
let h: Harness | undefined;

function capture(): Logger {
  const at = (level: string) => (fields: LogFields, msg: string) => void lines.push({ ...fields, level, msg });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

beforeEach(() => {
  lines = [];
  resetMetrics();
  previous = setLogger(capture());
});
afterEach(() => {
  setLogger(previous);
  h?.close();
  h = undefined;
});

const FEISHU_ENV = { FEISHU_APP_ID: 'cli_test', FEISHU_APP_SECRET: 'secret', FEISHU_VERIFICATION_TOKEN: 'verification-token', SANDBOX: '1' };

describe('logs: one line per inbound event, carrying the request id', () => {
  it('a sandbox message: one inbound line with the id the response echoes, and one line per delivery', async () => {
    h = await makeHarness();
    const res = await h.app.request('/sandbox/api/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-from-proxy-1' },
      body: JSON.stringify({ as: 'tangwei', chat: 'p2p', text: '/帮助' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('req-from-proxy-1');
    const inbound = lines.filter((l) => l.event === 'inbound');
    expect(inbound).toEqual([
      expect.objectContaining({
        level: 'info',
        platform: 'sandbox',
        outcome: 'accepted',
        status: 200,
        requestId: 'req-from-proxy-1',
        path: '/sandbox/api/messages',
      }),
    ]);
    const deliveries = lines.filter((l) => l.event === 'delivery');
    expect(deliveries.length).toBeGreaterThanOrEqual(1);
    expect(deliveries[0]).toMatchObject({ level: 'info', platform: 'sandbox', outcome: 'sent', attempt: 1 });
  });

  it('a request without X-Request-Id gets a new one; the message text is never logged', async () => {
    h = await makeHarness();
    await sandboxUser(h, 'tangwei').say('/帮助 私密内容');
    const [inbound] = lines.filter((l) => l.event === 'inbound');
    expect(inbound!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(lines)).not.toContain('私密内容');
  });

  it('a Feishu request with a wrong verification token: one line, outcome rejected', async () => {
    h = await makeHarness({ env: FEISHU_ENV });
    const res = await h.app.request('/webhooks/feishu', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'url_verification', token: 'wrong', challenge: 'x' }),
    });
    expect(res.status).toBe(401);
    expect(lines.filter((l) => l.event === 'inbound')).toEqual([expect.objectContaining({ platform: 'feishu', outcome: 'rejected', status: 401 })]);
  });

  it('a request that fails inside: the 500 is logged at error level with its request id', async () => {
    h = await makeHarness();
    (h.deps as { db: unknown }).db = new Proxy(h.db, {
      get: () => {
        throw new Error('database gone');
      },
    });
    const res = await h.app.request('/sandbox/api/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-500' },
      body: JSON.stringify({ as: 'tangwei', chat: 'p2p', text: '/帮助' }),
    });
    expect(res.status).toBe(500);
    expect(lines.find((l) => l.msg === 'request failed')).toMatchObject({ level: 'error', requestId: 'req-500', err: { message: 'database gone' } });
    expect(lines.find((l) => l.event === 'inbound')).toMatchObject({ level: 'error', outcome: 'error', requestId: 'req-500' });
  });
});

describe('logs: one line per delivery outcome', () => {
  const row = { id: 7, platform: 'feishu', op: 'send', attempts: 2, createdAt: new Date('2026-11-26T01:00:00Z') };
  const at = new Date('2026-11-26T01:00:03Z');

  it('a retried attempt is a warning, a given-up one an error with its reason', () => {
    noteDelivery({ row, outcome: { kind: 'error', permanent: false, error: 'HTTP 502' }, at, maxAttempts: 5 });
    noteDelivery({ row: { ...row, attempts: 5 }, outcome: { kind: 'error', permanent: false, error: 'HTTP 502' }, at, maxAttempts: 5 });
    noteDelivery({ row, outcome: { kind: 'error', permanent: true, error: '机器人不在群内' }, at, maxAttempts: 5 });
    expect(lines.map((l) => [l.level, l.outcome, l.error])).toEqual([
      ['warn', 'retrying', 'HTTP 502'],
      ['error', 'failed', 'HTTP 502'],
      ['error', 'failed', '机器人不在群内'],
    ]);
    expect(lines[0]).toMatchObject({ event: 'delivery', outboxId: 7, attempt: 2, latencySeconds: 3 });
  });
});

describe('logs: long connections write to the same log', () => {
  it('DingTalk Stream: a state change is a line of the service log, waiting to reconnect a warning', async () => {
    const timers = manualTimers();
    const client = startStreamClient({
      openTicket: () => Promise.reject(new Error('无法访问钉钉 Stream 网关')),
      onCallback: async () => undefined,
      timers,
    });
    try {
      await vi.waitFor(() => expect(client.status().state).toBe('waiting'));
      expect(lines.map((l) => [l.level, l.msg, l.state])).toEqual([
        ['info', 'dingtalk stream', 'connecting'],
        ['warn', 'dingtalk stream', 'waiting'],
      ]);
      expect(lines[1]).toMatchObject({ reason: expect.stringContaining('无法访问钉钉 Stream 网关'), retryInMs: 1_000 });
    } finally {
      await client.stop();
    }
  });
});

describe('log formats', () => {
  it('Node: pino writes one JSON object per line with level, ISO time and msg; below LOG_LEVEL nothing', () => {
    const written: string[] = [];
    const logger = nodeLogger('info', { write: (chunk: string) => void written.push(chunk) });
    logger.debug({ event: 'x' }, 'hidden');
    logger.info({ event: 'inbound', platform: 'feishu' }, 'inbound event');
    expect(written).toHaveLength(1);
    const line = JSON.parse(written[0]!);
    expect(line).toMatchObject({ level: 30, service: 'duban', event: 'inbound', platform: 'feishu', msg: 'inbound event' });
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('Workers: console JSON lines in the same shape', () => {
    const original = console.log;
    const written: string[] = [];
    console.log = (text: string) => void written.push(text);
    try {
      consoleJsonLogger('info').info({ event: 'delivery' }, 'delivery');
      consoleJsonLogger('warn').info({ event: 'delivery' }, 'hidden');
    } finally {
      console.log = original;
    }
    expect(written.map((w) => JSON.parse(w))).toEqual([expect.objectContaining({ level: 30, event: 'delivery', msg: 'delivery' })]);
  });
});
