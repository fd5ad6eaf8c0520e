import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config';
import { configProblems } from '../helpers/config';

const base = { DINGTALK_APP_KEY: 'k', DINGTALK_APP_SECRET: 's', DINGTALK_ROBOT_CODE: 'r' };

const problems = configProblems;

describe('DingTalk configuration', () => {
  it('defaults to ActionCards, the free edition’s 5 000 calls a month and route key duban-assistant', () => {
    expect(parseConfig(base).dingtalk).toEqual({
      appKey: 'k',
      appSecret: 's',
      robotCode: 'r',
      baseUrl: 'https://api.dingtalk.com',
      oapiBaseUrl: 'https://oapi.dingtalk.com',
      monthlyQuota: 5000,
      cardMode: 'actioncard',
      cardTemplateId: undefined,
      cardRouteKey: 'duban-assistant',
      mode: 'http',
    });
  });

  it('sends interactive cards once a template id is set, unless ActionCards are asked for', () => {
    expect(parseConfig({ ...base, DINGTALK_CARD_TEMPLATE_ID: 'tpl.schema' }).dingtalk).toMatchObject({ cardMode: 'interactive', cardTemplateId: 'tpl.schema' });
    expect(parseConfig({ ...base, DINGTALK_CARD_TEMPLATE_ID: 'tpl.schema', DINGTALK_CARD_MODE: 'actioncard' }).dingtalk!.cardMode).toBe('actioncard');
  });

  it('receives over Stream with DINGTALK_MODE=stream (default http)', () => {
    expect(parseConfig({ ...base, DINGTALK_MODE: 'stream' }).dingtalk!.mode).toBe('stream');
  });

  it.each([
    [{ DINGTALK_CARD_MODE: 'interactive' }, 'DINGTALK_CARD_TEMPLATE_ID'],
    [{ DINGTALK_CARD_MODE: 'cards' }, 'DINGTALK_CARD_MODE'],
    [{ DINGTALK_MONTHLY_QUOTA: '0' }, 'DINGTALK_MONTHLY_QUOTA'],
    [{ DINGTALK_MONTHLY_QUOTA: '五千' }, 'DINGTALK_MONTHLY_QUOTA'],
    [{ DINGTALK_CARD_ROUTE_KEY: 'has space' }, 'DINGTALK_CARD_ROUTE_KEY'],
    [{ DINGTALK_OAPI_BASE_URL: 'oapi.dingtalk.com' }, 'DINGTALK_OAPI_BASE_URL'],
    [{ DINGTALK_MODE: 'websocket' }, 'DINGTALK_MODE'],
  ])('rejects %j with an error naming %s', (env, variable) => {
    const found = problems({ ...base, ...env } as Record<string, string>);
    expect(
      found.some((p) => p.startsWith(`${variable}:`)),
      found.join('\n'),
    ).toBe(true);
  });
});
