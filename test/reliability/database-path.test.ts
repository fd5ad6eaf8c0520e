import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import * as schema from '../../db/schema';
import type { AppDb } from '../../db/types';
import { openSqlite } from '../../db/open-sqlite';
import { createApp } from '../../src/app';
import { parseConfig } from '../../src/config';
import { fixedClock } from '../../src/core/time';
import { buildNodeDeps, DEMO_ORG_FILE, loadOrgFile } from '../../src/node/deps';
import { useBuiltEntries } from '../helpers/built-entries';
import { runChild, waitForHttp } from '../helpers/child-service';
import { freePort } from './support/crash-scene';

const dir = mkdtempSync(join(tmpdir(), 'duban-dbpath-'));
// Read by an unprivileged child below (root ignores file modes, so the child drops to `nobody`).
chmodSync(dir, 0o777);
const built = useBuiltEntries('database-path');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const asRoot = process.getuid?.() === 0;

/** The service as `npm start` runs it (the bundle); its exit code and output, or `exit: 'running'` when still up after `ms`. */
async function startService(databasePath: string, ms = 15_000): Promise<{ exit: number | 'running'; output: string }> {
  const child = spawn(process.execPath, [built().node], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: dir, PORT: String(await freePort()), DATABASE_PATH: databasePath, SANDBOX: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const exit = await new Promise<number | 'running'>((resolve) => {
    const timer = setTimeout(() => resolve('running'), ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? -1);
    });
  });
  if (exit === 'running') child.kill('SIGKILL');
  return { exit, output };
}

/** A database file with the demo directory in it, so the service writes nothing at start. */
async function loadedDatabase(name: string): Promise<string> {
  const file = join(dir, name);
  const { db, close } = openSqlite(file);
  await loadOrgFile(db, DEMO_ORG_FILE, new Date('2026-11-26T01:00:00Z'));
  close();
  return file;
}

function expectRefusedNaming(result: { exit: number | 'running'; output: string }) {
  expect(result.exit, result.output).toBe(2);
  const lines = result.output.trim().split('\n');
  expect(lines, result.output).toHaveLength(1);
  expect(lines[0]).toMatch(/^数据库不可用：DATABASE_PATH=.*；Database unusable: DATABASE_PATH=/);
}

describe('start-up verifies that DATABASE_PATH can be written', () => {
  it.each([
    ['a directory under /proc (used to hang)', () => '/proc/nonexist/x.db'],
    [
      'a path under a regular file',
      () => {
        const file = join(dir, 'plain.txt');
        writeFileSync(file, 'x');
        return join(file, 'x.db');
      },
    ],
    ['a directory', () => dir],
  ])(
    'exits 2 with one line, Chinese then English, for %s',
    async (_name, pathOf) => {
      expectRefusedNaming(await startService(pathOf()));
    },
    30_000,
  );

  it('exits 2 for a read-only database file that needs no write to start', async () => {
    const file = await loadedDatabase('readonly.db');
    chmodSync(file, 0o444);
    const result = await startService(file);
    expectRefusedNaming(result);
    expect(result.output).toContain('readonly');
  }, 30_000);

  it('starts on a writable file', async () => {
    const file = await loadedDatabase('writable.db');
    chmodSync(file, 0o666);
    const port = await freePort();
    // Up means answering /healthz; then it is stopped (SIGTERM), no fixed wait.
    const result = await runChild([built().node], {
      cwd: dir,
      env: { HOME: dir, PORT: String(port), DATABASE_PATH: file, SANDBOX: '1' },
      whileRunning: async () => {
        expect((await waitForHttp(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      },
    });
    expect(result.exit, result.stderr).toBe('running');
    expect(result.stdout).toContain('listening');
  }, 30_000);
});

describe('/healthz reports a database that cannot write', () => {
  it('answers 503 with the reason when the database is read-only', async () => {
    const file = await loadedDatabase('healthz.db');
    const client = new Database(file, { readonly: true });
    try {
      const db = drizzle({ client, schema }) as unknown as AppDb;
      const deps = buildNodeDeps(parseConfig({ DATABASE_PATH: file }), db, fixedClock('2026-11-26T09:00:00+08:00'), () => {});
      const res = await createApp(() => deps).request('/healthz');
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ ok: false, error: '数据库无法写入：attempt to write a readonly database' });
    } finally {
      client.close();
    }
  });
});
