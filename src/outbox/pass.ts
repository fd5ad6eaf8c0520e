import { eq } from 'drizzle-orm';
import type { AppDb } from '../../db/types';
import { outbox } from '../../db/schema';
import type { Platform } from '../core/inbound';
import type { Directory } from '../core/org/directory';
import type { Clock } from '../core/time';
import { deliverRow, failureOf, sendRequestOf, targetOf, type Delivery, type Outcome } from './deliver';
import { createLane, inFlightCap, type Lane } from './lane';
import { claimRows, dueRows, dueRowsById, hasEarlierPendingSend, reschedule, type OutboxRow } from './rows';
import { decide, isFull, rowsToRead, scheduleOf, type Schedule } from './schedule';
import type { PlatformSender } from './sender';
import { settle, type DrainReport } from './settle';

export interface DrainDeps {
  db: AppDb;
  clock: Clock;
  senders: Partial<Record<Platform, PlatformSender>>;
  loadDirectory(): Promise<Directory>;
}

export interface DrainOptions {
  limit?: number;
  /** How long a claimed row stays invisible to other workers (a crashed worker's row comes back after it). */
  leaseMs?: number;
  maxAttempts?: number;
}

/**
 * 12 attempts with doubling backoff span about 70 minutes, enough to ride out a short platform
 * outage; a send that still fails is marked failed and listed by /投递失败.
 */
const DEFAULTS = { limit: 50, leaseMs: 60_000, maxAttempts: 12 };

/** A refresh waiting for the card it replaces to go out first checks back this soon. */
const REFRESH_WAIT_MS = 500;

/**
 * Lets what waits on the event loop (webhook requests) run between rounds of a pass. Planning writes
 * one slot per row, synchronously on better-sqlite3: when a pass planned a whole backlog, 2 000 due
 * replies made one unbroken chain of writes, and requests arriving meanwhile waited for all of it
 * (bench/burst). A round plans at most `limit` rows, a pass about two windows' worth (schedule.ts).
 */
const breathe = () => new Promise<void>((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

/** Order kept: one send at a time per recipient, and a refresh after the cards about its subject. */
const subjectOf = (row: OutboxRow) => `subject:${row.platform}:${row.subject}`;
const holds = (row: OutboxRow) => [targetOf(row), ...(row.op === 'send' && row.subject ? [subjectOf(row)] : [])];
const waitsFor = (row: OutboxRow) => [targetOf(row), ...(row.op === 'refresh' ? [subjectOf(row)] : [])];

/** Rows one call can carry: the same message to several people, on a platform with `sendBatch`. */
function batchKey(row: OutboxRow, sender: PlatformSender): string | undefined {
  if (!sender.sendBatch || row.op !== 'send' || row.recipientType !== 'person' || row.replyTo) return undefined;
  return `${row.platform}|${row.urgent}|${JSON.stringify(row.payload)}`;
}

/**
 * Delivers every row due now, and what those deliveries make due (an urgent mark after its message).
 * Rows are claimed with a lease just before they go, and each platform keeps several in flight
 * (lane.ts), never two to one recipient: a card and its refresh arrive in order. The platform's
 * schedule is asked before a row is claimed (schedule.ts), so a row it has no room for is written
 * once, with its next slot — or, in a backlog beyond its horizon, not at all until its turn comes.
 */
export async function drainPass(deps: DrainDeps, options: DrainOptions = {}): Promise<DrainReport> {
  const { limit, leaseMs, maxAttempts } = { ...DEFAULTS, ...options };
  const { db, clock } = deps;
  const report: DrainReport = { sent: 0, failed: 0, retrying: 0, deferred: 0 };
  const seen = new Set<number>();
  /** Recipients with a send in flight, and subjects with cards in flight (how many): what follows waits for them. */
  const busy = new Map<string, number>();
  const lanes = new Map<string, Lane>();
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  // Recipients (and subjects) whose earlier row waits for a send in flight in this round: what
  // follows them waits behind it.
  let waiting = new Set<string>();
  const blocked = (r: OutboxRow) => waitsFor(r).some((k) => busy.has(k) || waiting.has(k));
  const occupy = (k: string) => busy.set(k, (busy.get(k) ?? 0) + 1);
  const free = (k: string) => (busy.get(k) === 1 ? busy.delete(k) : busy.set(k, busy.get(k)! - 1));
  let dir: Directory | undefined;
  const enabled = Object.entries(deps.senders).flatMap(([platform, sender]) => (sender ? [{ platform, sender }] : []));
  const senders = enabled.map(({ sender }) => sender);
  const scheduleOfPlatform = (platform: string) => {
    const sender = deps.senders[platform as Platform];
    return sender && scheduleOf(sender);
  };
  /**
   * The rows to look at, oldest first: those due longest (of the platforms not full: a full one's
   * unplanned rows wait, and are not read again and again), and those whose planned slot has come
   * or lapsed. Several platforms: a full one's backlog is skipped in SQL, not to starve the others.
   */
  const due = async (now: Date) => {
    const open = enabled.filter(({ sender }) => !isFull(scheduleOf(sender), now)).map(({ platform }) => platform);
    const rows = open.length === 0 ? [] : await dueRows(db, now, limit, open.length === enabled.length ? undefined : open);
    const schedules = senders.flatMap((sender) => scheduleOf(sender) ?? []);
    const byId = await dueRowsById(
      db,
      now,
      schedules.flatMap((schedule) => rowsToRead(schedule, now, leaseMs)),
    );
    // A lapsed row no longer due (sent by another worker, or claimed) is forgotten.
    const found = new Set(byId.map((r) => r.id));
    for (const schedule of schedules) for (const id of schedule.lapsed) if (!found.has(id)) schedule.lapsed.delete(id);
    return [...new Map([...rows, ...byId].map((r) => [r.id, r])).values()].sort((a, b) => a.id - b.id);
  };

  /** Gives a row the slot the limiter planned for it: one write, no attempt spent; it goes when due. */
  const defer = async (row: OutboxRow, schedule: Schedule, slot: number) => {
    schedule.planned.set(row.id, slot);
    report.deferred++;
    await reschedule(db, row.id, clock.now(), new Date(slot));
  };

  const laneOf = (platform: string, sender: PlatformSender) => {
    let lane = lanes.get(platform);
    if (!lane) lanes.set(platform, (lane = createLane(inFlightCap(sender.limits))));
    return lane;
  };

  /** Sends claimed rows (one, or one batch) and settles each; the lane slot is freed once they are written. */
  const launch = (rows: OutboxRow[], sender: PlatformSender, lane: Lane, delivery: Delivery, takenAt: Date | undefined) => {
    const targets = rows.map(targetOf);
    const keys = rows.flatMap(holds);
    const limiter = scheduleOf(sender)?.limiter;
    keys.forEach(occupy);
    const task = (async () => {
      try {
        const outcomes: Outcome[] =
          rows.length === 1 && !batchKey(rows[0]!, sender) ? [await deliverRow(delivery, rows[0]!)] : await deliverBatch(delivery, rows);
        const at = clock.now();
        if (takenAt) limiter?.answered(targets[0]!, takenAt, at, delivery.now);
        const settling = { db, at, sender, maxAttempts, limiter, report };
        for (const [i, row] of rows.entries()) await settle(settling, row, outcomes[i]!);
      } catch (error) {
        failure ??= { error };
      } finally {
        keys.forEach(free);
        lane.release();
      }
    })();
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  };

  for (let round = 0; ; round++) {
    if (failure) break;
    if (round > 0) await breathe();
    const open = (await due(clock.now())).filter((r) => !seen.has(r.id));
    waiting = new Set();
    const seenBefore = seen.size;
    // A platform found full in this round: the next reads the others' rows apart from its backlog.
    let filled = false;
    for (const [i, row] of open.entries()) {
      if (seen.has(row.id)) continue;
      const sender = deps.senders[row.platform as Platform];
      const schedule = scheduleOfPlatform(row.platform);
      const limiter = schedule?.limiter;
      const target = targetOf(row);
      // A refresh asks the limiter per card it patches (deliver.ts); anything else once, here.
      const gated = row.op !== 'refresh' && schedule !== undefined;
      let slot: number | undefined;
      if (gated) {
        const decision = decide(schedule, row.id, target, clock.now());
        if (decision.kind === 'wait') {
          filled ||= decision.filled;
          continue;
        }
        slot = decision.slot;
        if (decision.kind === 'later') {
          seen.add(row.id);
          await defer(row, schedule, slot);
          continue;
        }
      }
      if (blocked(row)) {
        // It keeps its slot (and its place): once its recipient's send is out it goes, even when
        // the platform is full by then.
        if (gated) schedule.planned.set(row.id, slot!);
        holds(row).forEach((k) => waiting.add(k));
        continue;
      }
      seen.add(row.id);
      if (!sender) {
        report.failed++;
        await db
          .update(outbox)
          .set({ status: 'failed', lastError: `平台 ${row.platform} 未启用` })
          .where(eq(outbox.id, row.id));
        continue;
      }
      const lane = laneOf(row.platform, sender);
      await lane.acquire();
      const now = clock.now();
      if (gated && schedule.limiter.pausedUntil() > now.getTime()) {
        // A 429 a sibling met while this row waited for its lane holds it back too: a slot after the pause.
        lane.release();
        schedule.limiter.release(target, slot!);
        await defer(row, schedule, schedule.limiter.takeSlot(target, now));
        continue;
      }
      if (row.op === 'refresh' && (await hasEarlierPendingSend(db, row))) {
        // The card this refresh replaces is not out yet: wait for it, without spending an attempt.
        lane.release();
        await reschedule(db, row.id, now, new Date(now.getTime() + REFRESH_WAIT_MS));
        continue;
      }
      const key = batchKey(row, sender);
      const companions = key
        ? open
            .slice(i + 1)
            .filter((c) => !seen.has(c.id) && !blocked(c) && !schedule?.planned.has(c.id) && batchKey(c, sender) === key)
            .slice(0, (sender.batchSize ?? 1) - 1)
        : [];
      companions.forEach((c) => seen.add(c.id));
      const claimed = await claimRows(db, [row.id, ...companions.map((c) => c.id)], now, leaseMs);
      if (claimed.length === 0) {
        lane.release();
        if (gated) schedule.limiter.release(target, slot!);
        continue;
      }
      dir ??= await deps.loadDirectory();
      launch(
        claimed.sort((a, b) => a.id - b.id),
        sender,
        lane,
        {
          db,
          dir,
          sender,
          now,
          gate: (t) => limiter?.take(t, clock.now()) ?? 0,
        },
        gated ? new Date(slot!) : undefined,
      );
    }
    if (seen.size === seenBefore && !filled) {
      // Everything due waits for a send in flight (or nothing is due): wait for one to end.
      if (inFlight.size === 0) break;
      await Promise.race(inFlight);
    }
  }
  await Promise.all(inFlight);
  if (failure) throw failure.error;
  const planFrom = senders.map((sender) => scheduleOf(sender)?.fullUntil ?? 0).filter((until) => until > clock.now().getTime());
  if (planFrom.length) report.planFrom = new Date(Math.min(...planFrom));
  return report;
}

/** Rows carrying one message to several people, in as few calls as the platform allows (DingTalk batchSend). */
async function deliverBatch({ dir, sender }: Delivery, rows: OutboxRow[]): Promise<Outcome[]> {
  try {
    const results = await sender.sendBatch!(rows.map((row) => sendRequestOf(row, dir)));
    return results.map((r) => ('messageId' in r ? { kind: 'done', messageIds: [r.messageId] } : failureOf(r.error)));
  } catch (error) {
    return rows.map(() => failureOf(error));
  }
}
