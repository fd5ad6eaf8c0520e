import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core';

/** Days set by an imported State Council schedule; they override the package data (docs/calendar.md). */
export const calendarDays = sqliteTable('calendar_days', {
  date: text('date').primaryKey(),
  kind: text('kind', { enum: ['holiday', 'workday'] }).notNull(),
  name: text('name').notNull(),
  source: text('source').notNull(),
});

/** A year counts as known (not provisional) once its schedule is imported here. */
export const calendarYears = sqliteTable('calendar_years', {
  year: integer('year').primaryKey(),
  sourceUrl: text('source_url').notNull(),
  importedAt: integer('imported_at', { mode: 'timestamp_ms' }).notNull(),
  importedBy: text('imported_by').notNull(),
});
