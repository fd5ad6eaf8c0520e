import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { calendarDays, calendarYears, people, sandboxMessages } from '../../db/schema';
import { d1Database } from '../../src/workers/deps';
import { calendar2027 } from '../rules/fixtures/calendar-2027';
import { ADMIN, call, loadDemoOrg, postJson } from './helpers';

describe('the Worker entry', () => {
  it('answers /healthz through the runtime', async () => {
    const res = await exports.default.fetch('https://duban.example/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('answers a bad configuration with a clear error instead of running half-configured', async () => {
    const res = await call('/admin/org', { method: 'PUT', headers: ADMIN, body: env.DEMO_ORG_YAML }, { DAILY_PUSH_AT: '9点' });
    expect(res).toEqual({ status: 503, body: { error: '服务配置有误，未处理请求：管理员请用 wrangler tail 查看日志中的具体说明' } });
    expect(await d1Database(env).select().from(people)).toEqual([]);
  });
});

describe('the sandbox on Workers (SANDBOX=1)', () => {
  it('/帮助 round trip: the reply is committed to D1 and delivered to the person’s inbox', async () => {
    await loadDemoOrg();
    const res = await postJson('/sandbox/api/messages', { as: 'linxiaomei', chat: 'p2p', text: '/帮助' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.replies).toHaveLength(1);
    expect(JSON.stringify(res.body.replies[0].message)).toContain('/帮助（/help）');
    const inbox = await call('/sandbox/api/inbox?as=linxiaomei');
    expect(inbox.body.messages.map((m: any) => m.messageId)).toEqual([res.body.replies[0].messageId]);
  });

  it('an unknown person gets a Chinese error and nothing is written', async () => {
    await loadDemoOrg();
    const res = await postJson('/sandbox/api/messages', { as: 'nobody', text: '/帮助' });
    expect(res.status).toBe(404);
    expect(res.body.error).toContain('通讯录中没有人员');
    expect(await d1Database(env).select().from(sandboxMessages)).toEqual([]);
  });
});

describe('the admin API loads the directory onto D1', () => {
  it('imports the directory file sent as the body', async () => {
    const summary = await loadDemoOrg();
    expect(summary).toEqual({ units: 12, people: 28, deactivatedPeople: [], deactivatedUnits: [] });
    const people = await call('/sandbox/api/people');
    expect(people.body.people.find((p: any) => p.id === 'chenzhiyuan')).toMatchObject({ name: '陈志远', roles: ['district_head', 'party_group_member'] });
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer not-the-admin-token' }],
    ['a token of another scheme', { authorization: `Basic ${env.ADMIN_TOKEN}` }],
  ])('rejects %s with 401 and writes nothing', async (_, headers) => {
    const res = await call('/admin/org', { method: 'PUT', headers, body: env.DEMO_ORG_YAML });
    expect(res.status).toBe(401);
    expect(res.body.error).toContain('Authorization: Bearer');
    expect(await d1Database(env).select().from(people)).toEqual([]);
  });

  it('is not mounted without ADMIN_TOKEN', async () => {
    const res = await call('/admin/org', { method: 'PUT', headers: ADMIN, body: env.DEMO_ORG_YAML }, { ADMIN_TOKEN: undefined });
    expect(res.status).toBe(404);
    expect(res.body.error).toContain('ADMIN_TOKEN');
  });

  it('answers a bad file with every problem and writes nothing', async () => {
    const bad = env.DEMO_ORG_YAML.replace('head: majun', 'head: nobody');
    const res = await call('/admin/org', { method: 'PUT', headers: ADMIN, body: bad });
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual(['units 第 5 行（兴隆镇） 字段 head：人员「nobody」不存在']);
    expect(await d1Database(env).select().from(people)).toEqual([]);
  });

  it('answers an empty body with how to send the file', async () => {
    const res = await call('/admin/org', { method: 'PUT', headers: ADMIN, body: '' });
    expect(res).toEqual({ status: 400, body: { error: '请求体为空：请以组织架构文件（YAML 或 JSON）作为请求体' } });
  });
});

describe('the admin API loads a year of the calendar onto D1', () => {
  const put = (query: string, body: unknown) =>
    call(`/admin/calendar${query}`, { method: 'PUT', headers: ADMIN, body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('a dry run shows the diff and writes nothing', async () => {
    const res = await put('?by=林小梅&dry_run=1', calendar2027());
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ year: 2027, applied: false, dryRun: true });
    expect(res.body.report).toContain('试运行');
    expect(await d1Database(env).select().from(calendarYears)).toEqual([]);
  });

  it('imports the year; the calendar then knows 2027 and a re-import changes nothing', async () => {
    const first = await put('?by=林小梅', calendar2027());
    expect(first.body).toMatchObject({ year: 2027, applied: true });
    const db = d1Database(env);
    expect(await db.select().from(calendarYears)).toMatchObject([{ year: 2027, importedBy: '林小梅' }]);
    expect(await db.select().from(calendarDays)).toHaveLength(calendar2027().dates.length);
    const again = await put('?by=林小梅', calendar2027());
    expect(again.body).toMatchObject({ applied: false });
    expect(again.body.report).toContain('未作任何更改');
  });

  it('a bad file gets the problems in Chinese and writes nothing', async () => {
    const file = calendar2027();
    file.dates.push({ date: '2028-01-01', name: '元旦', type: 'public_holiday' });
    const res = await put('?by=林小梅', file);
    expect(res.status).toBe(400);
    expect(res.body.error).toContain('日期不在 2027 年内');
    expect(await d1Database(env).select().from(calendarDays)).toEqual([]);
  });

  it('requires who imports', async () => {
    const res = await put('', calendar2027());
    expect(res.status).toBe(400);
    expect(res.body.error).toContain('导入人');
  });
});
