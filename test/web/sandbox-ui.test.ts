import { afterEach, describe, expect, it } from 'vitest';
import { allJobs } from '../../src/jobs';
import { getJson, makeHarness, postJson, type Harness } from '../helpers/harness';
import { sandboxUser } from '../helpers/sandbox';

let h: Harness;
afterEach(() => h?.close());

describe('sandbox page', () => {
  it('is server-rendered: the person picker grouped by unit, the chat tabs, the clock, and the chat’s messages', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    await sandboxUser(h, 'majun').say('/谁请假');
    const res = await h.app.request('/sandbox?as=majun');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<section class="unit-group" data-unit="xlz">');
    expect(html).toMatch(/data-person="zhaoming"[^>]*data-search="赵明 副区长 区政府 zhaoming 副区长"/);
    expect(html).toContain('兴隆镇群');
    expect(html).toContain('<b id="clock-label">2026-11-26（周四） 09:00 · 工作日</b>');
    expect(html).toContain('下一工作日 09:00');
    expect(html).toContain('<header class="card-h">2026-11-26（周四） 请假外出（0 人）</header>');
    // A town head may not open the dashboard: no link to it.
    expect(html).not.toContain('action="/office/login/sandbox"');
    expect(await (await h.app.request('/sandbox?as=linxiaomei')).text()).toContain('action="/office/login/sandbox"');
  });

  it('someone not in the directory, or another unit’s group, sends the page back to a valid chat', async () => {
    h = await makeHarness();
    expect((await h.app.request('/sandbox?as=nobody')).headers.get('location')).toBe('/sandbox');
    expect((await h.app.request('/sandbox?as=majun&chat=zjj')).headers.get('location')).toBe('/sandbox?as=majun');
  });

  it('is not served when the sandbox is off', async () => {
    h = await makeHarness({ env: { SANDBOX: '0' } });
    expect((await h.app.request('/sandbox?as=majun')).status).toBe(404);
    expect((await h.app.request('/sandbox/ui/feed?as=majun')).status).toBe(404);
  });
});

describe('sandbox feed: one chat, in arrival order', () => {
  it('1:1 shows the person’s messages, the group its unit’s; each as rendered HTML, with the other chat’s count', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    await sandboxUser(h, 'linxiaomei').say('/督办 新建 来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 收文日期=2026-11-26');
    await sandboxUser(h, 'linxiaomei').say('/督办 交办 DB-2026-0001 领导=赵明');
    await sandboxUser(h, 'dengpeng').say('/帮助');
    const p2p = await getJson(h.app, '/sandbox/ui/feed?as=dengpeng&chat=p2p');
    expect(p2p.status).toBe(200);
    expect(p2p.body.messages).toHaveLength(1);
    expect(p2p.body.messages[0].html).toContain('<header class="card-h">督办助手 · 您可以使用的命令</header>');
    expect(p2p.body.other).toEqual({ chat: 'zjj', count: 1 });
    const group = await getJson(h.app, '/sandbox/ui/feed?as=dengpeng&chat=zjj');
    expect(group.body.messages).toHaveLength(1);
    expect(group.body.messages[0].html).toContain('督查通知 · DB-2026-0001');
    expect(group.body.messages[0].html).toContain('<span class="tag-urgent">加急</span>');
    expect(group.body.clock).toBe('2026-11-26（周四） 09:00 · 工作日');
    const seqs = (await getJson(h.app, '/sandbox/ui/feed?as=linxiaomei&chat=p2p')).body.messages.map((m: { seq: number }) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('answers a clear Chinese error for an unknown person or a chat that is not theirs', async () => {
    h = await makeHarness();
    expect(await getJson(h.app, '/sandbox/ui/feed?as=nobody')).toEqual({ status: 404, body: { error: '通讯录中没有人员「nobody」，请重新选择身份' } });
    expect(await getJson(h.app, '/sandbox/ui/feed?as=majun&chat=zjj')).toEqual({ status: 400, body: { error: '马军 只能查看与督办助手的单聊和本单位群' } });
  });
});

describe('sandbox clicks with nested values', () => {
  it('quote what was sent, never “[object Object]”, and change nothing', async () => {
    h = await makeHarness();
    const [card] = await sandboxUser(h, 'dengpeng').say('/帮助');
    const click = await postJson(h.app, '/sandbox/api/actions', {
      as: 'dengpeng',
      messageId: card!.messageId,
      value: { action: 'sup.ack', item: { id: 'DB-2026-0001' } },
    });
    expect(click.status).toBe(200);
    expect(click.body.toast).toEqual({ kind: 'error', text: '「{"id":"DB-2026-0001"}」不是督查事项编号，编号形如 DB-2026-0001。' });
    const form = await postJson(h.app, '/sandbox/api/actions', {
      as: 'dengpeng',
      messageId: card!.messageId,
      value: { action: 'sup.ack' },
      form: { note: { text: 'x' } },
    });
    expect(form).toEqual({ status: 400, body: { error: 'form.note: 表单字段的值须为文本（多选用逗号分隔）' } });
    expect(JSON.stringify([click, form])).not.toContain('[object Object]');
  });
});

describe('sandbox clock control', () => {
  it('“next working day” crosses National Day 2026 to Thursday 10-08 at the daily push time', async () => {
    h = await makeHarness({ now: '2026-09-30T15:20:00+08:00' });
    const res = await postJson(h.app, '/sandbox/ui/clock', { jump: 'workday' });
    expect(res).toEqual({ status: 200, body: { now: '2026-10-08T01:00:00.000Z', label: '2026-10-08（周四） 09:00 · 工作日' } });
  });

  it('“next working day” lands on a make-up Saturday (调休上班) when that is the next working day', async () => {
    h = await makeHarness({ now: '2026-10-09T09:00:00+08:00' });
    const res = await postJson(h.app, '/sandbox/ui/clock', { jump: 'workday' });
    expect(res.body.label).toBe('2026-10-10（周六） 09:00 · 工作日（国庆节调休上班）');
  });

  it('+1 day keeps the time; a day off is labelled with its holiday', async () => {
    h = await makeHarness({ now: '2026-09-30T18:45:00+08:00' });
    expect((await postJson(h.app, '/sandbox/ui/clock', { jump: 'day' })).body.label).toBe('2026-10-01（周四） 18:45 · 休息日（国庆节）');
  });

  it('a bad time is refused in Chinese and the clock does not move', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    for (const body of [{ jump: 'at', at: '2026-02-30T09:00' }, { jump: 'at', at: '明天' }, { jump: 'at' }]) {
      expect(await postJson(h.app, '/sandbox/ui/clock', body)).toEqual({
        status: 400,
        body: { error: '时间格式应为 YYYY-MM-DDTHH:mm（北京时间），例如 2026-12-01T09:00' },
      });
    }
    expect((await postJson(h.app, '/sandbox/ui/clock', { jump: 'week' })).status).toBe(400);
    expect((await postJson(h.app, '/sandbox/ui/clock', 'not json')).status).toBe(400);
    expect(h.clock.now().toISOString()).toBe('2026-11-26T01:00:00.000Z');
    expect((await postJson(h.app, '/sandbox/ui/clock', { jump: 'at', at: '2026-12-01T08:30' })).body.label).toBe('2026-12-01（周二） 08:30 · 工作日');
  });

  it('running the daily jobs says in Chinese what ran, and a second run the same day runs nothing', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const first = await postJson(h.app, '/sandbox/ui/jobs', {});
    expect(first.body.ran).toBeGreaterThan(0);
    expect(first.body.summary).toMatch(/^已运行：.*每日提醒/);
    const second = await postJson(h.app, '/sandbox/ui/jobs', {});
    expect(second.body).toMatchObject({
      ran: 0,
      summary: '2026-11-26（周四） 09:00 · 工作日：没有到点的定时任务。每日任务在工作日 09:00 后运行，每天一次（今天已运行过的不再重复）。',
    });
  });

  it('names every job in Chinese, the newer ones too (待决提醒, 会议频次)', async () => {
    for (const job of allJobs) expect(job.title, job.name).toMatch(/^\p{Script=Han}/u);
    expect(new Set(allJobs.map((j) => j.title)).size).toBe(allJobs.length);
    // The first working day of December: the monthly meeting-cadence check runs with the daily jobs.
    h = await makeHarness({ now: '2026-12-01T10:05:00+08:00' });
    const run = await postJson(h.app, '/sandbox/ui/jobs', {});
    expect(run.body.summary).toContain('会议频次提醒');
    expect(run.body.summary).toContain('待决事项提醒');
    expect(run.body.summary).not.toMatch(/[a-z]{3}/);
  });
});
