import { addCalendarDays, type LocalDate } from '../time';
import type { WorkCalendar, YearSource } from './types';

/** A run of consecutive days off with one name, e.g. 国庆节 10-01..10-07. */
export interface HolidayRun {
  name: string;
  from: LocalDate;
  to: LocalDate;
  days: number;
}

/** What the calendar knows about a year, for `calendar show` and the admin surface. */
export interface YearSummary {
  year: number;
  source: YearSource;
  holidays: HolidayRun[];
  makeUpDays: Array<{ date: LocalDate; name: string }>;
  workingDays: number;
}

export function summarizeYear(calendar: WorkCalendar, year: number): YearSummary {
  const holidays: HolidayRun[] = [];
  const makeUpDays: YearSummary['makeUpDays'] = [];
  let workingDays = 0;
  for (let date = `${year}-01-01`; date <= `${year}-12-31`; date = addCalendarDays(date, 1)) {
    const day = calendar.day(date);
    if (day.working) {
      workingDays++;
      if (day.name) makeUpDays.push({ date, name: day.name });
      continue;
    }
    if (!day.name) continue;
    const last = holidays[holidays.length - 1];
    if (last && last.name === day.name && addCalendarDays(last.to, 1) === date) {
      last.to = date;
      last.days++;
    } else holidays.push({ name: day.name, from: date, to: date, days: 1 });
  }
  return { year, source: calendar.yearSource(year), holidays, makeUpDays, workingDays };
}
