import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../db/open-sqlite';
import { dingtalkApiUsage } from '../../db/schema';
import type { AppDb } from '../../db/types';
import { dingtalkRegisterCallback } from '../../src/cli/dingtalk-register-callback';
import { runCli } from '../../src/cli/run';
import { PATHS, startDingtalkFake, type DingtalkFake } from '../fakes/dingtalk-api';
import { APP_KEY, APP_SECRET, ROBOT_CODE } from './support';

let fake: DingtalkFake;
let db: AppDb;
let close: () => void;

beforeEach(async () => {
  fake = await startDingtalkFake({ appKey: APP_KEY, appSecret: APP_SECRET });
  ({ db, close } = openSqlite(':memory:'));
});
afterEach(async () => {
  close();
  await fake.close();
});

async function cli(env: Record<string, string>, ...argv: string[]) {
  let out = '';
  let err = '';
  const command = dingtalkRegisterCallback({ env: () => env });
  const code = await runCli(argv, [command], {
    db: async () => db,
    now: new Date('2026-11-26T01:00:00Z'),
    actor: 'tester',
    readFile: () => '',
    out: (t) => (out += `${t}\n`),
    err: (t) => (err += `${t}\n`),
  });
  return { code, out, err };
}

const env = () => ({
  DINGTALK_APP_KEY: APP_KEY,
  DINGTALK_APP_SECRET: APP_SECRET,
  DINGTALK_ROBOT_CODE: ROBOT_CODE,
  DINGTALK_BASE_URL: fake.url,
  DINGTALK_CARD_TEMPLATE_ID: 'tpl.schema',
});

describe('npm run cli -- dingtalk register-callback', () => {
  it('registers <base>/webhooks/dingtalk/card under the route key, with the app secret as apiSecret', async () => {
    const res = await cli(env(), 'dingtalk', 'register-callback', 'https://duban.example.gov.cn/');
    expect(res.code).toBe(0);
    expect(res.out).toContain('已注册互动卡片回调：https://duban.example.gov.cn/webhooks/dingtalk/card（callbackRouteKey：duban-assistant）');
    expect(fake.calls(PATHS.callbackRegister)[0]!.body).toEqual({
      callbackRouteKey: 'duban-assistant',
      callbackUrl: 'https://duban.example.gov.cn/webhooks/dingtalk/card',
      apiSecret: APP_SECRET,
      forceUpdate: false,
    });
    expect(await db.select({ calls: dingtalkApiUsage.calls }).from(dingtalkApiUsage)).toEqual([{ calls: 1 }]);
  });

  it('refuses to move a route key registered elsewhere unless --force is given', async () => {
    await cli(env(), 'dingtalk', 'register-callback', 'https://old.example.gov.cn');
    const refused = await cli({ ...env(), DINGTALK_CARD_ROUTE_KEY: 'duban-assistant' }, 'dingtalk', 'register-callback', 'https://new.example.gov.cn');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('已注册到其他地址');
    expect(refused.err).toContain('--force');
    const forced = await cli(env(), 'dingtalk', 'register-callback', 'https://new.example.gov.cn', '--force');
    expect(forced.code).toBe(0);
    expect(fake.registeredCallbacks.get('duban-assistant')!.callbackUrl).toBe('https://new.example.gov.cn/webhooks/dingtalk/card');
  });

  it.each([
    [['http://duban.example.gov.cn'], 'HTTPS'],
    [['duban'], '不是网址'],
  ])('rejects %j and registers nothing', async (args, message) => {
    const res = await cli(env(), 'dingtalk', 'register-callback', ...args);
    expect(res.code).toBe(2);
    expect(res.err).toContain(message);
    expect(fake.requests).toEqual([]);
  });

  it('says what to set when DingTalk is not configured', async () => {
    const res = await cli({}, 'dingtalk', 'register-callback', 'https://duban.example.gov.cn');
    expect(res.code).toBe(2);
    expect(res.err).toContain('未配置钉钉');
  });

  it('explains that Stream mode needs no callback route, and registers nothing', async () => {
    const res = await cli({ ...env(), DINGTALK_MODE: 'stream' }, 'dingtalk', 'register-callback', 'https://duban.example.gov.cn');
    expect(res.code).toBe(2);
    expect(res.err).toContain('无需注册回调地址');
    expect(fake.requests).toEqual([]);
  });

  it('reminds that cards stay ActionCards until a template is set', async () => {
    const { DINGTALK_CARD_TEMPLATE_ID: _t, ...noTemplate } = env();
    const res = await cli(noTemplate, 'dingtalk', 'register-callback', 'https://duban.example.gov.cn');
    expect(res.code).toBe(0);
    expect(res.out).toContain('当前为 ActionCard 模式');
  });

  it('reports a wrong app secret without a stack trace', async () => {
    const res = await cli({ ...env(), DINGTALK_APP_SECRET: 'wrong' }, 'dingtalk', 'register-callback', 'https://duban.example.gov.cn');
    expect(res.code).toBe(2);
    expect(res.err).toContain('请检查 DINGTALK_APP_KEY 与 DINGTALK_APP_SECRET');
  });
});
