import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, postJson, type Harness } from '../helpers/harness';
import { sandboxUser } from '../helpers/sandbox';
import { startFakeFeishu, type FakeFeishu } from '../fakes/feishu-api';
import { cardActionEvent, deliver, feishuEnv, messageEvent, writtenRows } from '../feishu/helpers';
import { cardClickBody, makeDingtalkHarness, postCardClick, postRobot, textCallback, type DingtalkKit } from '../dingtalk/support';
import { JSON_LIMITS, parseBoundedJson } from '../../src/platforms/bounded-json';

/** `{"n":{"n":…1…}}`, `levels` objects deep, as JSON text (JSON.stringify itself overflows on such values). */
const nested = (levels: number) => `${'{"n":'.repeat(levels)}1${'}'.repeat(levels)}`;
const BOMB = nested(20_000);
/** DingTalk bodies are capped at 64 KiB, so its bomb is 5,000 levels deep. */
const SMALL_BOMB = nested(5_000);
const MARK = '"__bomb__"';

/** A payload's JSON text with the bomb where the marker string was. */
const withBomb = (payload: unknown, bomb = BOMB) => JSON.stringify(payload).replace(MARK, bomb);

let h: Harness | undefined;
let fake: FakeFeishu | undefined;
let kit: DingtalkKit | undefined;
afterEach(async () => {
  await h?.settle();
  h?.close();
  await fake?.close();
  await kit?.close();
  h = undefined;
  fake = undefined;
  kit = undefined;
});

describe('parseBoundedJson: every parsed request value has a bounded depth and size', () => {
  it('accepts values up to the depth limit and refuses one level more', () => {
    expect(parseBoundedJson(nested(JSON_LIMITS.maxDepth - 1))).toMatchObject({ ok: true });
    expect(parseBoundedJson(nested(JSON_LIMITS.maxDepth))).toMatchObject({ ok: false, reason: 'limits' });
  });

  it('refuses a million levels without overflowing the stack', () => {
    expect(parseBoundedJson(`${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`)).toMatchObject({ ok: false, reason: 'limits' });
  });

  it('refuses more values than the limit, and text longer than the limit', () => {
    expect(parseBoundedJson(JSON.stringify(Array.from({ length: JSON_LIMITS.maxValues }, () => 0)))).toMatchObject({ ok: false, reason: 'limits' });
    expect(parseBoundedJson(JSON.stringify('x'.repeat(JSON_LIMITS.maxChars)))).toMatchObject({ ok: false, reason: 'limits' });
  });

  it('tells a syntax error apart from a value over the limits', () => {
    expect(parseBoundedJson('{"a": ')).toEqual({ ok: false, reason: 'syntax', error: '不是合法的 JSON' });
    expect(parseBoundedJson('{"a":[1,"b",{"c":null}]}')).toEqual({ ok: true, value: { a: [1, 'b', { c: null }] } });
  });
});

describe('a 20,000-level nested value is refused with 400 and changes nothing', () => {
  it('in a Feishu card callback value', async () => {
    fake = await startFakeFeishu();
    h = await makeHarness({ env: feishuEnv(fake) });
    const click = cardActionEvent({ openId: 'ou_demo_linxiaomei', value: { action: 'task.ack', deep: '__bomb__' }, messageId: 'om_1' });
    const res = await deliver(h, withBomb(click));
    expect(res.status).toBe(400);
    expect(res.body.error).toContain('嵌套');
    expect(await writtenRows(h)).toEqual({ inbound: 0, outbox: 0, audit: 0 });
  });

  it('in a Feishu message event', async () => {
    fake = await startFakeFeishu();
    h = await makeHarness({ env: feishuEnv(fake) });
    const res = await deliver(h, withBomb({ ...messageEvent({ openId: 'ou_demo_linxiaomei', text: '/帮助' }), extra: '__bomb__' }));
    expect(res.status).toBe(400);
    expect(await writtenRows(h)).toEqual({ inbound: 0, outbox: 0, audit: 0 });
  });

  it('in the text content of a Feishu message', async () => {
    fake = await startFakeFeishu();
    h = await makeHarness({ env: feishuEnv(fake) });
    const res = await deliver(h, messageEvent({ openId: 'ou_demo_linxiaomei', content: `{"text":"/帮助","n":${BOMB}}` }));
    expect(res.status).toBe(400);
    expect(await writtenRows(h)).toEqual({ inbound: 0, outbox: 0, audit: 0 });
  });

  it('in a DingTalk robot callback', async () => {
    kit = await makeDingtalkHarness();
    const res = await postRobot(kit.h, withBomb({ ...textCallback({ from: 'dt_majun', text: '/帮助' }), extra: '__bomb__' }, SMALL_BOMB));
    expect(res.status).toBe(400);
    expect(res.json.error).toContain('嵌套');
    expect(await writtenRows(kit.h)).toEqual({ inbound: 0, outbox: 0, audit: 0 });
  });

  it('in a DingTalk card callback', async () => {
    kit = await makeDingtalkHarness({ interactive: true });
    const body = cardClickBody({ userId: 'dt_dengpeng', outTrackId: 'track-1', params: { action: 'task.ack', payload: '{}' } });
    const res = await postCardClick(kit.h, {
      ...body,
      content: JSON.stringify({ cardPrivateData: { params: { action: 'task.ack', deep: 1 } } }).replace('1}}}', `${SMALL_BOMB}}}}`),
    });
    expect(res.status).toBe(400);
    expect(res.json.error).toContain('嵌套');
    expect(await writtenRows(kit.h)).toEqual({ inbound: 0, outbox: 0, audit: 0 });
  });

  it('in a sandbox API click', async () => {
    h = await makeHarness();
    const [card] = await sandboxUser(h, 'linxiaomei').say('/帮助');
    const before = await writtenRows(h);
    const res = await postJson(
      h.app,
      '/sandbox/api/actions',
      withBomb({ as: 'linxiaomei', messageId: card!.messageId, value: { action: 'help.show', deep: '__bomb__' } }),
    );
    expect(res).toEqual({ status: 400, body: { error: '请求体嵌套过深（JSON 上限 32 层）' } });
    expect(await writtenRows(h)).toEqual(before);
  });

  it('in a sandbox API message', async () => {
    h = await makeHarness();
    const res = await postJson(h.app, '/sandbox/api/messages', withBomb({ as: 'linxiaomei', text: '/帮助', extra: '__bomb__' }));
    expect(res.status).toBe(400);
    expect(await writtenRows(h)).toEqual({ inbound: 0, outbox: 0, audit: 0 });
  });
});
