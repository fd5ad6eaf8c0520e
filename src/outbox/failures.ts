import { and, count, desc, eq } from 'drizzle-orm';
import type { AppDb } from '../../db/types';
import { expectChanged, type Statement } from '../../db/atomic';
import { outbox } from '../../db/schema';
import type { Person } from '../core/org/types';
import { hasRole } from '../core/org/types';
import type { RefreshPayload } from './enqueue';

export interface FailedDelivery {
  id: number;
  platform: string;
  op: 'send' | 'refresh' | 'urgent';
  recipientType: 'person' | 'unit_chat' | 'subject' | 'platform_user';
  recipientId: string;
  subject: string | null;
  /** Why it failed, as the platform or the sender put it (Chinese). */
  reason: string;
  attempts: number;
  createdAt: Date;
}

/**
 * The government office supervises delivery (it runs supervision, Art. 36): staff of 区政府办 with
 * the 督查人员 role see and retry failed deliveries. Checked here, in the core of the outbox.
 */
export function mayReviewDeliveries(person: Person): boolean {
  return hasRole(person, 'office_staff');
}

/** The most recent deliveries that ended as failed, newest first. */
export async function listFailedDeliveries(db: AppDb, options: { limit?: number } = {}): Promise<FailedDelivery[]> {
  const rows = await db
    .select()
    .from(outbox)
    .where(eq(outbox.status, 'failed'))
    .orderBy(desc(outbox.id))
    .limit(options.limit ?? 20);
  return rows.map((r) => ({
    id: r.id,
    platform: r.platform,
    op: r.op,
    recipientType: r.recipientType,
    recipientId: r.recipientId,
    subject: r.subject,
    reason: r.lastError ?? '未知原因',
    attempts: r.attempts,
    createdAt: r.createdAt,
  }));
}

export async function countFailedDeliveries(db: AppDb): Promise<number> {
  const [row] = await db.select({ n: count() }).from(outbox).where(eq(outbox.status, 'failed'));
  return row?.n ?? 0;
}

/** One failed row, as stored (to build its retry). */
export async function failedDelivery(db: AppDb, id: number) {
  const [row] = await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.id, id), eq(outbox.status, 'failed')));
  return row;
}

/**
 * Puts a failed row back in the queue with a fresh set of attempts; a refresh starts over from the
 * first card. Guarded: when two people retry the same row at once, only one retry is written.
 */
export function retryDeliveryStatements(db: AppDb, row: typeof outbox.$inferSelect, now: Date): Statement[] {
  const payload = row.op === 'refresh' ? { ...(row.payload as RefreshPayload), patchedThrough: undefined } : row.payload;
  return [
    db
      .update(outbox)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: now, payload })
      .where(and(eq(outbox.id, row.id), eq(outbox.status, 'failed'))),
    expectChanged(db),
  ];
}
