/**
 * The drain under a backlog, on the injected clock (no network, no sleeping): BACKLOG pushes to
 * distinct people queued at once, then one more every 50 ms from others (20/s), delivered by a
 * sender that answers at once under Feishu's limits. Prints what each pass cost in wall time, the
 * longest the event loop was held, and whether rows went out oldest first.
 *
 *   npx tsx bench/outbox/backlog.ts            BACKLOG=5000 SIM_SEC=400 LATENCY_MS=80
 *   node --cpu-prof --import tsx bench/outbox/backlog.ts   to profile it
 */
import { performance } from 'node:perf_hooks';
import { atomic } from '../../db/atomic';
import { openSqlite } from '../../db/open-sqlite';
import { newEffects } from '../../src/core/effects';
import { text, toPerson } from '../../src/core/messages';
import type { Directory } from '../../src/core/org/directory';
import { fixedClock } from '../../src/core/time';
import { drainOutbox, type DrainReport } from '../../src/outbox/drain';
import { outboxStatements } from '../../src/outbox/enqueue';
import { recipientIdOf, type PlatformSender } from '../../src/outbox/sender';
import { nextWakeAt } from '../../src/outbox/sweeper';
import { seeded } from '../lib/seeded';
import { FEISHU_LIMITS } from '../../src/platforms/feishu/delivery';

const backlog = Number(process.env.BACKLOG ?? 5000);
const simMs = Number(process.env.SIM_SEC ?? 400) * 1000;
const latencyMs = Number(process.env.LATENCY_MS ?? 80);
const random = seeded(16);
const ARRIVAL_MS = 50;
const MIN_GAP_MS = 5;

const { db, close } = openSqlite(':memory:');
const t0 = Date.UTC(2026, 10, 26, 1, 0, 0);
const clock = fixedClock(new Date(t0));
const sent: Array<{ key: string; at: number }> = [];
const sender: PlatformSender = {
  platform: 'feishu',
  limits: FEISHU_LIMITS,
  async send(request) {
    const leftAt = clock.now().getTime();
    sent.push({ key: `${recipientIdOf(request.to)}`, at: leftAt - t0 });
    // Answered a seeded 5–LATENCY_MS ms later: the clock moves to the latest answer so far.
    await new Promise((resolve) => setImmediate(resolve));
    if (latencyMs > 0) clock.set(new Date(Math.max(clock.now().getTime(), leftAt + random.int(5, latencyMs))));
    return { messageId: `om_${request.dedupeKey}` };
  },
  async update() {},
};
const deps = { db, clock, senders: { feishu: sender }, loadDirectory: async () => ({}) as Directory };

async function enqueue(ids: string[]) {
  const effects = newEffects();
  for (const id of ids) effects.pushes.push({ to: toPerson(id), message: text('请于本周五前报送进展。'), key: id });
  const statements = outboxStatements(db, effects, { now: clock.now(), pushPlatforms: ['feishu'] });
  for (let i = 0; i < statements.length; i += 500) await atomic(db, statements.slice(i, i + 500));
}

/** The longest stretch the event loop was held while a pass ran (setImmediate ticks). */
let maxStallMs = 0;
const holds: number[] = [];
let ticking = 0;
function tick(generation: number, last: number) {
  setImmediate(() => {
    if (ticking !== generation) return;
    const now = performance.now();
    maxStallMs = Math.max(maxStallMs, now - last);
    holds.push(now - last);
    tick(generation, now);
  });
}

const holdP99 = () => [...holds].sort((a, b) => a - b)[Math.floor(holds.length * 0.99)] ?? 0;

async function main() {
  // The backlog arrives over its first BACKLOG_SEC seconds (a burst of requests), the rest after it.
  const backlogMs = Number(process.env.BACKLOG_SEC ?? 3) * 1000;
  let queued = 0;
  let arrivals = 0;
  const passMs: number[] = [];
  let report: DrainReport | undefined;
  const started = performance.now();
  let cpuInPasses = 0;
  while (clock.now().getTime() - t0 < simMs) {
    const now = clock.now().getTime() - t0;
    const due: string[] = [];
    while (queued < backlog && (queued * backlogMs) / backlog <= now) due.push(`b${String(queued++).padStart(5, '0')}`);
    if (now >= backlogMs) while (backlogMs + arrivals * ARRIVAL_MS <= now) due.push(`n${String(arrivals++).padStart(5, '0')}`);
    if (due.length) await enqueue(due);
    tick(++ticking, performance.now());
    const before = performance.now();
    const cpu = process.cpuUsage();
    report = await drainOutbox(deps);
    const used = process.cpuUsage(cpu);
    cpuInPasses += (used.user + used.system) / 1000;
    passMs.push(performance.now() - before);
    ticking++;
    const wake = (await nextWakeAt(db, report, clock.now()))?.getTime() ?? Infinity;
    const nextArrival = t0 + (queued < backlog ? (queued * backlogMs) / backlog : backlogMs + arrivals * ARRIVAL_MS);
    clock.set(new Date(Math.max(clock.now().getTime() + MIN_GAP_MS, Math.min(wake, nextArrival))));
  }
  const wallMs = performance.now() - started;
  const burst = sent.filter((s) => s.key.startsWith('b'));
  const lastBurst = burst.at(-1)?.at ?? NaN;
  const overtook = sent.filter((s) => s.key.startsWith('n') && s.at < lastBurst).length;
  let inversions = 0;
  for (let i = 1; i < sent.length; i++) if (sent[i]!.key.startsWith('b') && sent[i - 1]!.key.startsWith('n')) inversions++;
  const sorted = [...passMs].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(2);
  console.log(`backlog ${backlog}, ${simMs / 1000} s simulated in ${(wallMs / 1000).toFixed(1)} s wall, ${passMs.length} passes`);
  console.log(`CPU in drain passes: ${((cpuInPasses / sent.length) * 1000).toFixed(0)} µs per row sent`);
  console.log(
    `pass wall time: p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${pct(100)} ms; event-loop holds p99 ${holdP99().toFixed(1)} ms, longest ${maxStallMs.toFixed(1)} ms, ${holds.filter((h) => h > 20).length} over 20 ms`,
  );
  console.log(
    `sent ${sent.length} (${burst.length}/${backlog} of the backlog, last at ${(lastBurst / 1000).toFixed(1)} s); ${overtook} newer rows went before the backlog's last; ${inversions} backlog rows right after a newer one`,
  );
  const outOfOrder = burst.filter((s, i) => i > 0 && s.key < burst[i - 1]!.key).length;
  // How late the latest of those went: ms after the first later row, and how many rows went between.
  let lateMs = 0;
  let lateRows = 0;
  const firstAfter = new Map<string, number>();
  burst.forEach((s, i) => {
    for (let j = i - 1; j >= 0 && j >= i - 500; j--) if (burst[j]!.key > s.key) firstAfter.set(s.key, j);
    const j = firstAfter.get(s.key);
    if (j !== undefined) {
      lateMs = Math.max(lateMs, s.at - burst[j]!.at);
      lateRows = Math.max(lateRows, i - j);
    }
  });
  console.log(`backlog rows sent after a later backlog row: ${outOfOrder} (at most ${lateRows} rows, ${lateMs} ms late)`);
  close();
}

main();
