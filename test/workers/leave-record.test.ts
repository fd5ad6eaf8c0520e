import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { leaveRequests } from '../../db/schema';
import { mdSource } from '../../src/core/messages';
import worker from '../../src/worker';
import { d1Database } from '../../src/workers/deps';
import type { WorkerEnv } from '../../src/workers/env';
import { loadDemoOrg, postJson } from './helpers';

const SESSION = { SESSION_SECRET: 'workers-office-secret-0123456789abcdef' };

async function fetchOffice(path: string, init: RequestInit = {}) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`https://duban.example${path}`, init), { ...env, ...SESSION } as WorkerEnv, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const at = new Date('2026-09-20T01:00:00Z');
const row = (id: number, over: Partial<typeof leaveRequests.$inferInsert>): typeof leaveRequests.$inferInsert => ({
  id,
  requesterId: 'majun',
  filedById: 'majun',
  rank: 'unit_head',
  startDate: '2026-09-28',
  endDate: '2026-10-10',
  scope: 'out_of_province',
  purpose: 'private',
  destination: '北京',
  reason: '探亲',
  status: 'approved',
  createdAt: at,
  updatedAt: at,
  ...over,
});

describe('Art. 68 leave record on Workers + D1', () => {
  it('/请假 记录 and /office/leave count working days on the 调休 calendar from D1', async () => {
    await loadDemoOrg();
    await d1Database(env)
      .insert(leaveRequests)
      .values([
        row(1, {}),
        row(2, { startDate: '2026-10-15', endDate: '2026-10-15', scope: 'other_city', purpose: 'official', destination: '哈尔滨', reason: '开会' }),
        row(3, { startDate: '2026-10-20', endDate: '2026-10-21', status: 'cancelled' }),
      ]);
    const res = await postJson('/sandbox/api/messages', { as: 'majun', chat: 'p2p', text: '/请假 记录 2026' });
    expect(res.status).toBe(200);
    const card = res.body.replies[0].message.card;
    expect(card.title).toBe('马军 · 2026 年请假记录');
    expect(mdSource(card.blocks[0].text)).toContain('**合计：2 次，工作日 7 天，日历日 14 天**');

    const login = await fetchOffice('/office/login/sandbox', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'person=linxiaomei',
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const page = await (await fetchOffice('/office/leave?year=2026', { headers: { cookie } })).text();
    expect(page).toContain('共 3 件');
    expect(page).toMatch(/<tr data-person="majun">.*?工作日 7 天，日历日 14 天/s);
    const csv = await fetchOffice('/office/export/leave.csv?purpose=official', { headers: { cookie } });
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain('哈尔滨,开会,否,已批准,,1,1,');
  });
});
