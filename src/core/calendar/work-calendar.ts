import { addCalendarDays, dayjs, weekdayOf, type LocalDate } from '../time';
import { packageSchedule, type PackageSchedule } from './package-data';
import type { CalendarDate, DayInfo, WorkCalendar } from './types';

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
 * The working-day calendar (SPEC §3). Precedence: imported override > chinese-days > weekday
 * guess; a day of a year neither source covers is provisional (`known: false`).
 */
export function createWorkCalendar(overrides: CalendarOverrides = NO_OVERRIDES, pkg: PackageSchedule = packageSchedule): WorkCalendar {
  const day = (date: LocalDate): DayInfo => {
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

  const step = (from: LocalDate, direction: 1 | -1, includeStart: boolean): CalendarDate => {
    let provisional = false;
    let date = includeStart ? from : addCalendarDays(from, direction);
    for (let i = 0; i < MAX_SPAN_DAYS; i++) {
      const info = day(date);
      provisional ||= !info.known;
      if (info.working) return { date, provisional };
      date = addCalendarDays(date, direction);
    }
    throw new RangeError(`no working day within ${MAX_SPAN_DAYS} days of ${from}`);
  };

  const calendar: WorkCalendar = {
    day,
    isWorkingDay: (date) => day(date).working,
    addWorkingDays(start, n) {
      if (!Number.isInteger(n) || n < 0 || n > MAX_SPAN_DAYS) throw new RangeError(`working-day count must be an integer 0..${MAX_SPAN_DAYS}, got ${n}`);
      if (n === 0) return { date: start, provisional: !day(start).known };
      let current: CalendarDate = { date: start, provisional: false };
      for (let i = 0; i < n; i++) {
        const next = step(current.date, 1, false);
        current = { date: next.date, provisional: current.provisional || next.provisional };
      }
      return current;
    },
    nextWorkingDayOnOrAfter: (date) => step(date, 1, true),
    previousWorkingDayOnOrBefore: (date) => step(date, -1, true),
    workingDaysBetween(from, to) {
      let days = 0;
      let provisional = false;
      for (let date = addCalendarDays(from, 1), i = 0; date <= to && i < MAX_SPAN_DAYS; date = addCalendarDays(date, 1), i++) {
        const info = day(date);
        provisional ||= !info.known;
        if (info.working) days++;
      }
      return { days, provisional };
    },
    addMonths(start, n) {
      // dayjs clamps to the month's last day (1-31 + 1 month → 2-28/29), as 民法典 第二百零三条 reads.
      const target = dayjs.utc(start).add(n, 'month').format('YYYY-MM-DD');
      return step(target, 1, true);
    },
  };
  return calendar;
}

function weekday(date: LocalDate, known: boolean, source: DayInfo['source']): DayInfo {
  const dow = weekdayOf(date);
  return { date, working: dow !== 0 && dow !== 6, known, source };
}
