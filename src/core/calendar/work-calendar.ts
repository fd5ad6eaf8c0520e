import { addCalendarDays, calendarDaysBetween, dayjs, isLocalDate, weekdayOf, type LocalDate } from '../time';
import { packageSchedule, type PackageSchedule } from './package-data';
import type { CalendarDate, DayInfo, WorkCalendar, YearSource } from './types';

export interface CalendarOverrides {
  /** Days from imported State Council notices: `holiday` or `workday` (调休上班). */
  days: ReadonlyMap<LocalDate, { kind: 'holiday' | 'workday'; name: string }>;
  /** Years whose schedule was imported: known even when the package lacks them. */
  years: ReadonlySet<number>;
}

const NO_OVERRIDES: CalendarOverrides = { days: new Map(), years: new Set() };
/** Guard against runaway loops on absurd inputs (e.g. n = 10⁹). */
const MAX_SPAN_DAYS = 366 * 20;

/**
 * The working-day calendar (docs/calendar.md). Precedence: imported override > chinese-days > weekday
 * guess; a day of a year neither source covers is provisional (`known: false`).
 */
export function createWorkCalendar(overrides: CalendarOverrides = NO_OVERRIDES, pkg: PackageSchedule = packageSchedule): WorkCalendar {
  const yearSource = (year: number): YearSource => (overrides.years.has(year) ? 'imported' : pkg.years.has(year) ? 'chinese-days' : 'unknown');

  const dayOf = (date: LocalDate): DayInfo => {
    const year = Number(date.slice(0, 4));
    const override = overrides.days.get(date);
    if (override) return { date, working: override.kind === 'workday', known: true, source: 'override', name: override.name };
    if (overrides.years.has(year)) return weekday(date, true, 'override');
    if (pkg.years.has(year)) {
      const holiday = pkg.holidays.get(date);
      if (holiday) return { date, working: false, known: true, source: 'chinese-days', name: holiday };
      const workday = pkg.workdays.get(date);
      if (workday) return { date, working: true, known: true, source: 'chinese-days', name: workday };
      return weekday(date, true, 'chinese-days');
    }
    return weekday(date, false, 'weekday-guess');
  };

  const day = (date: LocalDate): DayInfo => dayOf(checkedDate(date));

  const step = (from: LocalDate, direction: 1 | -1, includeStart: boolean): CalendarDate => {
    let provisional = false;
    let date = includeStart ? from : addCalendarDays(from, direction);
    for (let i = 0; i < MAX_SPAN_DAYS; i++) {
      const info = dayOf(date);
      provisional ||= !info.known;
      if (info.working) return { date, provisional };
      date = addCalendarDays(date, direction);
    }
    throw new RangeError(`no working day within ${MAX_SPAN_DAYS} days of ${from}`);
  };

  const calendar: WorkCalendar = {
    day,
    yearSource,
    isWorkingDay: (date) => day(date).working,
    addWorkingDays(start, n) {
      checkCount('working-day', n);
      if (n === 0) return { date: start, provisional: !day(start).known };
      checkedDate(start);
      let current: CalendarDate = { date: start, provisional: false };
      for (let i = 0; i < n; i++) {
        const next = step(current.date, 1, false);
        current = { date: next.date, provisional: current.provisional || next.provisional };
      }
      return current;
    },
    nextWorkingDayOnOrAfter: (date) => step(checkedDate(date), 1, true),
    previousWorkingDayOnOrBefore: (date) => step(checkedDate(date), -1, true),
    workingDaysBetween(from, to) {
      checkedDate(from);
      checkedDate(to);
      // A silent cap would undercount lateness; a span this long is a caller bug.
      if (calendarDaysBetween(from, to) > MAX_SPAN_DAYS) throw new RangeError(`span ${from}..${to} exceeds ${MAX_SPAN_DAYS} days`);
      let days = 0;
      let provisional = false;
      for (let date = addCalendarDays(from, 1); date <= to; date = addCalendarDays(date, 1)) {
        const info = dayOf(date);
        provisional ||= !info.known;
        if (info.working) days++;
      }
      return { days, provisional };
    },
    addMonths(start, n) {
      checkedDate(start);
      checkCount('month', n);
      // The corresponding day, or the month's last day when it has none (民法典 第二百零二条):
      // dayjs clamps 01-31 + 1 month to 02-28/29. Then a day off moves on (第二百零三条).
      const target = dayjs.utc(start).add(n, 'month').format('YYYY-MM-DD');
      return step(target, 1, true);
    },
  };
  return calendar;
}

/** Dates reach the calendar from code, never straight from users: a malformed one is a bug. */
function checkedDate(date: LocalDate): LocalDate {
  if (!isLocalDate(date)) throw new RangeError(`not a YYYY-MM-DD calendar date: ${JSON.stringify(date)}`);
  return date;
}

function checkCount(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_SPAN_DAYS) throw new RangeError(`${what} count must be an integer 0..${MAX_SPAN_DAYS}, got ${n}`);
}

function weekday(date: LocalDate, known: boolean, source: DayInfo['source']): DayInfo {
  const dow = weekdayOf(date);
  return { date, working: dow !== 0 && dow !== 6, known, source };
}
