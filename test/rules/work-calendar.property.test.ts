import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkCalendar } from '../../src/core/calendar/types';
import { addCalendarDays } from '../../src/core/time';
import { calendarWith2027, shippedCalendar } from './fixtures/calendars';

const calendars: Array<[string, WorkCalendar]> = [['shipped calendar', shippedCalendar()]];
beforeAll(async () => {
  calendars.push(['calendar with 2027 imported', await calendarWith2027()]);
});

/** Any date from 2024 to 2028: package years, the imported year and unknown years. */
const date = fc.integer({ min: 0, max: 5 * 366 }).map((offset) => addCalendarDays('2024-01-01', offset));
const count = fc.integer({ min: 0, max: 40 });

describe('working-day periods (properties)', () => {
  it('a computed working-day deadline is always a working day, later than the start', () => {
    for (const [, calendar] of calendars) {
      fc.assert(
        fc.property(date, fc.integer({ min: 1, max: 60 }), (start, n) => {
          const { date: due } = calendar.addWorkingDays(start, n);
          expect(calendar.isWorkingDay(due)).toBe(true);
          expect(due > start).toBe(true);
        }),
      );
    }
  });

  it('adding n then m working days equals adding n + m', () => {
    for (const [, calendar] of calendars) {
      fc.assert(
        fc.property(date, count, count, (start, n, m) => {
          const stepwise = calendar.addWorkingDays(calendar.addWorkingDays(start, n).date, m).date;
          expect(stepwise).toBe(calendar.addWorkingDays(start, n + m).date);
        }),
      );
    }
  });

  it('exactly n working days lie between the start and its n-working-day deadline', () => {
    for (const [, calendar] of calendars) {
      fc.assert(
        fc.property(date, count, (start, n) => {
          expect(calendar.workingDaysBetween(start, calendar.addWorkingDays(start, n).date).days).toBe(n);
        }),
      );
    }
  });

  it('a month period ends on a working day, on or after the corresponding day', () => {
    for (const [, calendar] of calendars) {
      fc.assert(
        fc.property(date, fc.integer({ min: 1, max: 12 }), (start, n) => {
          const { date: end } = calendar.addMonths(start, n);
          expect(calendar.isWorkingDay(end)).toBe(true);
          expect(end > start).toBe(true);
        }),
      );
    }
  });

  it('a result is provisional exactly when the days it walked over include an unknown year', () => {
    const [, shipped] = calendars[0]!;
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 60 }), (start, n) => {
        const result = shipped.addWorkingDays(start, n);
        const touchesUnknown = result.date.slice(0, 4) >= '2027' || addCalendarDays(start, 1).slice(0, 4) >= '2027';
        expect(result.provisional).toBe(touchesUnknown);
      }),
    );
  });
});
