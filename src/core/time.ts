import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';
import customParseFormat from 'dayjs/plugin/customParseFormat.js';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(customParseFormat);

/** Every rule is computed in Beijing time, whatever the host's time zone (SPEC §3). */
export const RULE_TZ = 'Asia/Shanghai';

/** A calendar date in Asia/Shanghai, `YYYY-MM-DD`. */
export type LocalDate = string;

/** The injected clock: tests and the sandbox set it, production reads the system time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(start: Date | string): Clock & { set(at: Date | string): void } {
  let current = new Date(start);
  return { now: () => new Date(current), set: (at) => { current = new Date(at); } };
}

export { dayjs };

/** The Asia/Shanghai date of an instant. */
export function localDate(instant: Date): LocalDate {
  return dayjs(instant).tz(RULE_TZ).format('YYYY-MM-DD');
}

/** The Asia/Shanghai wall-clock time of an instant, `HH:mm`. */
export function localTime(instant: Date): string {
  return dayjs(instant).tz(RULE_TZ).format('HH:mm');
}

/** A deadline is the end of its day in Beijing: 23:59:59 Asia/Shanghai (SPEC §3). */
export function endOfLocalDay(date: LocalDate): Date {
  return dayjs.tz(`${date} 23:59:59`, RULE_TZ).toDate();
}

/** The instant a Beijing date starts. */
export function startOfLocalDay(date: LocalDate): Date {
  return dayjs.tz(`${date} 00:00:00`, RULE_TZ).toDate();
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written `YYYY-MM-DD` (rejects 2026-02-30). */
export function isLocalDate(value: string): boolean {
  return ISO_DATE.test(value) && dayjs(value, 'YYYY-MM-DD', true).isValid();
}

/** Calendar arithmetic on dates, independent of time zones. */
export function addCalendarDays(date: LocalDate, days: number): LocalDate {
  return dayjs.utc(date).add(days, 'day').format('YYYY-MM-DD');
}

/** Whole calendar days from `a` to `b` (positive when b is later). */
export function calendarDaysBetween(a: LocalDate, b: LocalDate): number {
  return dayjs.utc(b).diff(dayjs.utc(a), 'day');
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: LocalDate): number {
  return dayjs.utc(date).day();
}

const WEEKDAY_NAMES = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** `2026-12-01（周二）` for cards. */
export function formatDateZh(date: LocalDate): string {
  return `${date}（${WEEKDAY_NAMES[weekdayOf(date)]}）`;
}

/** `2026-12-01 09:30` in Beijing time, for timelines. */
export function formatInstantZh(instant: Date): string {
  return dayjs(instant).tz(RULE_TZ).format('YYYY-MM-DD HH:mm');
}
