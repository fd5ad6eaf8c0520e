import { env } from 'cloudflare:workers';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { attachments } from '../../db/schema';
import worker from '../../src/worker';
import { d1Database } from '../../src/workers/deps';
import type { WorkerEnv } from '../../src/workers/env';
import { call, loadDemoOrg, postJson } from './helpers';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(40).fill(3)]);
// One secret for every call: each call builds its own bindings object, so a random one would differ.
const SESSION = { SESSION_SECRET: 'workers-attachments-session-secret-0123456789' };

async function raw(path: string, init: RequestInit = {}) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`https://duban.example${path}`, init), { ...env, ...SESSION } as WorkerEnv, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

async function signIn(person: string): Promise<string> {
  const res = await raw('/office/login/sandbox', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `person=${person}`,
  });
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

describe('佐证材料 on Workers: bytes in the FILES R2 bucket, rows in D1', () => {
  it('a sandbox upload after a report lands in R2 under its sha256; only the item’s units and the office may fetch it', async () => {
    await loadDemoOrg();
    const say = (as: string, text: string) => postJson('/sandbox/api/messages', { as, chat: 'p2p', text });
    await say('linxiaomei', '/督办 新建 来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 收文日期=2026-09-30');
    await say('linxiaomei', '/督办 交办 DB-2026-0001 领导=赵明');
    await say('zhangli', '/进展 DB-2026-0001 已完成排查');

    const form = new FormData();
    form.set('as', 'zhangli');
    form.set('file', new Blob([PNG]), '现场照片.png');
    const sent = await call('/sandbox/api/attachments', { method: 'POST', body: form });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.replies[0].message.text).toBe('已将「现场照片.png」作为佐证材料附在 DB-2026-0001「冬季供暖投诉处理」的办理进展报告（第1轮）上。');

    const [row] = await d1Database(env).select().from(attachments);
    const object = await env.FILES.get(`files/${row!.sha256}`);
    expect(new Uint8Array(await object!.arrayBuffer())).toEqual(PNG);

    const other = await raw(`/office/files/${row!.id}`, { headers: { cookie: await signIn('lina') } });
    expect(other.status).toBe(403);
    const own = await raw(`/office/files/${row!.id}`, { headers: { cookie: await signIn('zhangli') } });
    expect(own.status).toBe(200);
    expect(new Uint8Array(await own.arrayBuffer())).toEqual(PNG);
  });
});
