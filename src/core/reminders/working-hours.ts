/** Working time between two instants: OFFICE_HOURS on working days of the statutory calendar. */
import type { WorkCalendar } from '../calendar/types';
import { addCalendarDays, localDate, startOfLocalDay, type LocalDate } from '../time';
import { OFFICE_HOURS } from './policy';

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Past this, the exact count no longer matters to anyone (a nudge is long due). */
const MAX_DAYS = 31;

/** Milliseconds of `day`'s office hours between `from` and `to` (0 on a day off). */
function officeMsOn(calendar: WorkCalendar, day: LocalDate, from: Date, to: Date): number {
  if (!calendar.isWorkingDay(day)) return 0;
  const midnight = startOfLocalDay(day).getTime();
  let ms = 0;
  for (const span of OFFICE_HOURS) {
    const start = Math.max(midnight + minutesOf(span.from) * 60_000, from.getTime());
    const end = Math.min(midnight + minutesOf(span.until) * 60_000, to.getTime());
    if (end > start) ms += end - start;
  }
  return ms;
}

export function workingHoursBetween(calendar: WorkCalendar, from: Date, to: Date): number {
  if (to <= from) return 0;
  let ms = 0;
  const last = localDate(to);
  let day = localDate(from);
  for (let i = 0; day <= last && i < MAX_DAYS; i++, day = addCalendarDays(day, 1)) ms += officeMsOn(calendar, day, from, to);
  return ms / 3_600_000;
}

/**
 * `workingHoursBetween(calendar, from, to) > hours`, counted back from `to` and stopped as soon as
 * it holds: the nudges ask it of every pending decision each hour, most of them pending for days.
 */
export function moreWorkingHoursThan(calendar: WorkCalendar, from: Date, to: Date, hours: number): boolean {
  if (to <= from) return 0 > hours;
  const limit = hours * 3_600_000;
  let ms = 0;
  const first = localDate(from);
  let day = localDate(to);
  for (let i = 0; day >= first && i < MAX_DAYS; i++, day = addCalendarDays(day, -1)) {
    ms += officeMsOn(calendar, day, from, to);
    if (ms > limit) return true;
  }
  return false;
}
