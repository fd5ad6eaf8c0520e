import type { AppDb } from '../../../db/types';
import { calendarDays, calendarYears } from '../../../db/schema';
import { createWorkCalendar, type CalendarOverrides } from './work-calendar';
import type { WorkCalendar } from './types';

/** The imported days and years, as stored. */
export async function loadOverrides(db: AppDb): Promise<CalendarOverrides> {
  const [days, years] = await Promise.all([db.select().from(calendarDays), db.select({ year: calendarYears.year }).from(calendarYears)]);
  return {
    days: new Map(days.map((d) => [d.date, { kind: d.kind, name: d.name }])),
    years: new Set(years.map((y) => y.year)),
  };
}

/** Reads the imported overrides and builds the calendar snapshot used for one request or job. */
export async function loadCalendar(db: AppDb): Promise<WorkCalendar> {
  return createWorkCalendar(await loadOverrides(db));
}
