import { and, asc, eq, gt, gte, lt, lte, sql } from 'drizzle-orm';
import type { AppDb } from '../../db/types';
import { atomic, type Statement } from '../../db/atomic';
import { deliveredMessages, outbox } from '../../db/schema';
import type { Platform } from '../core/inbound';
import type { Message, Recipient } from '../core/messages';
import type { Directory } from '../core/org/directory';
import type { Clock } from '../core/time';
import type { RefreshPayload } from './enqueue';
import { createRateLimiter, type RateLimiter } from './rate-limit';
import { PermanentDeliveryError, RetryableDeliveryError, type DeliveryRecipient, type PlatformSender } from './sender';

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

export interface DrainReport {
  sent: number;
  failed: number;
  retrying: number;
  /** Rows the platform's rate limit had no room for (put back, or left due untouched): they go out once it has. */
  deferred: number;
}

type OutboxRow = typeof outbox.$inferSelect;

/**
 * 12 attempts with doubling backoff span about 70 minutes, enough to ride out a short platform
 * outage; a send that still fails is marked failed and listed by /投递失败.
 */
const DEFAULTS = { limit: 50, leaseMs: 60_000, maxAttempts: 12 };

/** A refresh waiting for the card it replaces to go out first checks back this soon. */
const REFRESH_WAIT_MS = 500;

/** Exponential backoff capped at an hour, or what the platform asked for. */
export function backoffMs(attempts: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.max(retryAfterMs, 200);
  return Math.min(2 ** attempts * 1000, 3_600_000);
}

/** One limiter per sender instance, so every drain of a process shares the platform's budget. */
const limiters = new WeakMap<PlatformSender, RateLimiter>();
function limiterOf(sender: PlatformSender): RateLimiter | undefined {
  if (!sender.limits) return undefined;
  let limiter = limiters.get(sender);
  if (!limiter) limiters.set(sender, (limiter = createRateLimiter(sender.limits)));
  return limiter;
}

/**
 * Delivers due outbox rows. Driven after each response (`defer`) and by a periodic sweeper, so
 * nothing depends on one of them finishing. A row is claimed with a lease (a conditional UPDATE),
 * so two workers never send it at once; a crash between send and mark-sent sends it again after the
 * lease with the same dedupe key, which the platform uses to drop the copy (Feishu `uuid`).
 * Rows beyond the platform's rate limit are put back with a later `next_attempt_at`: the drain never sleeps.
 */
export async function drainOutbox(deps: DrainDeps, options: DrainOptions = {}): Promise<DrainReport> {
  const { limit, leaseMs, maxAttempts } = { ...DEFAULTS, ...options };
  const report: DrainReport = { sent: 0, failed: 0, retrying: 0, deferred: 0 };
  let dir: Directory | undefined;
  const seen = new Set<number>();
  // Platforms whose app-wide budget is spent in this pass: all their due rows were moved to when it
  // has room again, in one statement (claiming and putting back each row would cost two writes a row
  // and, with a large fan-out, halve the delivery rate).
  const spent = new Set<string>();
  for (;;) {
    const now = deps.clock.now();
    const due = await deps.db.select().from(outbox)
      .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)))
      .orderBy(asc(outbox.id)).limit(limit);
    const fresh = due.filter((r) => !seen.has(r.id));
    if (fresh.length === 0) return report;
    for (const candidate of fresh) {
      seen.add(candidate.id);
      if (spent.has(candidate.platform)) continue;
      const candidateSender = deps.senders[candidate.platform as Platform];
      const appWait = candidateSender ? limiterOf(candidateSender)?.appWait(deps.clock.now()) ?? 0 : 0;
      if (appWait > 0) {
        spent.add(candidate.platform);
        report.deferred += await postponePlatform(deps.db, candidate.platform, now, appWait);
        continue;
      }
      const row = await claim(deps.db, candidate.id, now, leaseMs);
      if (!row) continue;
      const sender = deps.senders[row.platform as Platform];
      if (!sender) {
        report.failed++;
        await deps.db.update(outbox).set({ status: 'failed', lastError: `平台 ${row.platform} 未启用` }).where(eq(outbox.id, row.id));
        continue;
      }
      if (row.op === 'refresh' && (await hasEarlierPendingSend(deps.db, row))) {
        // The card this refresh replaces is not out yet: wait for it, without spending an attempt.
        await putBack(deps.db, row, new Date(now.getTime() + REFRESH_WAIT_MS));
        continue;
      }
      dir ??= await deps.loadDirectory();
      const limiter = limiterOf(sender);
      const outcome = await deliverRow({
        db: deps.db, row, dir, sender, now,
        gate: (target) => limiter?.take(target, deps.clock.now()) ?? 0,
      });
      await record(deps, row, outcome, { maxAttempts, limiter, report });
    }
  }
}

async function claim(db: AppDb, id: number, now: Date, leaseMs: number): Promise<OutboxRow | undefined> {
  const [row] = await db.update(outbox)
    .set({ nextAttemptAt: new Date(now.getTime() + leaseMs), attempts: sql`${outbox.attempts} + 1` })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)))
    .returning();
  return row;
}

/** Moves every due row of `platform` to when its rate limit has room; answers how many. */
async function postponePlatform(db: AppDb, platform: string, now: Date, waitMs: number): Promise<number> {
  const moved = await db.update(outbox)
    .set({ nextAttemptAt: new Date(now.getTime() + waitMs) })
    .where(and(eq(outbox.status, 'pending'), eq(outbox.platform, platform), lte(outbox.nextAttemptAt, now)))
    .returning({ id: outbox.id });
  return moved.length;
}

/** Returns a claimed row to the queue for `at`, giving back the attempt the claim counted. */
function putBack(db: AppDb, row: OutboxRow, at: Date, payload?: unknown) {
  return db.update(outbox)
    .set({ attempts: row.attempts - 1, nextAttemptAt: at, ...(payload ? { payload } : {}) })
    .where(eq(outbox.id, row.id));
}

async function hasEarlierPendingSend(db: AppDb, row: OutboxRow): Promise<boolean> {
  const [earlier] = await db.select({ id: outbox.id }).from(outbox)
    .where(and(eq(outbox.subject, row.subject!), eq(outbox.platform, row.platform), eq(outbox.op, 'send'), eq(outbox.status, 'pending'), lt(outbox.id, row.id)))
    .limit(1);
  return Boolean(earlier);
}

type Outcome =
  | { kind: 'done'; messageIds: string[] }
  /** The rate limit had no room: try again after `waitMs`, the attempt not counted. */
  | { kind: 'deferred'; waitMs: number; payload?: RefreshPayload }
  | { kind: 'error'; permanent: boolean; error: string; retryAfterMs?: number; payload?: RefreshPayload };

interface Delivery {
  db: AppDb;
  row: OutboxRow;
  dir: Directory;
  sender: PlatformSender;
  now: Date;
  /** Asks the rate limiter for one call to `target`: 0 = go, otherwise milliseconds to wait. */
  gate(target: string): number;
}

function recipientOf(row: OutboxRow): DeliveryRecipient {
  if (row.recipientType === 'unit_chat') return { type: 'unit_chat', unitId: row.recipientId };
  if (row.recipientType === 'platform_user') return { type: 'platform_user', platformUserId: row.recipientId };
  return { type: 'person', personId: row.recipientId };
}

function failureOf(error: unknown): Extract<Outcome, { kind: 'error' }> {
  if (error instanceof PermanentDeliveryError) return { kind: 'error', permanent: true, error: error.message };
  const retryAfterMs = error instanceof RetryableDeliveryError ? error.retryAfterMs : undefined;
  return { kind: 'error', permanent: false, error: String((error as Error)?.message ?? error).slice(0, 500), retryAfterMs };
}

async function deliverRow(delivery: Delivery): Promise<Outcome> {
  const { row, dir, sender, gate } = delivery;
  if (row.op === 'refresh') return refreshCards(delivery);
  const waitMs = gate(`${row.recipientType}:${row.recipientId}`);
  if (waitMs > 0) return { kind: 'deferred', waitMs };
  try {
    if (row.op === 'urgent') {
      if (!sender.urgent) throw new PermanentDeliveryError(`平台 ${row.platform} 不支持加急`);
      await sender.urgent(row.replyTo!, recipientOf(row) as Recipient, dir);
      return { kind: 'done', messageIds: [] };
    }
    const { messageId } = await sender.send({
      to: recipientOf(row), dir, message: row.payload as Message, dedupeKey: row.dedupeKey, replyTo: row.replyTo ?? undefined, urgent: row.urgent,
    });
    return { kind: 'done', messageIds: [messageId] };
  } catch (error) {
    return failureOf(error);
  }
}

/**
 * Patches every card already delivered about the row's subject, in delivery order. When the rate
 * limit or an error cuts it short, `patchedThrough` records the progress so a retry continues
 * where it stopped; a card the platform refuses for good (too old, chat dissolved) is skipped and reported.
 */
async function refreshCards({ db, row, sender, gate, now }: Delivery): Promise<Outcome> {
  const payload = row.payload as RefreshPayload;
  const targets = await db.select({ id: deliveredMessages.id, messageId: deliveredMessages.platformMessageId }).from(deliveredMessages)
    .where(and(
      eq(deliveredMessages.subject, row.subject!),
      eq(deliveredMessages.platform, row.platform),
      gt(deliveredMessages.id, payload.patchedThrough ?? 0),
      ...(sender.cardsUpdatableForMs ? [gte(deliveredMessages.sentAt, new Date(now.getTime() - sender.cardsUpdatableForMs))] : []),
    ))
    .orderBy(asc(deliveredMessages.id));
  const skipped: string[] = [];
  let progress = payload;
  for (const target of targets) {
    if (payload.except?.includes(target.messageId)) continue;
    const waitMs = gate(`message:${target.messageId}`);
    if (waitMs > 0) return { kind: 'deferred', waitMs, payload: progress };
    try {
      await sender.update(target.messageId, payload.card);
    } catch (error) {
      if (!(error instanceof PermanentDeliveryError)) return { ...failureOf(error), payload: progress };
      skipped.push(`${target.messageId}：${error.message}`);
    }
    progress = { ...progress, patchedThrough: target.id };
  }
  if (skipped.length) return { kind: 'error', permanent: true, error: `${skipped.length} 张卡片未能更新：${skipped.join('；')}`.slice(0, 500) };
  return { kind: 'done', messageIds: [] };
}

/** Writes what happened to a claimed row: sent (with what it delivered), put back, retried or failed. */
async function record(
  deps: DrainDeps,
  row: OutboxRow,
  outcome: Outcome,
  { maxAttempts, limiter, report }: { maxAttempts: number; limiter?: RateLimiter; report: DrainReport },
): Promise<void> {
  const { db } = deps;
  const at = deps.clock.now();
  if (outcome.kind === 'done') {
    report.sent++;
    const statements: Statement[] = [
      db.update(outbox).set({ status: 'sent', sentAt: at, lastError: null }).where(eq(outbox.id, row.id)),
      ...outcome.messageIds.map((messageId) => db.insert(deliveredMessages).values({
        outboxId: row.id, platform: row.platform, platformMessageId: messageId,
        recipientType: row.recipientType, recipientId: row.recipientId, subject: row.subject, sentAt: at,
      })),
    ];
    const sender = deps.senders[row.platform as Platform];
    if (row.op === 'send' && row.urgent && row.recipientType === 'person' && sender?.urgent) {
      // 加急 is its own row, so a failed urgent call is retried without sending the message again.
      statements.push(...outcome.messageIds.map((messageId) => db.insert(outbox).values({
        dedupeKey: `${row.dedupeKey}:urgent`, platform: row.platform, op: 'urgent',
        recipientType: 'person', recipientId: row.recipientId, replyTo: messageId, subject: row.subject,
        payload: { kind: 'urgent' }, status: 'pending', attempts: 0, nextAttemptAt: at, createdAt: at,
      }).onConflictDoNothing({ target: outbox.dedupeKey })));
    }
    await atomic(db, statements);
    return;
  }
  if (outcome.kind === 'deferred') {
    report.deferred++;
    await putBack(db, row, new Date(at.getTime() + outcome.waitMs), outcome.payload);
    return;
  }
  const progress = outcome.payload ? { payload: outcome.payload } : {};
  if (outcome.permanent || row.attempts >= maxAttempts) {
    report.failed++;
    const reason = outcome.permanent ? outcome.error : `已尝试 ${row.attempts} 次仍失败：${outcome.error}`;
    await db.update(outbox).set({ status: 'failed', lastError: reason, ...progress }).where(eq(outbox.id, row.id));
    return;
  }
  report.retrying++;
  if (outcome.retryAfterMs !== undefined) limiter?.pauseUntil(new Date(at.getTime() + outcome.retryAfterMs));
  const next = new Date(at.getTime() + backoffMs(row.attempts, outcome.retryAfterMs));
  await db.update(outbox).set({ nextAttemptAt: next, lastError: outcome.error, ...progress }).where(eq(outbox.id, row.id));
}
