import { insertRowsIgnoringConflicts } from '../../db/insert-rows';
import type { AppDb } from '../../db/types';
import type { Statement } from '../../db/atomic';
import { outbox } from '../../db/schema';
import type { Effects } from '../core/effects';
import type { Platform } from '../core/inbound';
import type { Card } from '../core/messages';
import { recipientIdOf, type DeliveryRecipient } from './sender';

export interface EnqueueContext {
  now: Date;
  /** Platforms pushes go out on (every mounted one). */
  pushPlatforms: readonly Platform[];
  /** For replies: the platform the command came from, who to answer, and the message answered. */
  reply?: {
    platform: Platform;
    to: DeliveryRecipient;
    replyTo?: string;
    keyPrefix: string;
    /**
     * The card just clicked, when the click's own response already replaced it: refreshes of its
     * subject leave it alone instead of patching it a second time.
     */
    answeredCardId?: string;
  };
}

/** What a `refresh` row carries: the new card, and how far the drain got (it may be cut short). */
export interface RefreshPayload {
  kind: 'card';
  card: Card;
  /** Platform message ids not to patch (the card answered in the click's response). */
  except?: string[];
  /** The last `delivered_messages.id` already patched: a retry continues after it. */
  patchedThrough?: number;
}

/**
 * Turns collected effects into outbox inserts, to be committed in the same atomic unit as the
 * state change. A dedupe key that already exists is skipped, so re-running a job never doubles a push.
 */
export function outboxStatements(db: AppDb, effects: Effects, ctx: EnqueueContext): Statement[] {
  // Every row names every column it sets, in one shape (insert-rows.ts), and nothing else.
  const rows: OutboxRow[] = [];
  const row = (r: Omit<OutboxRow, 'status' | 'attempts' | 'nextAttemptAt' | 'createdAt'>): OutboxRow => ({
    ...r,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: ctx.now,
    createdAt: ctx.now,
  });
  effects.replies.forEach((r, i) => {
    if (!ctx.reply) throw new Error('a reply needs an inbound message to answer');
    rows.push(
      row({
        dedupeKey: `${ctx.reply.keyPrefix}:reply:${i}`,
        platform: ctx.reply.platform,
        op: 'send',
        recipientType: ctx.reply.to.type,
        recipientId: recipientIdOf(ctx.reply.to),
        replyTo: ctx.reply.replyTo ?? null,
        subject: r.subject ?? null,
        payload: r.message,
        urgent: false,
      }),
    );
  });
  for (const push of effects.pushes) {
    for (const platform of ctx.pushPlatforms) {
      rows.push(
        row({
          dedupeKey: `${push.key}:${platform}`,
          platform,
          op: 'send',
          recipientType: push.to.type,
          recipientId: recipientIdOf(push.to),
          replyTo: null,
          subject: push.subject ?? null,
          payload: push.message,
          urgent: push.urgent ?? false,
        }),
      );
    }
  }
  const refreshPlatforms = new Set<Platform>([...ctx.pushPlatforms, ...(ctx.reply ? [ctx.reply.platform] : [])]);
  for (const refresh of effects.refreshes) {
    for (const platform of refreshPlatforms) {
      const answered = ctx.reply?.platform === platform ? ctx.reply.answeredCardId : undefined;
      const payload: RefreshPayload = { kind: 'card', card: refresh.card, ...(answered ? { except: [answered] } : {}) };
      rows.push(
        row({
          dedupeKey: `${refresh.key}:${platform}`,
          platform,
          op: 'refresh',
          recipientType: 'subject',
          recipientId: refresh.subject,
          replyTo: null,
          subject: refresh.subject,
          payload,
          urgent: false,
        }),
      );
    }
  }
  // Multi-row inserts, as many rows as the database binds parameters for (D1: 100 a statement).
  return insertRowsIgnoringConflicts(db, outbox, outbox.dedupeKey, rows);
}

/** An outbox row as enqueued: every column but the id, the error and the sent time (null until delivery). */
type OutboxRow = Required<Omit<typeof outbox.$inferInsert, 'id' | 'lastError' | 'sentAt'>>;
