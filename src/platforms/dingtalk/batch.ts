import { and, asc, eq, inArray, lte, ne, sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/types';
import { atomic, type Statement } from '../../../db/atomic';
import { deliveredMessages, outbox } from '../../../db/schema';
import type { Message } from '../../core/messages';
import type { Directory } from '../../core/org/directory';
import { backoffMs } from '../../outbox/drain';
import { PermanentDeliveryError, RetryableDeliveryError } from '../../outbox/sender';
import type { BatchSendResult } from './api';

/**
 * Batching identical pushes into one oToMessages/batchSend call: on the free 标准版 every call counts
 * against 5 000 a month, so a digest or notice sent to many people in the same words goes out 20 at a
 * time. When the outbox hands the sender one such row, the sender takes the other due rows with the
 * same message along, claiming them with the same lease the drain uses, and settles each afterwards.
 * https://open.dingtalk.com/document/development/chatbots-send-one-on-one-chat-messages-in-batches
 */

/** userIds per batchSend: the documented maximum (the API's own error text says 100). */
export const BATCH_SEND_MAX = 20;
/** A user DingTalk flow-controlled (`flowControlledStaffIdList`) is tried again after a minute. */
export const FLOW_CONTROL_RETRY_MS = 60_000;
const LEASE_MS = 60_000;

type OutboxRow = typeof outbox.$inferSelect;

export interface Companion {
  row: OutboxRow;
  userId: string;
}

/** Claims up to `max` other due person pushes on DingTalk carrying exactly `message`. */
export async function claimCompanions(
  db: AppDb,
  dir: Directory,
  lead: { dedupeKey: string; message: Message; urgent: boolean },
  now: Date,
  max = BATCH_SEND_MAX - 1,
): Promise<Companion[]> {
  const candidates = await db.select({ id: outbox.id, recipientId: outbox.recipientId }).from(outbox).where(and(
    eq(outbox.status, 'pending'),
    eq(outbox.platform, 'dingtalk'),
    eq(outbox.op, 'send'),
    eq(outbox.recipientType, 'person'),
    eq(outbox.urgent, lead.urgent),
    eq(outbox.payload, lead.message),
    lte(outbox.nextAttemptAt, now),
    ne(outbox.dedupeKey, lead.dedupeKey),
  )).orderBy(asc(outbox.id)).limit(max * 3);
  const reachable = candidates.filter((c) => dir.person(c.recipientId)?.dingtalkUserId).slice(0, max);
  if (reachable.length === 0) return [];
  const claimed = await db.update(outbox)
    .set({ nextAttemptAt: new Date(now.getTime() + LEASE_MS), attempts: sql`${outbox.attempts} + 1` })
    .where(and(inArray(outbox.id, reachable.map((c) => c.id)), eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)))
    .returning();
  return claimed.map((row) => ({ row, userId: dir.person(row.recipientId)!.dingtalkUserId! }));
}

/** Records each companion's outcome of a batchSend that went through. */
export async function settleDelivered(db: AppDb, companions: Companion[], result: BatchSendResult, messageId: string, at: Date): Promise<void> {
  const invalid = new Set(result.invalidStaffIdList);
  const limited = new Set(result.flowControlledStaffIdList);
  const statements: Statement[] = companions.flatMap(({ row, userId }): Statement[] => {
    if (invalid.has(userId)) {
      return [db.update(outbox).set({ status: 'failed', lastError: userRejected(userId) }).where(eq(outbox.id, row.id))];
    }
    if (limited.has(userId)) {
      return [db.update(outbox).set({ nextAttemptAt: new Date(at.getTime() + FLOW_CONTROL_RETRY_MS), lastError: userFlowControlled(userId) }).where(eq(outbox.id, row.id))];
    }
    return [
      db.update(outbox).set({ status: 'sent', sentAt: at, lastError: null }).where(eq(outbox.id, row.id)),
      db.insert(deliveredMessages).values({
        outboxId: row.id, platform: 'dingtalk', platformMessageId: messageId,
        recipientType: row.recipientType, recipientId: row.recipientId, subject: row.subject, sentAt: at,
      }),
    ];
  });
  await atomic(db, statements);
}

/**
 * A batchSend that failed as a whole: a permanent answer (bad request, quota used up) is the same for
 * every companion; a retryable one puts each back with the backoff the drain would have given it.
 */
export async function settleFailed(db: AppDb, companions: Companion[], error: unknown, at: Date): Promise<void> {
  const message = String((error as Error)?.message ?? error).slice(0, 500);
  const retryAfterMs = error instanceof RetryableDeliveryError ? error.retryAfterMs : undefined;
  await atomic(db, companions.map(({ row }) => (error instanceof PermanentDeliveryError
    ? db.update(outbox).set({ status: 'failed', lastError: message }).where(eq(outbox.id, row.id))
    : db.update(outbox).set({ nextAttemptAt: new Date(at.getTime() + backoffMs(row.attempts, retryAfterMs)), lastError: message }).where(eq(outbox.id, row.id)))));
}

export const userRejected = (userId: string) => `钉钉拒收：用户 ${userId} 无效或未开通机器人会话（invalidStaffIdList）`;
export const userFlowControlled = (userId: string) => `钉钉对用户 ${userId} 限流（flowControlledStaffIdList），稍后重试`;
