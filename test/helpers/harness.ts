import { openSqlite } from '../../db/open-sqlite';
import type { AppDb } from '../../db/types';
import { createApp } from '../../src/app';
import type { AppDeps } from '../../src/app-env';
import { parseConfig } from '../../src/config';
import type { Platform } from '../../src/core/inbound';
import { adjustableClock } from '../../src/core/adjustable-clock';
import { fixedClock } from '../../src/core/time';
import { buildNodeDeps, DEMO_ORG_FILE, loadOrgFile } from '../../src/node/deps';
import type { PlatformSender } from '../../src/outbox/sender';

export interface Harness {
  db: AppDb;
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  clock: ReturnType<typeof fixedClock>;
  /** Waits for everything handed to `defer` (work after the response). */
  settle(): Promise<void>;
  close(): void;
}

/**
 * A fresh app on an in-memory database with the demo organisation and a fixed clock.
 * `env` is parsed exactly like production config; senders for real platforms can be injected.
 */
export async function makeHarness(
  options: {
    now?: string;
    env?: Record<string, string>;
    senders?: Partial<Record<Platform, PlatformSender>>;
    /**
     * Run the app's clock as `node.ts` does with SANDBOX=1: a sandbox clock over real time. `clock` is
     * then real time, moved only by the test; `/sandbox/api/clock` moves the sandbox clock alone.
     */
    sandboxClockOverRealTime?: boolean;
  } = {},
): Promise<Harness> {
  const { db, close } = openSqlite(':memory:');
  const clock = fixedClock(options.now ?? '2026-11-26T09:00:00+08:00');
  const appClock = options.sandboxClockOverRealTime ? adjustableClock(clock) : clock;
  const config = parseConfig({ DATABASE_PATH: ':memory:', ...options.env });
  const pending: Promise<unknown>[] = [];
  await loadOrgFile(db, DEMO_ORG_FILE, clock.now());
  const deps = buildNodeDeps(config, db, appClock, (task) => void pending.push(task()), options.senders);
  const app = createApp(() => deps);
  return {
    db,
    deps,
    app,
    clock,
    async settle() {
      while (pending.length) await pending.shift();
    },
    close,
  };
}

/** A response's status and body: parsed JSON, or the raw text when it is not JSON. */
export async function readResponse(res: Response): Promise<{ status: number; body: any }> {
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}

/** POSTs JSON to the app and returns status and parsed body. */
export async function postJson(app: Harness['app'], path: string, body: unknown, headers: Record<string, string> = {}) {
  return readResponse(
    await app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

export async function getJson(app: Harness['app'], path: string) {
  const res = await app.request(path);
  return { status: res.status, body: (await res.json()) as any };
}
