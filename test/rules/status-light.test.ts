import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkCalendar } from '../../src/core/calendar/types';
import { statusLight } from '../../src/core/rules/status-light';
import { calendarWith2027, shippedCalendar } from './fixtures/calendars';

const shipped = shippedCalendar();
let imported: WorkCalendar;
beforeAll(async () => {
  imported = await calendarWith2027();
});
const at = (beijing: string) => new Date(`${beijing}+08:00`);

describe('status lights of the ledger (Art. 40): 🟢 on track, 🟡 within 2 working days, 🔴 overdue, ⚪ done', () => {
  it.each([
    ['three working days left is green', '2026-11-30', '2026-11-25T09:00:00', 'green', 3],
    ['two working days left is yellow', '2026-11-30', '2026-11-26T09:00:00', 'yellow', 2],
    ['due today is yellow until the end of the day', '2026-11-30', '2026-11-30T23:59:59', 'yellow', 0],
    ['one second after the due day ends is red', '2026-11-30', '2026-12-01T00:00:00', 'red', -1],
    ['the eve of National Day: 10-08 is one working day away, yellow', '2026-10-08', '2026-09-30T09:00:00', 'yellow', 1],
    ['during National Day: 10-09 is two working days away, yellow', '2026-10-09', '2026-10-02T12:00:00', 'yellow', 2],
    ['the day before National Day: 10-09 is three working days away, green', '2026-10-09', '2026-09-29T09:00:00', 'green', 3],
    ['before Spring Festival the make-up Saturday counts: yellow', '2026-02-24', '2026-02-13T09:00:00', 'yellow', 2],
    ['a deadline on 09-30 is red during the holiday, zero working days late', '2026-09-30', '2026-10-03T10:00:00', 'red', 0],
    ['a deadline on 09-30 is one working day late on 10-08', '2026-09-30', '2026-10-08T10:00:00', 'red', -1],
    ['a make-up Sunday counts as a late working day', '2026-09-18', '2026-09-21T10:00:00', 'red', -2],
  ])('%s', (_rule, deadline, now, light, workingDaysLeft) => {
    expect(statusLight({ deadline, done: false, now: at(now), calendar: shipped })).toMatchObject({ light, workingDaysLeft, provisional: false });
  });

  it.each([
    ['green', '🟢', '正常推进', '2026-11-30', '2026-11-20T09:00:00'],
    ['yellow', '🟡', '临近期限', '2026-11-30', '2026-11-27T09:00:00'],
    ['red', '🔴', '已逾期', '2026-11-20', '2026-11-27T09:00:00'],
  ])('%s shows %s %s', (light, emoji, labelZh, deadline, now) => {
    expect(statusLight({ deadline, done: false, now: at(now), calendar: shipped })).toMatchObject({ light, emoji, labelZh });
  });

  it('done (completed or archived) is white whatever the deadline', () => {
    expect(statusLight({ deadline: '2026-09-30', done: true, now: at('2026-12-01T09:00:00'), calendar: shipped })).toEqual({
      light: 'white',
      emoji: '⚪',
      labelZh: '已办结',
      workingDaysLeft: null,
      provisional: false,
    });
  });

  it('a deadline with an explicit time turns red right after that time', () => {
    const deadline = at('2026-11-26T10:00:00');
    expect(statusLight({ deadline, done: false, now: at('2026-11-26T09:59:00'), calendar: shipped })).toMatchObject({ light: 'yellow', workingDaysLeft: 0 });
    expect(statusLight({ deadline, done: false, now: at('2026-11-26T10:01:00'), calendar: shipped })).toMatchObject({ light: 'red', workingDaysLeft: 0 });
  });

  it('the due day ends at midnight Beijing time, whatever the host time zone (16:30 UTC is 00:30 next day)', () => {
    expect(statusLight({ deadline: '2026-09-30', done: false, now: new Date('2026-09-30T15:59:59Z'), calendar: shipped }).light).toBe('yellow');
    expect(statusLight({ deadline: '2026-09-30', done: false, now: new Date('2026-09-30T16:30:00Z'), calendar: shipped }).light).toBe('red');
  });

  it('counting into 2027 is provisional before the import and exact after', () => {
    const input = { deadline: '2027-01-04', done: false, now: at('2026-12-30T09:00:00') };
    expect(statusLight({ ...input, calendar: shipped })).toMatchObject({ light: 'green', workingDaysLeft: 3, provisional: true });
    expect(statusLight({ ...input, calendar: imported })).toMatchObject({ light: 'yellow', workingDaysLeft: 2, provisional: false });
    const late = { deadline: '2026-12-31', done: false, now: at('2027-01-05T09:00:00') };
    expect(statusLight({ ...late, calendar: shipped })).toMatchObject({ light: 'red', workingDaysLeft: -3, provisional: true });
    expect(statusLight({ ...late, calendar: imported })).toMatchObject({ light: 'red', workingDaysLeft: -2, provisional: false });
  });
});
