import { sqliteTable, text, integer, primaryKey } from 'drizzle-orm/sqlite-core';

/**
 * DingTalk OpenAPI calls made per calendar month (Beijing time). The free 标准版 allows 5 000 metered
 * calls a month per organisation (dingtalk.md §3, error 90020), so the office is warned before it runs out.
 */
export const dingtalkApiUsage = sqliteTable('dingtalk_api_usage', {
  /** `YYYY-MM` in Asia/Shanghai: DingTalk counts by natural month. */
  month: text('month').primaryKey(),
  calls: integer('calls').notNull().default(0),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/** One row per (month, threshold percent) already announced, so each warning goes out once. */
export const dingtalkQuotaWarnings = sqliteTable('dingtalk_quota_warnings', {
  month: text('month').notNull(),
  percent: integer('percent').notNull(),
  calls: integer('calls').notNull(),
  warnedAt: integer('warned_at', { mode: 'timestamp_ms' }).notNull(),
}, (t) => [primaryKey({ columns: [t.month, t.percent] })]);
