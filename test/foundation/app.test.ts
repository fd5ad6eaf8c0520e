import { afterEach, describe, expect, it } from 'vitest';
import { getJson, makeHarness, postJson, type Harness } from '../helpers/harness';
import { sandboxUser, textOf } from '../helpers/sandbox';

let h: Harness;
afterEach(() => h?.close());

describe('the app', () => {
  it('answers /healthz', async () => {
    h = await makeHarness();
    const res = await getJson(h.app, '/healthz');
    expect(res).toEqual({ status: 200, body: { ok: true } });
  });

  it('serves the sandbox page and lists the directory when no platform is configured', async () => {
    h = await makeHarness();
    const page = await h.app.request('/sandbox');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('督办助手 · 沙盒');
    const people = await getJson(h.app, '/sandbox/api/people');
    expect(people.body.people.find((p: any) => p.id === 'chenzhiyuan')).toMatchObject({
      name: '陈志远',
      roles: ['district_head', 'party_group_member'],
      unit: { name: '区政府' },
    });
  });

  it('does not mount the sandbox when a platform is configured, unless SANDBOX=1', async () => {
    const feishu = { FEISHU_APP_ID: 'cli_x', FEISHU_APP_SECRET: 's', FEISHU_ENCRYPT_KEY: 'k' };
    h = await makeHarness({ env: feishu });
    expect((await h.app.request('/sandbox/api/people')).status).toBe(404);
    h.close();
    h = await makeHarness({ env: { ...feishu, SANDBOX: '1' } });
    expect((await h.app.request('/sandbox/api/people')).status).toBe(200);
  });
});

describe('/帮助 through the sandbox API', () => {
  it('lists every command from the registry', async () => {
    h = await makeHarness();
    const [reply] = await sandboxUser(h, 'linxiaomei').say('/帮助');
    expect(reply!.message.kind).toBe('card');
    expect(textOf(reply!.message)).toContain('/帮助（/help）');
    expect(reply!.sentAt).toBe('2026-11-26T01:00:00.000Z');
  });

  it('shows each person the commands of their roles; 全部 shows every command', async () => {
    h = await makeHarness();
    const commandsOf = async (personId: string, text = '/帮助') => {
      const [reply] = await sandboxUser(h, personId).say(text);
      return reply!.message.card.blocks[0].fields.map((f: any) => f.label as string);
    };
    const liaison = await commandsOf('songjia');
    expect(liaison).toEqual(expect.arrayContaining(['/待办（/todo）', '/签收（/ack）', '/进展（/progress）', '/周报（/weekly）', '/帮助（/help）']));
    expect(liaison).not.toContain('/督办（/task）');
    expect(liaison).not.toContain('/投递失败（/failures）');
    // Art. 55 binds leaders only: a liaison has no meeting absence to ask, a unit head has.
    expect(liaison).not.toContain('/会议请假（/meeting-leave）');
    expect(await commandsOf('majun')).toContain('/会议请假（/meeting-leave）');
    const [reply] = await sandboxUser(h, 'songjia').say('/帮助');
    expect(textOf(reply!.message)).toContain('另有 4 个命令供其他岗位使用，发送「/帮助 全部」查看。');

    const office = await commandsOf('linxiaomei');
    expect(office).toEqual(expect.arrayContaining(['/督办（/task）', '/投递失败（/failures）', '/台账（/ledger）']));
    expect(office).not.toContain('/签收（/ack）');
    const deputy = await commandsOf('zhaoming');
    expect(deputy).toContain('/督办（/task）');
    expect(deputy).not.toContain('/投递失败（/failures）');

    const all = await commandsOf('songjia', '/帮助 全部');
    expect(all).toEqual(expect.arrayContaining(['/督办（/task）', '/投递失败（/failures）', '/签收（/ack）']));
    expect(all.length).toBeGreaterThan(liaison.length);
  });

  it('shows one command’s usage, with the English alias too', async () => {
    h = await makeHarness();
    const [reply] = await sandboxUser(h, 'linxiaomei').say('/help 帮助');
    expect(textOf(reply!.message)).toContain('/帮助 请假');
  });

  it('answers an unknown command with the closest match and changes nothing else', async () => {
    h = await makeHarness();
    const [reply] = await sandboxUser(h, 'majun').say('/帮肋');
    expect(reply!.message).toEqual({ kind: 'text', text: '没有命令「/帮肋」。您是不是要找 /帮助（/help）？发送 /帮助 查看全部命令。' });
  });

  it('delivers the reply to the inbox of the person, newest last', async () => {
    h = await makeHarness();
    const user = sandboxUser(h, 'majun');
    await user.say('/帮助');
    h.clock.set('2026-11-26T09:05:00+08:00');
    await user.say('你好');
    const inbox = await user.inbox();
    expect(inbox.map((m) => m.message.kind)).toEqual(['card', 'text']);
    expect(inbox[1]!.sentAt).toBe('2026-11-26T01:05:00.000Z');
    expect(await sandboxUser(h, 'songjia').inbox()).toEqual([]);
  });

  it('posts group replies to the unit chat, seen by its members', async () => {
    h = await makeHarness();
    await sandboxUser(h, 'majun').say('/帮助', 'xlz');
    const inbox = await sandboxUser(h, 'songjia').inbox();
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.to).toEqual({ type: 'unit_chat', id: 'xlz' });
  });
});

describe('sandbox API input errors', () => {
  it.each([
    [{ chat: 'p2p', text: '/帮助' }, 400, 'as'],
    [{ as: 'nobody', text: '/帮助' }, 404, '通讯录中没有人员'],
    [{ as: 'majun', chat: 'nowhere', text: '/帮助' }, 400, 'chat 须为'],
    [{ as: 'majun', text: '' }, 400, '消息内容不能为空'],
    ['{not json', 400, ''],
  ])('rejects %j with %i and writes nothing', async (body, status, message) => {
    h = await makeHarness();
    const res = await postJson(h.app, '/sandbox/api/messages', body);
    expect(res.status).toBe(status);
    expect(res.body.error).toContain(message);
    expect(await sandboxUser(h, 'majun').inbox()).toEqual([]);
  });

  it('rejects a clock without a time zone', async () => {
    h = await makeHarness();
    const res = await postJson(h.app, '/sandbox/api/clock', { now: '2026-09-30 09:00' });
    expect(res.status).toBe(400);
    expect(res.body.error).toContain('带时区的 ISO 时间');
  });

  it('sets the sandbox clock', async () => {
    h = await makeHarness();
    const res = await postJson(h.app, '/sandbox/api/clock', { now: '2026-09-30T09:00:00+08:00' });
    expect(res.body).toEqual({ now: '2026-09-30T01:00:00.000Z' });
  });
});
