import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkCalendar } from '../../src/core/calendar/types';
import { calendarWith2027, shippedCalendar } from './fixtures/calendars';

const shipped = shippedCalendar();
let imported: WorkCalendar;
beforeAll(async () => {
  imported = await calendarWith2027();
});

describe('statutory working days of 2026 (State Council notice, via chinese-days)', () => {
  it.each([
    ['2026-01-01', false, '元旦'],
    ['2026-01-02', false, '元旦'],
    ['2026-01-04', true, '元旦调休上班'],
    ['2026-02-14', true, '春节调休上班'],
    ['2026-02-15', false, '春节'],
    ['2026-02-23', false, '春节'],
    ['2026-02-24', true, undefined],
    ['2026-02-28', true, '春节调休上班'],
    ['2026-04-04', false, '清明'],
    ['2026-04-06', false, '清明'],
    ['2026-05-01', false, '劳动节'],
    ['2026-05-05', false, '劳动节'],
    ['2026-05-09', true, '劳动节调休上班'],
    ['2026-06-19', false, '端午'],
    ['2026-06-21', false, '端午'],
    ['2026-09-20', true, '国庆节调休上班'],
    ['2026-09-25', false, '中秋'],
    ['2026-09-27', false, '中秋'],
    ['2026-10-01', false, '国庆节'],
    ['2026-10-07', false, '国庆节'],
    ['2026-10-10', true, '国庆节调休上班'],
    ['2026-11-28', false, undefined],
    ['2026-11-30', true, undefined],
  ])('%s is %s (%s)', (date, working, name) => {
    expect(shipped.day(date)).toEqual({ date, working, known: true, source: 'chinese-days', ...(name ? { name } : {}) });
  });
});

describe('民法典 第二百零一条: a period in working days does not count its start day', () => {
  it.each([
    ['a day before a make-up Saturday ends on it', '2026-02-13', 1, '2026-02-14'],
    ['the make-up Saturday itself does not count as day one', '2026-02-14', 1, '2026-02-24'],
    ['Spring Festival is skipped', '2026-02-12', 3, '2026-02-24'],
    ['five working days across Spring Festival', '2026-02-11', 5, '2026-02-25'],
    ['the second make-up Saturday of Spring Festival counts', '2026-02-27', 1, '2026-02-28'],
    ['New Year: the make-up Sunday 01-04 counts', '2025-12-31', 1, '2026-01-04'],
    ['Qingming 04-04..06 is skipped', '2026-04-03', 1, '2026-04-07'],
    ['May Day 05-01..05 is skipped', '2026-04-30', 1, '2026-05-06'],
    ['the May Day make-up Saturday 05-09 counts', '2026-05-08', 1, '2026-05-09'],
    ['Dragon Boat 06-19..21 is skipped', '2026-06-18', 1, '2026-06-22'],
    ['the make-up Sunday 09-20 counts', '2026-09-18', 1, '2026-09-20'],
    ['Mid-Autumn 09-25..27 is skipped', '2026-09-24', 1, '2026-09-28'],
    ['National Day 10-01..07 is skipped', '2026-09-30', 1, '2026-10-08'],
    ['three working days across National Day (leader instruction)', '2026-09-29', 3, '2026-10-09'],
    ['the make-up Saturday 10-10 counts', '2026-10-09', 1, '2026-10-10'],
    ['ten working days across Mid-Autumn and National Day (standing meeting)', '2026-09-21', 10, '2026-10-12'],
    ['a start on a holiday counts from the next working day', '2026-10-03', 1, '2026-10-08'],
    ['a start on an ordinary Saturday', '2026-11-28', 1, '2026-11-30'],
    ['zero days is the start itself', '2026-11-27', 0, '2026-11-27'],
  ])('%s: %s + %i working days → %s', (_rule, start, n, expected) => {
    expect(shipped.addWorkingDays(start, n)).toEqual({ date: expected, provisional: false });
  });
});

describe('民法典 第二百零二、二百零三条: month periods', () => {
  it.each([
    ['31 Jan + 1 month is the last day of February, a make-up Saturday', '2026-01-31', 1, '2026-02-28'],
    ['31 Jan + 3 months is 30 April', '2026-01-31', 3, '2026-04-30'],
    ['31 Jan + 2 months is 31 March', '2026-01-31', 2, '2026-03-31'],
    ['29 Aug + 1 month is 29 September', '2026-08-29', 1, '2026-09-29'],
    ['30 Aug + 1 month is 30 September', '2026-08-30', 1, '2026-09-30'],
    ['31 Aug + 1 month is the last day of September', '2026-08-31', 1, '2026-09-30'],
    ['a period ending on National Day ends on the next working day', '2026-09-03', 1, '2026-10-08'],
    ['3 months ending on a Saturday end on Monday (NPC suggestion)', '2026-07-31', 3, '2026-11-02'],
    ['30 Nov + 1 month is 30 December', '2026-11-30', 1, '2026-12-30'],
    ['6 months landing in Spring Festival end after it (NPC suggestion, complex)', '2025-08-20', 6, '2026-02-24'],
  ])('%s', (_rule, start, n, expected) => {
    expect(shipped.addMonths(start, n)).toEqual({ date: expected, provisional: false });
  });
});

describe('year end into 2027: provisional until the 2027 schedule is imported', () => {
  it('2027 is unknown to the shipped calendar and flagged, never silently a working day', () => {
    expect(shipped.yearSource(2027)).toBe('unknown');
    expect(shipped.day('2027-01-01')).toEqual({ date: '2027-01-01', working: true, known: false, source: 'weekday-guess' });
  });

  it.each([
    [
      'addWorkingDays 12-30 + 3',
      (c: WorkCalendar) => c.addWorkingDays('2026-12-30', 3),
      { date: '2027-01-04', provisional: true },
      { date: '2027-01-05', provisional: false },
    ],
    [
      'addWorkingDays 12-31 + 1',
      (c: WorkCalendar) => c.addWorkingDays('2026-12-31', 1),
      { date: '2027-01-01', provisional: true },
      { date: '2027-01-04', provisional: false },
    ],
    [
      'addWorkingDays 12-30 + 1 stays in 2026',
      (c: WorkCalendar) => c.addWorkingDays('2026-12-30', 1),
      { date: '2026-12-31', provisional: false },
      { date: '2026-12-31', provisional: false },
    ],
    [
      'addWorkingDays 2027-01-29 + 1 (make-up Saturday)',
      (c: WorkCalendar) => c.addWorkingDays('2027-01-29', 1),
      { date: '2027-02-01', provisional: true },
      { date: '2027-01-30', provisional: false },
    ],
    [
      'addMonths 30 Nov + 3 → 28 Feb 2027 (Sunday)',
      (c: WorkCalendar) => c.addMonths('2026-11-30', 3),
      { date: '2027-03-01', provisional: true },
      { date: '2027-03-01', provisional: false },
    ],
    [
      'addMonths 30 Nov + 6 → 30 May 2027 (Sunday)',
      (c: WorkCalendar) => c.addMonths('2026-11-30', 6),
      { date: '2027-05-31', provisional: true },
      { date: '2027-05-31', provisional: false },
    ],
    [
      'addMonths 31 Aug + 6 → 28 Feb 2027',
      (c: WorkCalendar) => c.addMonths('2026-08-31', 6),
      { date: '2027-03-01', provisional: true },
      { date: '2027-03-01', provisional: false },
    ],
    [
      'addMonths 2026-09-08 + 5 → 8 Feb 2027 (Spring Festival in the test file)',
      (c: WorkCalendar) => c.addMonths('2026-09-08', 5),
      { date: '2027-02-08', provisional: true },
      { date: '2027-02-15', provisional: false },
    ],
    [
      'next working day on or after 2027-01-01',
      (c: WorkCalendar) => c.nextWorkingDayOnOrAfter('2027-01-01'),
      { date: '2027-01-01', provisional: true },
      { date: '2027-01-04', provisional: false },
    ],
    [
      'previous working day on or before 2027-01-03',
      (c: WorkCalendar) => c.previousWorkingDayOnOrBefore('2027-01-03'),
      { date: '2027-01-01', provisional: true },
      { date: '2026-12-31', provisional: false },
    ],
  ])('%s', async (_rule, compute, before, after) => {
    expect(compute(shipped)).toEqual(before);
    expect(compute(imported)).toEqual(after);
  });

  it('working days between 2026-12-25 and 2027-01-08 are provisional, then exact after import', () => {
    expect(shipped.workingDaysBetween('2026-12-25', '2027-01-08')).toEqual({ days: 10, provisional: true });
    expect(imported.workingDaysBetween('2026-12-25', '2027-01-08')).toEqual({ days: 9, provisional: false });
  });

  it('after import 2027-01-01 is 元旦 from the override, and ordinary 2027 days are known', () => {
    expect(imported.yearSource(2027)).toBe('imported');
    expect(imported.day('2027-01-01')).toEqual({ date: '2027-01-01', working: false, known: true, source: 'override', name: '元旦' });
    expect(imported.day('2027-03-03')).toEqual({ date: '2027-03-03', working: true, known: true, source: 'override' });
    expect(imported.day('2028-01-03')).toMatchObject({ known: false, source: 'weekday-guess' });
  });
});

describe('precedence: imported override > chinese-days > weekday guess', () => {
  it('an imported year replaces the package for that year', async () => {
    const { createWorkCalendar } = await import('../../src/core/calendar/work-calendar');
    const corrected = createWorkCalendar({ days: new Map([['2026-10-09', { kind: 'holiday', name: '国庆节' }]]), years: new Set([2026]) });
    expect(corrected.day('2026-10-09')).toMatchObject({ working: false, source: 'override', name: '国庆节' });
    // Package holidays the imported file does not repeat are no longer holidays: the file is the whole year.
    expect(corrected.day('2026-10-01')).toMatchObject({ working: true, source: 'override' });
    expect(corrected.yearSource(2026)).toBe('imported');
  });

  it('a single override day without an imported year wins over the package for that day only', async () => {
    const { createWorkCalendar } = await import('../../src/core/calendar/work-calendar');
    const patched = createWorkCalendar({ days: new Map([['2026-10-10', { kind: 'holiday', name: '调整' }]]), years: new Set() });
    expect(patched.day('2026-10-10')).toMatchObject({ working: false, source: 'override' });
    expect(patched.day('2026-10-01')).toMatchObject({ working: false, source: 'chinese-days' });
  });
});

describe('working days between two dates (lateness statistics)', () => {
  it.each([
    ['2026-09-30', '2026-10-08', 1],
    ['2026-09-30', '2026-10-10', 3],
    ['2026-02-13', '2026-02-24', 2],
    ['2026-11-26', '2026-11-26', 0],
    ['2026-11-27', '2026-11-26', 0],
    ['2026-01-01', '2026-12-31', 248],
  ])('(%s, %s] holds %i working days', (from, to, days) => {
    expect(shipped.workingDaysBetween(from, to)).toEqual({ days, provisional: false });
  });
});

describe('programming errors are refused loudly', () => {
  it.each([
    ['a malformed date', () => shipped.day('2026-13-01')],
    ['an impossible date', () => shipped.addWorkingDays('2026-02-30', 1)],
    ['a negative count', () => shipped.addWorkingDays('2026-02-03', -1)],
    ['a fractional count', () => shipped.addMonths('2026-02-03', 1.5)],
    ['an absurd span', () => shipped.workingDaysBetween('2000-01-01', '2099-01-01')],
  ])('%s throws RangeError', (_what, call) => {
    expect(call).toThrow(RangeError);
  });
});
