import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, check } from 'drizzle-orm/sqlite-core';

/** Inbound dedupe keys (platform + event/message id). Feishu retries for ~7 h, so keys live ≥ 8 h. */
export const inboundEvents = sqliteTable(
  'inbound_events',
  {
    key: text('key').primaryKey(),
    platform: text('platform').notNull(),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('inbound_events_received_at').on(t.receivedAt)],
);

/**
 * The durable outbox (docs/operations.md): every outgoing message is a row written in the same atomic unit as
 * the state change that caused it, and delivered after commit.
 * op: `send` a new message, `refresh` every message already sent about `subject` with a new card,
 * `urgent` mark a sent message (`reply_to`) urgent for its person (Feishu 加急).
 * recipient_type `platform_user`: an account outside the directory, only ever answered (recipient_id =
 * the platform's user id). The enums are TypeScript-only (SQLite text), so they need no migration.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    dedupeKey: text('dedupe_key').notNull().unique(),
    platform: text('platform').notNull(),
    op: text('op', { enum: ['send', 'refresh', 'urgent'] }).notNull(),
    recipientType: text('recipient_type', { enum: ['person', 'unit_chat', 'subject', 'platform_user'] }).notNull(),
    recipientId: text('recipient_id').notNull(),
    /** Platform-specific message id: the inbound message to reply to (`send`), the message to mark urgent (`urgent`). */
    replyTo: text('reply_to'),
    subject: text('subject'),
    payload: text('payload', { mode: 'json' }).notNull(),
    urgent: integer('urgent', { mode: 'boolean' }).notNull().default(false),
    status: text('status', { enum: ['pending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    lastError: text('last_error'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('outbox_due').on(t.status, t.nextAttemptAt)],
);

/** Messages the platforms accepted, so cards about a subject can be updated in place later. */
export const deliveredMessages = sqliteTable(
  'delivered_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    outboxId: integer('outbox_id').notNull(),
    platform: text('platform').notNull(),
    platformMessageId: text('platform_message_id').notNull(),
    recipientType: text('recipient_type').notNull(),
    recipientId: text('recipient_id').notNull(),
    subject: text('subject'),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('delivered_messages_subject').on(t.subject), index('delivered_messages_pmid').on(t.platform, t.platformMessageId)],
);

/** The sandbox platform's own message store: what a person (or a unit chat) "received". */
export const sandboxMessages = sqliteTable(
  'sandbox_messages',
  {
    id: text('id').primaryKey(),
    recipientType: text('recipient_type', { enum: ['person', 'unit_chat'] }).notNull(),
    recipientId: text('recipient_id').notNull(),
    payload: text('payload', { mode: 'json' }).notNull(),
    urgent: integer('urgent', { mode: 'boolean' }).notNull().default(false),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('sandbox_messages_recipient').on(t.recipientType, t.recipientId)],
);

/**
 * Never holds a row: `INSERT … SELECT 0 WHERE changes() = 0` violates the CHECK and rolls back the
 * whole atomic unit when the conditional statement before it matched nothing (see db/atomic.ts).
 */
export const concurrencyGuard = sqliteTable(
  'concurrency_guard',
  {
    ok: integer('ok').notNull(),
  },
  (t) => [check('concurrency_guard', sql`${t.ok} = 1`)],
);
