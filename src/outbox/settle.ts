import { eq } from 'drizzle-orm';
import type { AppDb } from '../../db/types';
import { atomic, type Statement } from '../../db/atomic';
import { deliveredMessages, outbox } from '../../db/schema';
import type { Outcome } from './deliver';
import type { RateLimiter } from './rate-limit';
import { putBack, type OutboxRow } from './rows';
import type { PlatformSender } from './sender';
import { noteDelivery } from '../metrics';

export interface DrainReport {
  sent: number;
  failed: number;
  retrying: number;
  /** Rows the platform's rate limit had no room for (given a later slot): they go out once it has. */
  deferred: number;
  /**
   * Set when rows were left due but unplanned because their platform's budget is planned full
   * beyond the drain's horizon (pass.ts): the next pass can plan them from then. Rows due later
   * than the pass's end (slots, retries) are found by `nextDueAt`; these are not.
   */
  planFrom?: Date;
}

/** Exponential backoff capped at an hour, or what the platform asked for. */
export function backoffMs(attempts: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.max(retryAfterMs, 200);
  return Math.min(2 ** attempts * 1000, 3_600_000);
}

export interface Settling {
  db: AppDb;
  at: Date;
  sender: PlatformSender;
  maxAttempts: number;
  limiter?: RateLimiter;
  report: DrainReport;
}

/** Writes what happened to a claimed row: sent (with what it delivered), put back, retried or failed. */
export async function settle({ db, at, sender, maxAttempts, limiter, report }: Settling, row: OutboxRow, outcome: Outcome): Promise<void> {
  noteDelivery({ row, outcome, at, maxAttempts });
  if (outcome.kind === 'done') {
    report.sent++;
    const statements: Statement[] = [
      db.update(outbox).set({ status: 'sent', sentAt: at, lastError: null }).where(eq(outbox.id, row.id)),
      ...outcome.messageIds.map((messageId) =>
        db.insert(deliveredMessages).values({
          outboxId: row.id,
          platform: row.platform,
          platformMessageId: messageId,
          recipientType: row.recipientType,
          recipientId: row.recipientId,
          subject: row.subject,
          sentAt: at,
        }),
      ),
    ];
    if (row.op === 'send' && row.urgent && row.recipientType === 'person' && sender.urgent) {
      // 加急 is its own row, so a failed urgent call is retried without sending the message again.
      statements.push(
        ...outcome.messageIds.map((messageId) =>
          db
            .insert(outbox)
            .values({
              dedupeKey: `${row.dedupeKey}:urgent`,
              platform: row.platform,
              op: 'urgent',
              recipientType: 'person',
              recipientId: row.recipientId,
              replyTo: messageId,
              subject: row.subject,
              payload: { kind: 'urgent' },
              status: 'pending',
              attempts: 0,
              nextAttemptAt: at,
              createdAt: at,
            })
            .onConflictDoNothing({ target: outbox.dedupeKey }),
        ),
      );
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
    await db
      .update(outbox)
      .set({ status: 'failed', lastError: reason, ...progress })
      .where(eq(outbox.id, row.id));
    return;
  }
  report.retrying++;
  if (outcome.pausesApp) limiter?.pauseUntil(new Date(at.getTime() + outcome.retryAfterMs!));
  const next = new Date(at.getTime() + backoffMs(row.attempts, outcome.retryAfterMs));
  await db
    .update(outbox)
    .set({ nextAttemptAt: next, lastError: outcome.error, ...progress })
    .where(eq(outbox.id, row.id));
}
