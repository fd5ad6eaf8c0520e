/**
 * Outbox delivery, in its own process like the server that would drain it: the generated
 * organisation in a temp file database, `BENCH_MESSAGES` pushes enqueued the way a job fans out
 * (outbox rows with dedupe keys), then delivered by the real Feishu sender (SDK client pointed at
 * the limited fake), the directory cached as src/node/deps.ts caches it, and the Node sweeper (src/outbox/sweeper.ts) on the real clock: it drains when
 * the next row is due.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { atomic } from '../../db/atomic';
import { openSqlite } from '../../db/open-sqlite';
import { outbox } from '../../db/schema';
import { parseConfig } from '../../src/config';
import { newEffects } from '../../src/core/effects';
import { text, toPerson, toUnitChat } from '../../src/core/messages';
import { cachedDirectoryLoader } from '../../src/core/org/directory-cache';
import { systemClock } from '../../src/core/time';
import { onDrained, type DrainReport } from '../../src/outbox/drain';
import { startSweeper } from '../../src/outbox/sweeper';
import { outboxStatements } from '../../src/outbox/enqueue';
import { feishuSender } from '../../src/platforms/feishu/api';
import { reportFailure, serveParent } from '../lib/child';
import { FULL_SCALE, generateOrg, importGenerated } from '../daily/generate';
import { ledgerFileSource } from '../../src/export/ledger-file';

/** How often the child looks whether everything went out (a count, not a drain). */
const POLL_MS = 100;
/** Every 10th push goes to a unit's group chat, spread over this many groups. */
const GROUPS = 4;

export const marker = (i: number) => `#${i}#`;

async function main() {
  const messages = Number(process.env.BENCH_MESSAGES ?? 1000);
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-outbox-'));
  const { db, close } = openSqlite(join(dir, 'duban.db'));
  const org = generateOrg(FULL_SCALE);
  await importGenerated(db, org, systemClock.now());
  const people = org.people.filter((p) => p.feishu_open_id).map((p) => p.id);
  const groups = org.workUnits.slice(0, GROUPS);
  if (people.length < messages) throw new Error(`only ${people.length} people for ${messages} pushes`);

  const effects = newEffects();
  for (let i = 0; i < messages; i++) {
    const to = i % 10 === 9 ? toUnitChat(groups[Math.floor(i / 10) % GROUPS]!) : toPerson(people[i]!);
    effects.pushes.push({ to, message: text(`督办提醒 ${marker(i)}：请于今日下班前报送进展。`), key: `bench:outbox:${i}` });
  }
  const statements = outboxStatements(db, effects, { now: systemClock.now(), pushPlatforms: ['feishu'] });
  for (let i = 0; i < statements.length; i += 200) await atomic(db, statements.slice(i, i + 200));

  const config = parseConfig({
    FEISHU_APP_ID: 'cli_bench',
    FEISHU_APP_SECRET: 'bench',
    FEISHU_VERIFICATION_TOKEN: 'bench',
    FEISHU_BASE_URL: process.env.BENCH_FAKE_URL!,
  }).feishu!;
  const deps = {
    db,
    clock: systemClock,
    senders: { feishu: feishuSender(config, { files: ledgerFileSource(db, systemClock) }) },
    loadDirectory: cachedDirectoryLoader(db),
  };
  const pending = async () => (await db.select({ n: count() }).from(outbox).where(eq(outbox.status, 'pending')))[0]!.n;

  serveParent(
    {
      async deliver(message: { timeoutMs: number }) {
        const totals: Omit<DrainReport, 'planFrom'> = { sent: 0, failed: 0, retrying: 0, deferred: 0 };
        const started = Date.now();
        let sweeps = 0;
        const unsubscribe = onDrained(db, (report) => {
          sweeps++;
          for (const k of Object.keys(totals) as Array<keyof typeof totals>) totals[k] += report?.[k] ?? 0;
        });
        const sweeper = startSweeper(deps);
        while ((await pending()) > 0 && Date.now() - started < message.timeoutMs) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        await sweeper.stop();
        unsubscribe();
        const [failed] = await db.select({ n: count() }).from(outbox).where(eq(outbox.status, 'failed'));
        return { sweeps, totals, pending: await pending(), failed: failed!.n, elapsedMs: Date.now() - started };
      },
    },
    () => {
      close();
      rmSync(dir, { recursive: true, force: true });
    },
  );
  process.send!({ type: 'ready', enqueued: messages });
}

main().catch(reportFailure);
