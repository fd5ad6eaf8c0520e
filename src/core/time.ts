import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';
import customParseFormat from 'dayjs/plugin/customParseFormat.js';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(customParseFormat);

/** Every rule is computed in Beijing time, whatever the host's time zone (docs/calendar.md). */
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
  return {
    now: () => new Date(current),
    set: (at) => {
      current = new Date(at);
    },
  };
}

export { dayjs };

/*
 * Hot paths without dayjs: its timezone plugin builds a new Intl formatter on every call (~0.1 ms),
 * and every deadline light of every item goes through these, in every command and daily job
 * (bench/: the daily job spent three quarters of its time here). One formatter is built once;
 * date arithmetic on `YYYY-MM-DD` is done on UTC day numbers. Anything not in those shapes takes
 * the dayjs path as before, so results are the same for every input (test/reliability/time.test.ts).
 */
const BEIJING = new Intl.DateTimeFormat('en-US', {
  timeZone: RULE_TZ,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface WallClock {
  year: number;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

/** Beijing wall-clock fields of an instant through Intl; undefined for an invalid Date or a year outside 1000–9999. */
function wallClockOfIntl(instant: Date): WallClock | undefined {
  if (Number.isNaN(instant.getTime())) return undefined;
  const f: Record<string, string> = {};
  for (const part of BEIJING.formatToParts(instant)) f[part.type] = part.value;
  const year = Number(f.year);
  if (f.era !== undefined || !(year >= 1000 && year <= 9999)) return undefined;
  return { year, month: f.month!, day: f.day!, hour: f.hour!, minute: f.minute!, second: f.second! };
}

/** Beijing's offset from UTC at a whole-second instant, from the wall clock `clock` reads there. */
function offsetAt(instant: number, clock: (instant: Date) => WallClock | undefined = wallClockOfIntl): number | undefined {
  const w = clock(new Date(instant));
  if (!w) return undefined;
  return utcMidnight(w.year, Number(w.month), Number(w.day)) + ((Number(w.hour) * 60 + Number(w.minute)) * 60 + Number(w.second)) * 1000 - instant;
}

const HOUR_MS = 3_600_000;
/** UTC hour → Beijing's offset through that hour; null when it changes inside the hour (then Intl per instant). */
const hourOffsets = new Map<number, number | null>();

/*
 * formatToParts is still ~5 µs a call, and a daily job asks for tens of thousands of wall clocks.
 * The offset is asked of Intl once per UTC hour (at its first and last second: offsets change at
 * most a few times a year), so every answer still comes from the host's time-zone data.
 */
function offsetThroughHour(instant: number): number | undefined {
  const hour = Math.floor(instant / HOUR_MS);
  let offset = hourOffsets.get(hour);
  if (offset === undefined) {
    const first = offsetAt(hour * HOUR_MS);
    offset = first !== undefined && first === offsetAt(hour * HOUR_MS + HOUR_MS - 1000) ? first : null;
    if (hourOffsets.size >= 10_000) hourOffsets.clear();
    hourOffsets.set(hour, offset);
  }
  return offset ?? undefined;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Beijing wall-clock fields of an instant; undefined for an invalid Date or a year outside 1000–9999. */
function beijingWallClock(instant: Date): WallClock | undefined {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) return undefined;
  const offset = offsetThroughHour(ms);
  if (offset === undefined) return wallClockOfIntl(instant);
  const wall = new Date(ms + offset);
  const year = wall.getUTCFullYear();
  if (!(year >= 1000 && year <= 9999)) return undefined;
  return {
    year,
    month: two(wall.getUTCMonth() + 1),
    day: two(wall.getUTCDate()),
    hour: two(wall.getUTCHours()),
    minute: two(wall.getUTCMinutes()),
    second: two(wall.getUTCSeconds()),
  };
}

/** The Asia/Shanghai date of an instant. */
export function localDate(instant: Date): LocalDate {
  const w = beijingWallClock(instant);
  return w ? `${w.year}-${w.month}-${w.day}` : dayjs(instant).tz(RULE_TZ).format('YYYY-MM-DD');
}

/** The Asia/Shanghai wall-clock time of an instant, `HH:mm`. */
export function localTime(instant: Date): string {
  const w = beijingWallClock(instant);
  return w ? `${w.hour}:${w.minute}` : dayjs(instant).tz(RULE_TZ).format('HH:mm');
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** Milliseconds of `date` at 00:00 UTC (month and day may overflow, like Date.UTC), for years of any size. */
function utcMidnight(year: number, month: number, day: number): number {
  const t = new Date(0);
  t.setUTCFullYear(year, month - 1, day);
  return t.getTime();
}

/** `YYYY-MM-DD` (years 1000–9999) as UTC midnight; undefined when not written that way. */
function dayMs(date: LocalDate): number | undefined {
  if (!ISO_DATE.test(date) || date < '1000') return undefined;
  return utcMidnight(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

function formatUtcDay(ms: number): LocalDate | undefined {
  const t = new Date(ms);
  const year = t.getUTCFullYear();
  if (!(year >= 1000 && year <= 9999)) return undefined;
  return `${year}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`;
}

/** The instant at a Beijing wall-clock time of `date`: UTC of that wall clock, less the zone's offset then. */
function computeBeijingInstant(date: LocalDate, hour: number, minute: number, second: number): number | undefined {
  const midnight = dayMs(date);
  if (midnight === undefined) return undefined;
  const wall = midnight + ((hour * 60 + minute) * 60 + second) * 1000;
  const first = offsetAt(wall, beijingWallClock);
  if (first === undefined) return undefined;
  // A second pass settles the offset when the first guess fell on the other side of a change (1986–1991 DST).
  const settled = offsetAt(wall - first, beijingWallClock);
  return settled === undefined ? undefined : wall - settled;
}

/** Every item's deadline is the end of one of a few hundred days: each is worked out once. */
const instants = new Map<string, number | undefined>();

function beijingInstant(date: LocalDate, hour: number, minute: number, second: number): Date | undefined {
  const key = `${date} ${hour}:${minute}:${second}`;
  let instant = instants.get(key);
  if (instant === undefined && !instants.has(key)) {
    instant = computeBeijingInstant(date, hour, minute, second);
    if (instants.size >= 10_000) instants.clear();
    instants.set(key, instant);
  }
  return instant === undefined ? undefined : new Date(instant);
}

/** A deadline is the end of its day in Beijing: 23:59:59 Asia/Shanghai (docs/calendar.md). */
export function endOfLocalDay(date: LocalDate): Date {
  return beijingInstant(date, 23, 59, 59) ?? dayjs.tz(`${date} 23:59:59`, RULE_TZ).toDate();
}

/** The instant a Beijing date starts. */
export function startOfLocalDay(date: LocalDate): Date {
  return beijingInstant(date, 0, 0, 0) ?? dayjs.tz(`${date} 00:00:00`, RULE_TZ).toDate();
}

/** True for a real calendar date written `YYYY-MM-DD` (rejects 2026-02-30). */
export function isLocalDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const ms = dayMs(value);
  return ms === undefined ? dayjs(value, 'YYYY-MM-DD', true).isValid() : formatUtcDay(ms) === value;
}

/** Calendar arithmetic on dates, independent of time zones. */
export function addCalendarDays(date: LocalDate, days: number): LocalDate {
  const ms = Number.isSafeInteger(days) ? dayMs(date) : undefined;
  return (ms === undefined ? undefined : formatUtcDay(ms + days * DAY_MS)) ?? dayjs.utc(date).add(days, 'day').format('YYYY-MM-DD');
}

/** Whole calendar days from `a` to `b` (positive when b is later). */
export function calendarDaysBetween(a: LocalDate, b: LocalDate): number {
  const [from, to] = [dayMs(a), dayMs(b)];
  return from === undefined || to === undefined ? dayjs.utc(b).diff(dayjs.utc(a), 'day') : Math.round((to - from) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: LocalDate): number {
  const ms = dayMs(date);
  return ms === undefined ? dayjs.utc(date).day() : new Date(ms).getUTCDay();
}

const WEEKDAY_NAMES = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** `2026-12-01（周二）` for cards. */
export function formatDateZh(date: LocalDate): string {
  return `${date}（${WEEKDAY_NAMES[weekdayOf(date)]}）`;
}

/** `2026-12-01 09:30` in Beijing time, for timelines. */
export function formatInstantZh(instant: Date): string {
  const w = beijingWallClock(instant);
  return w ? `${w.year}-${w.month}-${w.day} ${w.hour}:${w.minute}` : dayjs(instant).tz(RULE_TZ).format('YYYY-MM-DD HH:mm');
}
