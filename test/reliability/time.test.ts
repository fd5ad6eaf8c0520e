import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  calendarDaysBetween,
  dayjs,
  endOfLocalDay,
  formatInstantZh,
  isLocalDate,
  localDate,
  localTime,
  RULE_TZ,
  startOfLocalDay,
  weekdayOf,
} from '../../src/core/time';

/**
 * src/core/time.ts computes dates without dayjs on its hot paths (bench/: dayjs's timezone plugin
 * was three quarters of the daily job). dayjs stays the oracle: for every input — real dates,
 * overflowing ones, malformed strings, instants across the 1986–1991 summer-time years — the fast
 * functions answer exactly what the dayjs expressions they replaced answer.
 */
const oracle = {
  localDate: (i: Date) => dayjs(i).tz(RULE_TZ).format('YYYY-MM-DD'),
  localTime: (i: Date) => dayjs(i).tz(RULE_TZ).format('HH:mm'),
  formatInstantZh: (i: Date) => dayjs(i).tz(RULE_TZ).format('YYYY-MM-DD HH:mm'),
  endOfLocalDay: (d: string) => dayjs.tz(`${d} 23:59:59`, RULE_TZ).toDate().getTime(),
  startOfLocalDay: (d: string) => dayjs.tz(`${d} 00:00:00`, RULE_TZ).toDate().getTime(),
  isLocalDate: (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && dayjs(v, 'YYYY-MM-DD', true).isValid(),
  addCalendarDays: (d: string, n: number) => dayjs.utc(d).add(n, 'day').format('YYYY-MM-DD'),
  calendarDaysBetween: (a: string, b: string) => dayjs.utc(b).diff(dayjs.utc(a), 'day'),
  weekdayOf: (d: string) => dayjs.utc(d).day(),
};

const SEED = 20261126;
const pad = (n: number, w: number) => String(n).padStart(w, '0');
/** Real dates 1900–2100 plus overflowing ones (month 00–13, day 00–35), all written YYYY-MM-DD. */
const isoish = fc
  .tuple(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 35 }))
  .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
const realDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((t) => t.toISOString().slice(0, 10));
const anyDateText = fc.oneof(isoish, realDate, fc.constantFrom('1986-05-04', '1991-09-15', '2026-02-29', '2024-02-29', '0999-12-31', '0050-01-01'));
const instant = fc.oneof(
  fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true }),
  // The summer-time years, where the offset was +09:00 part of the year.
  fc.date({ min: new Date('1986-01-01T00:00:00Z'), max: new Date('1992-01-01T00:00:00Z'), noInvalidDate: true }),
);

describe('fast date functions agree with dayjs', () => {
  it('local date, time and timeline format of any instant', () => {
    fc.assert(
      fc.property(instant, (i) => {
        expect(localDate(i)).toBe(oracle.localDate(i));
        expect(localTime(i)).toBe(oracle.localTime(i));
        expect(formatInstantZh(i)).toBe(oracle.formatInstantZh(i));
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('start and end of a Beijing day, summer-time years included', () => {
    fc.assert(
      fc.property(anyDateText, (d) => {
        expect(endOfLocalDay(d).getTime()).toBe(oracle.endOfLocalDay(d));
        expect(startOfLocalDay(d).getTime()).toBe(oracle.startOfLocalDay(d));
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('which strings are real dates', () => {
    fc.assert(
      fc.property(fc.oneof(anyDateText, fc.string({ maxLength: 12 })), (v) => {
        expect(isLocalDate(v)).toBe(oracle.isLocalDate(v));
      }),
      { seed: SEED, numRuns: 600 },
    );
  });

  it('calendar arithmetic: adding days, days between, weekday', () => {
    fc.assert(
      fc.property(anyDateText, anyDateText, fc.integer({ min: -800, max: 800 }), (a, b, n) => {
        expect(addCalendarDays(a, n)).toBe(oracle.addCalendarDays(a, n));
        expect(calendarDaysBetween(a, b)).toBe(oracle.calendarDaysBetween(a, b));
        expect(weekdayOf(a)).toBe(oracle.weekdayOf(a));
      }),
      { seed: SEED, numRuns: 600 },
    );
  });

  it("every minute around each change of Beijing's offset (1901 LMT, the 1986–1991 summer times)", () => {
    // The wall clock reuses one offset per UTC hour when Intl gives the same at its first and last second.
    const changes = ['1900-12-31T15:54:17Z', '1986-05-03T18:00:00Z', '1986-09-13T17:00:00Z', '1991-04-13T18:00:00Z', '1991-09-14T17:00:00Z'];
    for (const change of changes) {
      const at = new Date(change).getTime();
      for (let t = at - 2 * 3_600_000; t <= at + 2 * 3_600_000; t += 60_000 + 7_001) {
        const i = new Date(t);
        expect(formatInstantZh(i)).toBe(oracle.formatInstantZh(i));
        expect(localDate(i)).toBe(oracle.localDate(i));
      }
    }
  });

  it('dates the rules use every day', () => {
    expect(endOfLocalDay('2026-12-08').toISOString()).toBe('2026-12-08T15:59:59.000Z');
    expect(localDate(new Date('2026-12-08T16:00:00Z'))).toBe('2026-12-09');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(weekdayOf('2026-12-08')).toBe(2);
    expect(isLocalDate('2026-02-29')).toBe(false);
  });
});
