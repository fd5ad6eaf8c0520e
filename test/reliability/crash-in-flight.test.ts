import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { atomic } from '../../db/atomic';
import { openSqlite } from '../../db/open-sqlite';
import { newEffects } from '../../src/core/effects';
import { text, toPerson } from '../../src/core/messages';
import { outboxStatements } from '../../src/outbox/enqueue';
import { messageUuid } from '../../src/platforms/feishu/api';
import { generateOrg, importGenerated } from '../../bench/daily/generate';
import { startFakeFeishu, type FakeFeishu } from '../fakes/feishu-api';
import { feishuEnv } from '../feishu/helpers';
import { crashServerBundle } from '../helpers/built-entries';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy';
import { exited, freePort, until } from './support/crash-scene';

/**
 * kill -9 while 50 sends are in flight (support/crash-server.ts: src/node.ts's wiring, 50 calls in
 * flight): a slow Feishu (every send takes 1.5 s) holds them there. The requests already sent
 * still arrive after the kill; the restarted service sends those rows again after their lease
 * with the same uuid, so Feishu shows each message once.
 */
const NOW = '2026-12-07T10:00:00+08:00';
const PUSHES = 80;
const isSend = (entry: { method: string; path: string }) => entry.method === 'POST' && entry.path === '/open-apis/im/v1/messages';

let dir: string;
let fake: FakeFeishu;
let proxy: FaultProxy;
const children: ChildProcess[] = [];
let server: Awaited<ReturnType<typeof crashServerBundle>>;
// Bundled once: each start then costs a plain `node`, not tsx compiling the app again.
beforeAll(async () => {
  server = await crashServerBundle('crash-in-flight');
}, 60_000);
afterAll(() => server?.remove());
afterEach(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(children.map(exited));
  await proxy?.close();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(file: string, now: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [server.script], {
    env: { ...process.env, ...feishuEnv(fake), FEISHU_BASE_URL: proxy.url, DATABASE_PATH: file, PORT: String(await freePort()), CRASH_NOW: now },
    stdio: 'ignore',
  });
  children.push(child);
  return child;
}

function outboxRows(file: string): Array<{ dedupe_key: string; status: string }> {
  const client = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return client.prepare('select dedupe_key, status from outbox').all() as Array<{ dedupe_key: string; status: string }>;
  } finally {
    client.close();
  }
}

it('kill -9 while 50 sends are in flight: after the restart every message is delivered, none twice with a different uuid', async () => {
  dir = mkdtempSync(join(tmpdir(), 'duban-inflight-'));
  const file = join(dir, 'duban.db');
  const { db, close } = openSqlite(file);
  const org = generateOrg({ units: 12, people: PUSHES + 20, items: 0 });
  await importGenerated(db, org, new Date(NOW));
  const effects = newEffects();
  org.people.slice(0, PUSHES).forEach((p, i) => effects.pushes.push({ to: toPerson(p.id), message: text(`请报送进展 #${i}#`), key: `inflight:${i}` }));
  await atomic(db, outboxStatements(db, effects, { now: new Date(NOW), pushPlatforms: ['feishu'] }));
  close();
  fake = await startFakeFeishu();
  proxy = await startFaultProxy(fake.url, { delayMs: 1_500 });

  const first = await start(file, NOW);
  const inFlight = () => proxy.log.filter(isSend).length - fake.calls('send').length;
  await until('50 sends in flight', () => inFlight() >= 50, 20_000);
  first.kill('SIGKILL');
  expect(await exited(first)).toBe('SIGKILL');

  // Restarted past the 60 s lease of the rows that were in flight.
  await start(file, '2026-12-07T10:05:00+08:00');
  await until('every row sent', () => outboxRows(file).every((r) => r.status === 'sent'), 30_000);
  const rows = outboxRows(file);
  expect(rows.length).toBeGreaterThanOrEqual(PUSHES);
  const expected = new Set(await Promise.all(rows.map((r) => messageUuid(r.dedupe_key))));
  const shown = fake.messages.map((m) => m.uuid!);
  expect(new Set(shown)).toEqual(expected);
  expect(shown).toHaveLength(expected.size);
  // Some were sent twice — the ones in flight at the kill — and Feishu dropped the copies by uuid.
  expect(fake.calls('send').length).toBeGreaterThan(expected.size);
}, 60_000);
