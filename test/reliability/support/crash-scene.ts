import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { openSqlite } from '../../../db/open-sqlite';
import { outbox } from '../../../db/schema';
import { loadCalendar } from '../../../src/core/calendar';
import { parseOrgFile } from '../../../src/core/org/import';
import { FAN_OUT_CHUNK } from '../../../src/core/reminders/policy';
import { localDate } from '../../../src/core/time';
import { allJobs } from '../../../src/jobs';
import { runDueJobs } from '../../../src/jobs/scheduler';
import { DEMO_ORG_FILE, loadOrgFile } from '../../../src/node/deps';
import { messageUuid } from '../../../src/platforms/feishu/api';
import { insertLedger, orgOfFile, type Org } from '../../../bench/daily/generate';
import { startFakeFeishu, type FakeFeishu } from '../../fakes/feishu-api';
import { feishuEnv } from '../../feishu/helpers';
import { crashServerBundle } from '../../helpers/built-entries';
import { startFaultProxy, type FaultProxy } from './fault-proxy';

/**
 * The stage of the crash-recovery tests: a database file with the demo organisation and a few
 * hundred open items, the pushes the 09:00 jobs must produce from it (run on a copy), a slow fake
 * Feishu, and the service (crash-server.ts) started and killed as a real child process. Real time:
 * everything waits on counters with bounded timeouts, never on fixed sleeps.
 */
export const NOW = '2026-12-08T09:00:00+08:00';
const ITEMS = 240;

/** The demo organisation in the shape the ledger generator takes. */
export const demoOrg = (): Org => orgOfFile(parseOrgFile(readFileSync(DEMO_ORG_FILE, 'utf8')));

/**
 * What the 09:00 jobs produce from the same data, in a copy of the database: the Feishu uuid of
 * every push, and an outbox row count inside the fan-out of the first job that pushes more than
 * one unit (FAN_OUT_CHUNK pushes are committed at a time), so a crash there leaves part of that job undone.
 */
async function runJobsOnCopy(dir: string, source: string): Promise<{ uuids: Set<string>; midFanOut: number }> {
  const copy = join(dir, 'expected.db');
  copyFileSync(source, copy);
  const { db, close } = openSqlite(copy);
  try {
    const calendar = await loadCalendar(db);
    const rowCount = async () => (await db.select({ key: outbox.dedupeKey }).from(outbox)).length;
    let middle = 0;
    for (const job of allJobs) {
      const before = await rowCount();
      await runDueJobs(db, calendar, [job], new Date(NOW), { settings: { dailyPushAt: '09:00', escalateOnHolidays: false }, pushPlatforms: ['feishu'] });
      if (!middle && (await rowCount()) - before > FAN_OUT_CHUNK) middle = before + FAN_OUT_CHUNK / 2;
    }
    const rows = await db.select({ key: outbox.dedupeKey }).from(outbox);
    return { uuids: new Set(await Promise.all(rows.map((r) => messageUuid(r.key)))), midFanOut: middle };
  } finally {
    close();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls until `done()` (every 20 ms), failing after `timeoutMs`. */
export async function until(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const exited = (child: ChildProcess) =>
  new Promise<string>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(String(child.signalCode ?? child.exitCode));
    else child.once('exit', (code, signal) => resolve(String(signal ?? code)));
  });

export interface CrashScene {
  fake: FakeFeishu;
  /** Feishu uuids of every push the 09:00 jobs must deliver. */
  expected: Set<string>;
  midFanOut: number;
  /** Distinct uuids the fake has accepted so far. */
  delivered(): Set<string>;
  /** Starts the service on the scene's database; `CRASH_NOW` sets its clock. */
  start(env: Record<string, string>): Promise<ChildProcess>;
  expectEachDeliveredOnce(): Promise<void>;
  tearDown(): Promise<void>;
}

export async function crashScene(): Promise<CrashScene> {
  const dir = mkdtempSync(join(tmpdir(), 'duban-crash-'));
  const file = join(dir, 'duban.db');
  const { db, close } = openSqlite(file);
  await loadOrgFile(db, DEMO_ORG_FILE, new Date(NOW));
  await insertLedger(db, demoOrg(), { units: 0, people: 0, items: ITEMS }, localDate(new Date(NOW)));
  close();
  const { uuids: expected, midFanOut } = await runJobsOnCopy(dir, file);
  const fake = await startFakeFeishu();
  // A slow platform: every send takes 15 ms more, so a kill lands while the fan-out is going out.
  const proxy: FaultProxy = await startFaultProxy(fake.url, { delayMs: 15 });
  const children: ChildProcess[] = [];
  // Bundled once per scene: each start then costs a plain `node`, not tsx compiling the app again.
  const server = await crashServerBundle(`crash-scene-${Date.now()}`);

  const delivered = () => new Set(fake.messages.map((m) => m.uuid!));
  const outboxStatus = (): Record<string, number> => {
    const client = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const rows = client.prepare('select status, count(*) as n from outbox group by status').all() as Array<{ status: string; n: number }>;
      return Object.fromEntries(rows.map((r) => [r.status, r.n]));
    } finally {
      client.close();
    }
  };

  return {
    fake,
    expected,
    midFanOut,
    delivered,
    async start(env) {
      const child = spawn(process.execPath, [server.script], {
        env: { ...process.env, ...feishuEnv(fake), FEISHU_BASE_URL: proxy.url, DATABASE_PATH: file, PORT: String(await freePort()), ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout!.on('data', (chunk) => {
        output += chunk;
      });
      child.stderr!.on('data', (chunk) => {
        output += chunk;
      });
      child.on('exit', (code) => {
        if (code) console.error(`crash-server exited with ${code}:\n${output}`);
      });
      children.push(child);
      return child;
    },
    async expectEachDeliveredOnce() {
      await until(`${expected.size} distinct deliveries`, () => delivered().size >= expected.size, 15_000);
      await until('an empty queue', () => !outboxStatus().pending, 5_000);
      const uuids = fake.messages.map((m) => m.uuid!);
      expect(new Set(uuids)).toEqual(expected);
      // What people see: one message per push (a push sent again shows as a raw attempt, not a message).
      expect(uuids).toHaveLength(expected.size);
      expect(outboxStatus()).toEqual({ sent: expected.size });
    },
    async tearDown() {
      for (const child of children) child.kill('SIGKILL');
      await Promise.all(children.map(exited));
      await proxy.close();
      await fake.close();
      server.remove();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
