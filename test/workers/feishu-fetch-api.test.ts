import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { cardMessage, md, text, toPerson, toUnitChat, type Card } from '../../src/core/messages';
import { loadDirectory, type Directory } from '../../src/core/org/directory';
import { importOrg, parseOrgFile } from '../../src/core/org/import';
import { PermanentDeliveryError, RetryableDeliveryError, toPlatformUser } from '../../src/outbox/sender';
import { renderCard } from '../../src/platforms/feishu/cards';
import { messageUuid } from '../../src/platforms/feishu/delivery';
import { feishuSender } from '../../src/platforms/feishu/api';
import { d1Database } from '../../src/workers/deps';
import { ledgerFileSource } from '../../src/export/ledger-file';
import { systemClock } from '../../src/core/time';
import type { AppDb } from '../../db/types';
import { fakeFeishu } from './fake-feishu';

const notice: Card = { title: '督查事项通知', colour: 'blue', blocks: [{ type: 'markdown', text: md`请于 12 月 1 日前签收。` }] };
let dir: Directory;
let db: AppDb;
let appNo = 0;

beforeEach(async () => {
  db = d1Database(env);
  await importOrg(db, parseOrgFile(env.DEMO_ORG_YAML), new Date('2026-11-26T01:00:00Z'));
  dir = await loadDirectory(db);
});

/** A sender on a fresh fake; each test its own app id, so the per-isolate token cache starts empty. */
function setup(now?: () => number) {
  const api = fakeFeishu();
  const sender = feishuSender(
    { appId: `cli_test_${++appNo}`, appSecret: 'secret', baseUrl: api.baseUrl, mode: 'webhook' },
    { fetch: api.fetch, now, files: ledgerFileSource(db, systemClock) },
  );
  const send = (dedupeKey: string, extra: Partial<Parameters<typeof sender.send>[0]> = {}) =>
    sender.send({ to: toPerson('majun'), dir, message: text('你好'), dedupeKey, urgent: false, ...extra });
  return { api, sender, send };
}

const failureOf = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as Error,
  );

describe('the fetch-based Feishu sender (Workers)', () => {
  it('sends to a person by open_id with the outbox key as uuid, fetching the token once', async () => {
    const { api, send } = setup();
    expect(await send('item:1:notice:majun:feishu', { message: cardMessage(notice) })).toEqual({ messageId: 'om_1' });
    await send('item:2:notice:majun:feishu');
    expect(api.tokenCalls()).toBe(1);
    expect(api.calls[0]!.body).toEqual({ app_id: `cli_test_${appNo}`, app_secret: 'secret' });
    const [first, second] = api.apiCalls();
    expect(first).toMatchObject({ method: 'POST', path: '/open-apis/im/v1/messages', query: { receive_id_type: 'open_id' }, authorization: 'Bearer t-1' });
    expect(first!.body).toEqual({
      receive_id: 'ou_demo_majun',
      msg_type: 'interactive',
      content: JSON.stringify(renderCard(notice)),
      uuid: await messageUuid('item:1:notice:majun:feishu'),
    });
    expect(second!.body).toMatchObject({ msg_type: 'text', content: '{"text":"你好"}' });
  });

  it('a resend after a crash carries the same uuid, so Feishu keeps one message', async () => {
    const { send } = setup();
    const first = await send('leave:3:step:1:notify:feishu');
    expect(await send('leave:3:step:1:notify:feishu')).toEqual(first);
  });

  it('sends to a unit’s group by chat_id, and answers an inbound message with the reply API', async () => {
    const { api, send } = setup();
    await send('item:1:notice:xlz:feishu', { to: toUnitChat('xlz') });
    await send('feishu:om_in:reply:0', { to: toPlatformUser('ou_stranger'), replyTo: 'om_in' });
    const [group, reply] = api.apiCalls();
    expect(group).toMatchObject({ query: { receive_id_type: 'chat_id' }, body: { receive_id: 'oc_demo_xlz' } });
    expect(reply).toMatchObject({
      method: 'POST',
      path: '/open-apis/im/v1/messages/om_in/reply',
      body: { msg_type: 'text', uuid: await messageUuid('feishu:om_in:reply:0') },
    });
  });

  it('updates a card in place and marks a message urgent for its recipient', async () => {
    const { api, sender } = setup();
    await sender.update('om_9', notice);
    await sender.urgent!('om_9', toPerson('majun'), dir);
    const [patch, urgent] = api.apiCalls();
    expect(patch).toMatchObject({ method: 'PATCH', path: '/open-apis/im/v1/messages/om_9', body: { content: JSON.stringify(renderCard(notice)) } });
    expect(urgent).toMatchObject({
      method: 'PATCH',
      path: '/open-apis/im/v1/messages/om_9/urgent_app',
      query: { user_id_type: 'open_id' },
      body: { user_id_list: ['ou_demo_majun'] },
    });
  });

  it('knows the bot’s own open_id, asking once', async () => {
    const { api, sender } = setup();
    expect(await sender.botOpenId()).toBe('ou_fake_bot');
    expect(await sender.botOpenId()).toBe('ou_fake_bot');
    expect(api.apiCalls().filter((c) => c.path === '/open-apis/bot/v3/info')).toHaveLength(1);
  });
});

describe('Feishu failures → the outbox’s retry rules', () => {
  it('429 with x-ogw-ratelimit-reset is retryable after the time Feishu asked for', async () => {
    const { api, send } = setup();
    api.failNext(/messages$/, 429, { code: 99991400, msg: 'request trigger frequency limit' }, { 'x-ogw-ratelimit-reset': '3' });
    const error = await failureOf(send('k1'));
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect((error as RetryableDeliveryError).retryAfterMs).toBe(3_000);
    expect(error.message).toContain('频率限制');
  });

  it.each([
    ['HTTP 400', 400],
    ['HTTP 200', 200],
  ])('230002 (bot not in the group) in an %s answer is permanent, with the reason', async (_, status) => {
    const { api, send } = setup();
    api.failNext(/messages$/, status, { code: 230002, msg: 'Bot/User can NOT be out of the chat.' });
    const error = await failureOf(send('k1', { to: toUnitChat('xlz') }));
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect(error.message).toContain('机器人不在该群中');
  });

  it('a 5xx gateway page is retryable', async () => {
    const { api, send } = setup();
    api.failNext(/messages$/, 503, '<html>Service Unavailable</html>');
    const error = await failureOf(send('k1'));
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect(error.message).toBe('飞书 HTTP 503');
  });

  it('a timeout and a network error are retryable', async () => {
    const { api, send } = setup();
    api.throwNext(/messages$/, new DOMException('The operation timed out.', 'TimeoutError'));
    api.throwNext(/messages$/, new TypeError('Network connection lost.'));
    expect((await failureOf(send('k1'))).message).toContain('请求飞书超时');
    const network = await failureOf(send('k1'));
    expect(network).toBeInstanceOf(RetryableDeliveryError);
    expect(network.message).toContain('无法连接飞书');
  });

  it('a refused token is dropped: the retry fetches a new one and goes through', async () => {
    const { api, send } = setup();
    await send('k1');
    api.failNext(/messages$/, 400, { code: 99991663, msg: 'Invalid access token for authorization' });
    expect(await failureOf(send('k2'))).toBeInstanceOf(RetryableDeliveryError);
    await send('k2');
    expect(api.tokenCalls()).toBe(2);
    expect(api.apiCalls().at(-1)!.authorization).toBe('Bearer t-2');
  });

  it('an expiring token is renewed three minutes before its two hours end', async () => {
    let now = Date.parse('2026-11-26T01:00:00Z');
    const { api, send } = setup(() => now);
    await send('k1');
    now += 7_200_000 - 180_000 - 1;
    await send('k2');
    expect(api.tokenCalls()).toBe(1);
    now += 1;
    await send('k3');
    expect(api.tokenCalls()).toBe(2);
  });

  it('a person without a Feishu open_id is a permanent failure that names the fix', async () => {
    const { api, send } = setup();
    const noOpenId = { ...dir.person('majun')!, feishuOpenId: null };
    const error = await failureOf(send('k1', { dir: { ...dir, person: (id: string) => (id === 'majun' ? noOpenId : dir.person(id)) } }));
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect(error.message).toContain('未登记飞书 open_id');
    expect(api.calls).toEqual([]);
  });
});
