import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { TOPIC_ROBOT } from '../../src/platforms/dingtalk/stream/ticket';
import { startDingtalkStreamFake, type DingtalkStreamFake } from '../fakes/dingtalk-stream';
import { startDingtalkFake, type DingtalkFake } from '../fakes/dingtalk-api';
import { freePort } from '../reliability/support/crash-scene';
import { APP_KEY, APP_SECRET, ROBOT_CODE, fixture } from './support';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let child: ChildProcess | undefined;
let gateway: DingtalkStreamFake | undefined;
let api: DingtalkFake | undefined;
const dir = mkdtempSync(join(tmpdir(), 'duban-stream-'));
afterEach(async () => {
  child?.kill('SIGKILL');
  await gateway?.stop();
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('DINGTALK_MODE=stream in the Node entry', () => {
  it('connects at start, handles a frame, reports the connection on /healthz and closes it on SIGTERM', async () => {
    gateway = await startDingtalkStreamFake({ clientId: APP_KEY, clientSecret: APP_SECRET });
    api = await startDingtalkFake({ appKey: APP_KEY, appSecret: APP_SECRET });
    const port = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', 'src/node.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        PORT: String(port),
        DATABASE_PATH: join(dir, 'duban.db'),
        DINGTALK_APP_KEY: APP_KEY,
        DINGTALK_APP_SECRET: APP_SECRET,
        DINGTALK_ROBOT_CODE: ROBOT_CODE,
        DINGTALK_MODE: 'stream',
        DINGTALK_BASE_URL: gateway.url,
        DINGTALK_OAPI_BASE_URL: api.url,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr!.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child!.on('exit', resolve));

    await gateway.connectionWhen(1);
    const data = { ...fixture('stream-robot-data-text-1to1.json'), senderStaffId: 'dt_majun', text: { content: '/帮助' } };
    const ack = await gateway.ackWhen(gateway.push(TOPIC_ROBOT, data));
    expect(ack.code, output).toBe(200);

    const health = await (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
    expect(health).toMatchObject({ ok: true, connections: { dingtalkStream: { state: 'open' } } });

    child.kill('SIGTERM');
    expect(await exited, output).toBe(0);
    await gateway.closedWhen(1);
    expect(output).toContain('Stream');
  }, 60_000);
});
