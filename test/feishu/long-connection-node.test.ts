import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeFeishu, type FakeFeishu } from '../fakes/feishu-api';
import { feishuWsGateway } from '../fakes/feishu-ws-gateway';
import { runChild } from '../helpers/child-service';
import { freePort } from '../reliability/support/crash-scene';
import { WS_APP } from './driver';
import { messageEvent } from './helpers';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let fake: FakeFeishu | undefined;
const dir = mkdtempSync(join(tmpdir(), 'duban-feishu-ws-'));
afterEach(async () => {
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('FEISHU_MODE=ws in the Node entry', () => {
  it('connects at start, answers an event, shows the connection on /healthz and closes it on SIGTERM', async () => {
    const gateway = feishuWsGateway(WS_APP);
    fake = await startFakeFeishu({ extension: gateway });
    const port = await freePort();
    const run = await runChild(['--import', 'tsx', 'src/node.ts'], {
      cwd: ROOT,
      env: {
        HOME: dir,
        PORT: String(port),
        DATABASE_PATH: join(dir, 'duban.db'),
        FEISHU_APP_ID: WS_APP.appId,
        FEISHU_APP_SECRET: WS_APP.appSecret,
        FEISHU_MODE: 'ws',
        FEISHU_BASE_URL: fake.url,
      },
      whileRunning: async (output) => {
        await gateway.connection(1);
        const ack = await gateway.push(messageEvent({ openId: 'ou_demo_majun', text: '/帮助', messageId: 'om_node_ws' }));
        expect(ack.code, output()).toBe(200);
        const health = await fetch(`http://127.0.0.1:${port}/healthz`);
        expect(health.status, output()).toBe(200);
        expect(await health.json()).toMatchObject({ ok: true, feishu: { mode: 'ws', state: 'connected' }, connections: { feishu: { state: 'connected' } } });
        // Events come only over the connection: the webhook route is not there.
        expect((await fetch(`http://127.0.0.1:${port}/webhooks/feishu`, { method: 'POST', body: '{}' })).status).toBe(404);
      },
    });
    expect(run.stopped, run.stderr).toBe(0);
    expect(fake.messages.filter((m) => m.replyTo === 'om_node_ws')).toHaveLength(1);
    const states = run.stdout
      .split('\n')
      .filter((line) => line.includes('"msg":"feishu long connection"'))
      .map((line) => JSON.parse(line).state);
    expect(states).toEqual(['connected', 'closed']);
  }, 60_000);
});
