import { sqliteTable, text, integer, primaryKey, index } from 'drizzle-orm/sqlite-core';

/**
 * DingTalk OpenAPI calls made per calendar month (Beijing time). The free 标准版 allows 5 000 metered
 * calls a month per organisation (docs/dingtalk.md, error 90020), so the office is warned before it runs out.
 */
export const dingtalkApiUsage = sqliteTable('dingtalk_api_usage', {
  /** `YYYY-MM` in Asia/Shanghai: DingTalk counts by natural month. */
  month: text('month').primaryKey(),
  calls: integer('calls').notNull().default(0),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/** One row per (month, threshold percent) already announced, so each warning goes out once. */
export const dingtalkQuotaWarnings = sqliteTable(
  'dingtalk_quota_warnings',
  {
    month: text('month').notNull(),
    percent: integer('percent').notNull(),
    calls: integer('calls').notNull(),
    warnedAt: integer('warned_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.percent] })],
);

/**
 * DingTalk's callback signatures cover only the timestamp, so each timestamp/signature pair is accepted
 * for the one body it first came with (src/platforms/dingtalk/signature-pairs.ts). A pair verifies for an
 * hour either side of its timestamp; after `expiresAt` it is refused as stale anyway and the row is pruned.
 */
export const dingtalkSignaturePairs = sqliteTable(
  'dingtalk_signature_pairs',
  {
    /** `robot` or `card`, the timestamp and the signature, as the request carried them. */
    pair: text('pair').primaryKey(),
    /** SHA-256 of the raw body the pair first came with. */
    bodyHash: text('body_hash').notNull(),
    /** The robot message's msgId or the card's outTrackId, for the log line of a refused reuse. */
    messageId: text('message_id').notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('dingtalk_signature_pairs_expires_at').on(t.expiresAt)],
);
