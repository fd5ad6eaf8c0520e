import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWorkCalendar } from '../../src/core/calendar';
import { moreWorkingHoursThan, workingHoursBetween } from '../../src/core/reminders/working-hours';

const calendar = createWorkCalendar();
const instant = fc.date({ min: new Date('2026-09-20T00:00:00+08:00'), max: new Date('2026-11-20T00:00:00+08:00'), noInvalidDate: true });

describe('Art. 40 nudges: more than N working hours, counted back from now', () => {
  it('answers exactly what the full count compared with N answers (National Day inside the range)', () => {
    fc.assert(
      fc.property(instant, instant, fc.integer({ min: 0, max: 40 }), (from, to, hours) => {
        expect(moreWorkingHoursThan(calendar, from, to, hours)).toBe(workingHoursBetween(calendar, from, to) > hours);
      }),
      { seed: 20261208, numRuns: 500 },
    );
  });

  it('four working hours: a Friday afternoon to Monday morning is not yet, to Monday noon it is', () => {
    const since = new Date('2026-11-20T15:00:00+08:00');
    expect(moreWorkingHoursThan(calendar, since, new Date('2026-11-23T09:00:00+08:00'), 4)).toBe(false);
    expect(moreWorkingHoursThan(calendar, since, new Date('2026-11-23T11:00:00+08:00'), 4)).toBe(true);
  });
});
