import type { AppDb } from '../../../db/types';
import { calendarDays, calendarYears } from '../../../db/schema';
import { createWorkCalendar } from './work-calendar';
import type { WorkCalendar } from './types';

/** Reads the imported overrides and builds the calendar snapshot used for one request or job. */
export async function loadCalendar(db: AppDb): Promise<WorkCalendar> {
  const [days, years] = await Promise.all([db.select().from(calendarDays), db.select({ year: calendarYears.year }).from(calendarYears)]);
  return createWorkCalendar({
    days: new Map(days.map((d) => [d.date, { kind: d.kind, name: d.name }])),
    years: new Set(years.map((y) => y.year)),
  });
}
