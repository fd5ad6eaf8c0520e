import { and, asc, eq, lt, lte, sql } from 'drizzle-orm';
import type { AppDb } from '../../db/types';
import { atomic } from '../../db/atomic';
import { deliveredMessages, outbox } from '../../db/schema';
import type { Platform } from '../core/inbound';
import type { Card, Message, Recipient } from '../core/messages';
import type { Directory } from '../core/org/directory';
import type { Clock } from '../core/time';
import { PermanentDeliveryError, RetryableDeliveryError, type PlatformSender } from './sender';

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
}

type OutboxRow = typeof outbox.$inferSelect;

const DEFAULTS = { limit: 50, leaseMs: 60_000, maxAttempts: 8 };

/** Exponential backoff capped at an hour, or what the platform asked for. */
export function backoffMs(attempts: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.max(retryAfterMs, 200);
  return Math.min(2 ** attempts * 1000, 3_600_000);
}

/**
 * Delivers due outbox rows. Driven after each response (`defer`) and by a periodic sweeper, so
 * nothing depends on one of them finishing. A row is claimed with a lease (a conditional UPDATE),
 * so two workers never send it at once; a crash between send and mark-sent sends it again after the
 * lease with the same dedupe key, which the platform uses to drop the copy (Feishu `uuid`).
 */
export async function drainOutbox(deps: DrainDeps, options: DrainOptions = {}): Promise<DrainReport> {
  const { limit, leaseMs, maxAttempts } = { ...DEFAULTS, ...options };
  const report: DrainReport = { sent: 0, failed: 0, retrying: 0 };
  let dir: Directory | undefined;
  const seen = new Set<number>();
  for (;;) {
    const now = deps.clock.now();
    const due = await deps.db.select().from(outbox)
      .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)))
      .orderBy(asc(outbox.id)).limit(limit);
    const fresh = due.filter((r) => !seen.has(r.id));
    if (fresh.length === 0) return report;
    for (const candidate of fresh) {
      seen.add(candidate.id);
      const row = await claim(deps.db, candidate.id, now, leaseMs);
      if (!row) continue;
      if (row.op === 'refresh' && (await hasEarlierPendingSend(deps.db, row))) {
        // The card this refresh replaces is not out yet: wait for it, without spending an attempt.
        await deps.db.update(outbox).set({ attempts: row.attempts - 1, nextAttemptAt: new Date(now.getTime() + 500) }).where(eq(outbox.id, row.id));
        continue;
      }
      dir ??= await deps.loadDirectory();
      const outcome = await deliverRow(deps, row, dir);
      const at = deps.clock.now();
      if (outcome.ok) {
        report.sent++;
        await atomic(deps.db, [
          deps.db.update(outbox).set({ status: 'sent', sentAt: at, lastError: null }).where(eq(outbox.id, row.id)),
          ...outcome.messageIds.map((messageId) => deps.db.insert(deliveredMessages).values({
            outboxId: row.id, platform: row.platform, platformMessageId: messageId,
            recipientType: row.recipientType, recipientId: row.recipientId, subject: row.subject, sentAt: at,
          })),
        ]);
      } else if (outcome.permanent || row.attempts >= maxAttempts) {
        report.failed++;
        await deps.db.update(outbox).set({ status: 'failed', lastError: outcome.error }).where(eq(outbox.id, row.id));
      } else {
        report.retrying++;
        const next = new Date(at.getTime() + backoffMs(row.attempts, outcome.retryAfterMs));
        await deps.db.update(outbox).set({ nextAttemptAt: next, lastError: outcome.error }).where(eq(outbox.id, row.id));
      }
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

async function hasEarlierPendingSend(db: AppDb, row: OutboxRow): Promise<boolean> {
  const [earlier] = await db.select({ id: outbox.id }).from(outbox)
    .where(and(eq(outbox.subject, row.subject!), eq(outbox.platform, row.platform), eq(outbox.op, 'send'), eq(outbox.status, 'pending'), lt(outbox.id, row.id)))
    .limit(1);
  return Boolean(earlier);
}

type Outcome =
  | { ok: true; messageIds: string[] }
  | { ok: false; permanent: boolean; error: string; retryAfterMs?: number };

async function deliverRow(deps: DrainDeps, row: OutboxRow, dir: Directory): Promise<Outcome> {
  const sender = deps.senders[row.platform as Platform];
  if (!sender) return { ok: false, permanent: true, error: `平台 ${row.platform} 未启用` };
  try {
    if (row.op === 'send') {
      const to: Recipient = row.recipientType === 'unit_chat'
        ? { type: 'unit_chat', unitId: row.recipientId }
        : { type: 'person', personId: row.recipientId };
      const { messageId } = await sender.send({
        to, dir, message: row.payload as Message, dedupeKey: row.dedupeKey, replyTo: row.replyTo ?? undefined, urgent: row.urgent,
      });
      return { ok: true, messageIds: [messageId] };
    }
    const targets = await deps.db.select({ id: deliveredMessages.platformMessageId }).from(deliveredMessages)
      .where(and(eq(deliveredMessages.subject, row.subject!), eq(deliveredMessages.platform, row.platform)));
    const card = (row.payload as { card: Card }).card;
    for (const target of targets) await sender.update(target.id, card);
    return { ok: true, messageIds: [] };
  } catch (error) {
    if (error instanceof PermanentDeliveryError) return { ok: false, permanent: true, error: error.message };
    const retryAfterMs = error instanceof RetryableDeliveryError ? error.retryAfterMs : undefined;
    return { ok: false, permanent: false, error: String((error as Error)?.message ?? error).slice(0, 500), retryAfterMs };
  }
}
