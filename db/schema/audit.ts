import { sqliteTable, text, integer, index, primaryKey } from 'drizzle-orm/sqlite-core';

/** Every state change: who, when, from which message, what changed (the timeline, docs/reference/supervision.md). */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    actorId: text('actor_id'),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    action: text('action').notNull(),
    detail: text('detail', { mode: 'json' }),
    sourceMessage: text('source_message'),
  },
  (t) => [index('audit_log_subject').on(t.subjectType, t.subjectId)],
);

/** Scheduled jobs claimed once per (job, Asia/Shanghai date), so a duplicate trigger never sends twice. */
export const jobRuns = sqliteTable(
  'job_runs',
  {
    job: text('job').notNull(),
    localDate: text('local_date').notNull(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
  },
  (t) => [primaryKey({ columns: [t.job, t.localDate] })],
);
