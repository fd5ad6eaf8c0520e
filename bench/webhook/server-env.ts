import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import { openSqlite } from '../../db/open-sqlite';
import { inboundEvents, outbox } from '../../db/schema';
import type { AppDeps } from '../../src/app-env';
import { parseConfig } from '../../src/config';
import { systemClock } from '../../src/core/time';
import { buildNodeDeps, DEMO_ORG_FILE, loadOrgFile } from '../../src/node/deps';
import { FULL_SCALE, generateOrg, importGenerated } from '../daily/generate';

/** The Feishu app both servers are configured with; the load generator signs and encrypts with the same. */
export const BENCH_FEISHU = {
  appId: 'cli_bench',
  appSecret: 'bench-app-secret',
  encryptKey: 'bench-encrypt-key',
  verificationToken: 'bench-verification-token',
};

/**
 * What both webhook servers share: a better-sqlite3 file database in a fresh temp directory (WAL,
 * migrated), the demo organisation (`BENCH_ORG=large`: the generated 2 000 people and 300 units of
 * the daily benchmark), and the app's dependencies exactly as `src/node.ts` builds them
 * (`buildNodeDeps`, system clock). One difference from `npm start`: no delivery runs — the deferred
 * drain and the sweeper are left out, in both servers alike, so the figure is the webhook's own work
 * (authenticate, decrypt, dedupe, run the command, commit reply + outbox row); the outbox section
 * measures delivery. The burst section (bench/burst) passes a Feishu URL and a `defer` to deliver.
 */
export async function benchDeps(
  options: { feishuBaseUrl?: string; defer?: AppDeps['defer'] } = {},
): Promise<{ deps: AppDeps; counts(): Promise<{ inbound: number; outbox: number }>; cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-'));
  const databasePath = join(dir, 'duban.db');
  const { db, close } = openSqlite(databasePath);
  const config = parseConfig({
    DATABASE_PATH: databasePath,
    FEISHU_APP_ID: BENCH_FEISHU.appId,
    FEISHU_APP_SECRET: BENCH_FEISHU.appSecret,
    FEISHU_ENCRYPT_KEY: BENCH_FEISHU.encryptKey,
    FEISHU_VERIFICATION_TOKEN: BENCH_FEISHU.verificationToken,
    // Never called: nothing is delivered (see above), and p2p messages need no bot open_id.
    FEISHU_BASE_URL: options.feishuBaseUrl ?? 'http://127.0.0.1:9',
  });
  if (process.env.BENCH_ORG === 'large') await importGenerated(db, generateOrg(FULL_SCALE), systemClock.now());
  else await loadOrgFile(db, DEMO_ORG_FILE, systemClock.now());
  const deps = buildNodeDeps(config, db, { ...systemClock }, options.defer ?? (() => undefined));
  return {
    deps,
    async counts() {
      const [[inbound], [queued]] = await Promise.all([db.select({ n: count() }).from(inboundEvents), db.select({ n: count() }).from(outbox)]);
      return { inbound: inbound!.n, outbox: queued!.n };
    },
    cleanup() {
      close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
