import { and, asc, eq, gt, gte } from 'drizzle-orm';
import type { AppDb } from '../../db/types';
import { deliveredMessages } from '../../db/schema';
import type { Message, Recipient } from '../core/messages';
import type { Directory } from '../core/org/directory';
import type { RefreshPayload } from './enqueue';
import type { OutboxRow } from './rows';
import { PermanentDeliveryError, RetryableDeliveryError, type DeliveryRecipient, type PlatformSender, type SendRequest } from './sender';

/** What became of one claimed row: the drain settles it (settle.ts). */
export type Outcome =
  | { kind: 'done'; messageIds: string[] }
  /** The rate limit had no room: try again after `waitMs`, the attempt not counted. */
  | { kind: 'deferred'; waitMs: number; payload?: RefreshPayload }
  | { kind: 'error'; permanent: boolean; error: string; retryAfterMs?: number; pausesApp?: boolean; payload?: RefreshPayload };

export interface Delivery {
  db: AppDb;
  dir: Directory;
  sender: PlatformSender;
  now: Date;
  /** Asks the rate limiter for one call to `target`: 0 = go, otherwise milliseconds to wait. */
  gate(target: string): number;
}

/** The key the rate limiter and the per-recipient order know a row by. */
export function targetOf(row: OutboxRow): string {
  return `${row.recipientType}:${row.recipientId}`;
}

function recipientOf(row: OutboxRow): DeliveryRecipient {
  if (row.recipientType === 'unit_chat') return { type: 'unit_chat', unitId: row.recipientId };
  if (row.recipientType === 'platform_user') return { type: 'platform_user', platformUserId: row.recipientId };
  return { type: 'person', personId: row.recipientId };
}

export function failureOf(error: unknown): Extract<Outcome, { kind: 'error' }> {
  if (error instanceof PermanentDeliveryError) return { kind: 'error', permanent: true, error: error.message };
  const retryable = error instanceof RetryableDeliveryError ? error : undefined;
  return {
    kind: 'error',
    permanent: false,
    error: String((error as Error)?.message ?? error).slice(0, 500),
    retryAfterMs: retryable?.retryAfterMs,
    pausesApp: retryable?.retryAfterMs !== undefined && retryable.scope === 'app',
  };
}

export function sendRequestOf(row: OutboxRow, dir: Directory): SendRequest {
  return { to: recipientOf(row), dir, message: row.payload as Message, dedupeKey: row.dedupeKey, replyTo: row.replyTo ?? undefined, urgent: row.urgent };
}

/** One claimed row: a send, an urgent mark or a refresh of the cards about its subject. */
export async function deliverRow(delivery: Delivery, row: OutboxRow): Promise<Outcome> {
  const { dir, sender } = delivery;
  if (row.op === 'refresh') return refreshCards(delivery, row);
  try {
    if (row.op === 'urgent') {
      if (!sender.urgent) throw new PermanentDeliveryError(`平台 ${row.platform} 不支持加急`);
      await sender.urgent(row.replyTo!, recipientOf(row) as Recipient, dir);
      return { kind: 'done', messageIds: [] };
    }
    const { messageId } = await sender.send(sendRequestOf(row, dir));
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
async function refreshCards({ db, sender, gate, now }: Delivery, row: OutboxRow): Promise<Outcome> {
  const payload = row.payload as RefreshPayload;
  const targets = await db
    .select({ id: deliveredMessages.id, messageId: deliveredMessages.platformMessageId })
    .from(deliveredMessages)
    .where(
      and(
        eq(deliveredMessages.subject, row.subject!),
        eq(deliveredMessages.platform, row.platform),
        gt(deliveredMessages.id, payload.patchedThrough ?? 0),
        ...(sender.cardsUpdatableForMs ? [gte(deliveredMessages.sentAt, new Date(now.getTime() - sender.cardsUpdatableForMs))] : []),
      ),
    )
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
