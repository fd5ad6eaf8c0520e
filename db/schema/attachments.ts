import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

/**
 * 佐证材料: files attached to what a unit sent about an item — a plan, a report (progress,
 * completion, weekly, late explanation), an extension request — or to a 来文 document. The bytes
 * live in the file store under their sha256 (content-addressed); this row says who attached what to
 * what. A report may have several. Rows are never deleted, so archiving an item keeps them.
 */
export const attachments = sqliteTable(
  'attachments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The supervision item (null for a 来文 document's own attachment). */
    itemId: text('item_id'),
    /** What it is evidence for: `report` | `plan` | `extension` | `document`. */
    targetKind: text('target_kind', { enum: ['report', 'plan', 'extension', 'document'] }).notNull(),
    targetId: text('target_id').notNull(),
    sha256: text('sha256').notNull(),
    name: text('name').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    uploaderId: text('uploader_id').notNull(),
    /** The platform message it came in, when there was one (dedupes a redelivered download). */
    sourceKey: text('source_key').unique(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('attachments_item').on(t.itemId), index('attachments_target').on(t.targetKind, t.targetId)],
);

/**
 * Downloads of a file someone sent the bot, outbox-like: written with the inbound's dedupe key in
 * one transaction, run after commit and by the sweeps, retried with backoff; the row is settled in
 * the same transaction as the attachment and its confirmation, so a crash loses nothing.
 */
export const attachmentDownloads = sqliteTable(
  'attachment_downloads',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** `platform:message id`: the attachment's sourceKey. */
    sourceKey: text('source_key').notNull().unique(),
    platform: text('platform').notNull(),
    /** The platform's message id (Feishu) and resource key (Feishu file_key, DingTalk downloadCode). */
    messageId: text('message_id').notNull(),
    resourceKey: text('resource_key').notNull(),
    resourceType: text('resource_type', { enum: ['image', 'file'] }).notNull(),
    fileName: text('file_name'),
    personId: text('person_id').notNull(),
    itemId: text('item_id'),
    targetKind: text('target_kind', { enum: ['report', 'plan', 'extension', 'document'] }).notNull(),
    targetId: text('target_id').notNull(),
    /** Where the confirmation goes: the chat the file came in (JSON recipient). */
    replyTo: text('reply_to', { mode: 'json' }).notNull(),
    status: text('status', { enum: ['pending', 'done', 'refused', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    lastError: text('last_error'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('attachment_downloads_due').on(t.status, t.nextAttemptAt)],
);
