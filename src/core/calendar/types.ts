import { formatDateZh, type LocalDate } from '../time';

/** Where a day's status came from. Precedence: override > chinese-days > weekday guess (docs/calendar.md). */
export type DaySource = 'override' | 'chinese-days' | 'weekday-guess';

export interface DayInfo {
  date: LocalDate;
  working: boolean;
  /** False when neither an imported schedule nor the package covers the year: weekends only. */
  known: boolean;
  source: DaySource;
  /** Holiday or make-up day name, e.g. 国庆节 / 国庆节调休上班. */
  name?: string;
}

/** Who knows a year's schedule: an imported State Council notice, the package, or nobody (provisional). */
export type YearSource = 'imported' | 'chinese-days' | 'unknown';

/** A date computed from the calendar, with whether any day it touched was provisional. */
export interface CalendarDate {
  date: LocalDate;
  provisional: boolean;
}

/** The statutory working-day calendar: a synchronous snapshot (package data + imported overrides). */
export interface WorkCalendar {
  day(date: LocalDate): DayInfo;
  yearSource(year: number): YearSource;
  isWorkingDay(date: LocalDate): boolean;
  /** The Nth working day after `start`; the start day itself is not counted (民法典 第二百零一条). */
  addWorkingDays(start: LocalDate, n: number): CalendarDate;
  /** `date` when it is a working day, else the next one (民法典 第二百零三条). */
  nextWorkingDayOnOrAfter(date: LocalDate): CalendarDate;
  /** `date` when it is a working day, else the previous one. */
  previousWorkingDayOnOrBefore(date: LocalDate): CalendarDate;
  /** Working days in (from, to]: 0 when to ≤ from. Used for lateness and escalation. */
  workingDaysBetween(from: LocalDate, to: LocalDate): { days: number; provisional: boolean };
  /** Same day-of-month N months later (last day when missing), moved to the next working day (民法典 第二百零三条). */
  addMonths(start: LocalDate, n: number): CalendarDate;
}

/** Shown on every card that displays a provisional date (docs/calendar.md). */
export const PROVISIONAL_NOTE = '节假日安排未公布，暂按周末计算';

/** `2027-01-01（周五）`, flagged `（暂定，节假日安排未公布…）` when it rests on a year whose schedule is unpublished. */
export function formatCalendarDateZh({ date, provisional }: CalendarDate): string {
  return `${formatDateZh(date)}${provisional ? `（暂定，${PROVISIONAL_NOTE}）` : ''}`;
}
