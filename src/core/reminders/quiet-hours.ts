import type { WorkCalendar } from '../calendar/types';
import { localTime, type LocalDate } from '../time';
import { PUSH_WINDOW } from './policy';

/** Inside the push window, 08:00–20:00 Beijing time: a catch-up wake after 20:00 sends nothing that day. */
export function inPushWindow(now: Date): boolean {
  const time = localTime(now);
  return time >= PUSH_WINDOW.from && time < PUSH_WINDOW.until;
}

/** A scheduled push may go out today: a working day by the statutory calendar, inside the window. */
export function isPushDay(calendar: WorkCalendar, today: LocalDate, now: Date): boolean {
  return calendar.isWorkingDay(today) && inPushWindow(now);
}
