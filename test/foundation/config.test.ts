import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config';
import { configProblems } from '../helpers/config';

const problems = configProblems;

describe('configuration from the environment', () => {
  it('has working defaults with nothing set: sandbox only', () => {
    expect(parseConfig({})).toMatchObject({
      port: 8787,
      databasePath: './data/duban.db',
      dailyPushAt: '09:00',
      sandbox: true,
    });
    const config = parseConfig({});
    expect([config.orgFile, config.feishu, config.dingtalk]).toEqual([undefined, undefined, undefined]);
  });

  it('mounts Feishu when app id and secret are set, and turns the sandbox off', () => {
    const config = parseConfig({
      FEISHU_APP_ID: 'cli_1',
      FEISHU_APP_SECRET: 's',
      FEISHU_VERIFICATION_TOKEN: 't',
      FEISHU_BASE_URL: 'https://open.larksuite.com/',
    });
    expect(config.feishu).toEqual({
      appId: 'cli_1',
      appSecret: 's',
      encryptKey: undefined,
      verificationToken: 't',
      baseUrl: 'https://open.larksuite.com',
      mode: 'webhook',
    });
    expect(config.sandbox).toBe(false);
  });

  it('keeps the sandbox with platforms only when SANDBOX=1', () => {
    expect(parseConfig({ DINGTALK_APP_KEY: 'k', DINGTALK_APP_SECRET: 's', DINGTALK_ROBOT_CODE: 'r', SANDBOX: '1' }).sandbox).toBe(true);
    expect(parseConfig({ SANDBOX: '0' }).sandbox).toBe(false);
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ PORT: '', FEISHU_APP_ID: ' ' }).port).toBe(8787);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '80.5' }, 'PORT'],
    [{ DAILY_PUSH_AT: '9点' }, 'DAILY_PUSH_AT'],
    [{ DAILY_PUSH_AT: '24:00' }, 'DAILY_PUSH_AT'],
    [{ FEISHU_BASE_URL: 'open.feishu.cn' }, 'FEISHU_BASE_URL'],
    [{ DINGTALK_BASE_URL: 'ftp://x' }, 'DINGTALK_BASE_URL'],
    [{ SANDBOX: 'yes' }, 'SANDBOX'],
    [{ FEISHU_APP_ID: 'cli_1' }, 'FEISHU_APP_SECRET'],
    [{ FEISHU_APP_SECRET: 's' }, 'FEISHU_APP_ID'],
    [{ FEISHU_APP_ID: 'cli_1', FEISHU_APP_SECRET: 's' }, 'FEISHU_ENCRYPT_KEY'],
    [{ DINGTALK_APP_KEY: 'k', DINGTALK_APP_SECRET: 's' }, 'DINGTALK_ROBOT_CODE'],
    [{ DINGTALK_APP_KEY: 'k' }, 'DINGTALK_APP_SECRET'],
  ])('rejects %j with an error naming %s', (env, variable) => {
    const found = problems(env as Record<string, string>);
    expect(
      found.some((p) => p.startsWith(`${variable}:`)),
      found.join('\n'),
    ).toBe(true);
  });

  it('reports every bad variable at once, in Chinese', () => {
    const found = problems({ PORT: 'x', DAILY_PUSH_AT: 'y' });
    expect(found).toHaveLength(2);
    expect(found.join('\n')).toContain('HH:mm');
  });
});
