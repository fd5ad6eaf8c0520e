import { sqliteTable, text, integer, index, primaryKey } from 'drizzle-orm/sqlite-core';

/**
 * `/提醒 暂停 至 12月5日`: a person's daily digest is not sent up to and including `until` (a Beijing
 * date). Only the digest: approvals, escalations and chases still go out. One row per person.
 */
export const reminderPauses = sqliteTable('reminder_pauses', {
  personId: text('person_id').primaryKey(),
  until: text('until').notNull(),
  setAt: integer('set_at', { mode: 'timestamp_ms' }).notNull(),
});

/**
 * 周报制 (Art. 40): which week a weekly report (a `supervision_reports` row of kind `weekly`) stands
 * for, and whether it came in after that week's due day. A returned report is redone: the week then
 * has a second row with the redo's report.
 */
export const weeklyReportWeeks = sqliteTable(
  'weekly_report_weeks',
  {
    itemId: text('item_id').notNull(),
    unitId: text('unit_id').notNull(),
    /** Monday of the ISO week the report covers. */
    weekStart: text('week_start').notNull(),
    /** That week's due day (rules/weekly-report.ts). */
    dueOn: text('due_on').notNull(),
    reportId: integer('report_id').notNull(),
    /** Submitted after the end of `dueOn` (Beijing): accepted and marked late. */
    late: integer('late', { mode: 'boolean' }).notNull(),
    submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.unitId, t.weekStart, t.reportId] }), index('weekly_report_weeks_item').on(t.itemId)],
);
