import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkCalendar } from '../../src/core/calendar/types';
import { weeklyReportDue, type IsoWeekday } from '../../src/core/rules/weekly-report';
import { calendarWith2027, shippedCalendar } from './fixtures/calendars';

const shipped = shippedCalendar();
let imported: WorkCalendar;
beforeAll(async () => {
  imported = await calendarWith2027();
});

describe('Art. 40 周报制: a weekly report is due on the last working day of the week', () => {
  it.each([
    ['an ordinary week: Friday', '2026-11-25', '2026-11-27'],
    ['any day of the week names the same ISO week (Sunday)', '2026-11-29', '2026-11-27'],
    ['the week National Day starts: Wednesday 09-30', '2026-10-01', '2026-09-30'],
    ['the week after National Day: the make-up Saturday 10-10', '2026-10-05', '2026-10-10'],
    ['a make-up Sunday ends the week: 09-20', '2026-09-14', '2026-09-20'],
    ['Mid-Autumn Friday: Thursday 09-24', '2026-09-21', '2026-09-24'],
    ['the week before Spring Festival: the make-up Saturday 02-14', '2026-02-09', '2026-02-14'],
    ['the week after Spring Festival: the make-up Saturday 02-28', '2026-02-23', '2026-02-28'],
    ['May Day Friday: Thursday 04-30', '2026-04-27', '2026-04-30'],
    ['after May Day: the make-up Saturday 05-09', '2026-05-06', '2026-05-09'],
    ['Dragon Boat Friday: Thursday 06-18', '2026-06-15', '2026-06-18'],
    ["Qingming Monday does not matter for the week's end: Friday 04-10", '2026-04-06', '2026-04-10'],
  ])('%s', (_rule, day, due) => {
    const result = weeklyReportDue(day, shipped);
    expect(result).toMatchObject({ due, rule: 'last_working_day', provisional: false });
  });

  it('a week with no working day has no report due (Spring Festival 2026-02-16..22)', () => {
    expect(weeklyReportDue('2026-02-18', shipped)).toEqual({
      due: null,
      rule: 'no_working_day',
      weekStart: '2026-02-16',
      weekEnd: '2026-02-22',
      provisional: false,
      explanationZh: '依据《工作规则》第四十条，本周（2026-02-16 至 2026-02-22）为春节假期，没有工作日，免报周报，下周照常报送。',
    });
    expect(weeklyReportDue('2026-02-18', shipped, 5).due).toBeNull();
  });

  it('the card explanation cites Art. 40 and says why that day', () => {
    expect(weeklyReportDue('2026-10-05', shipped).explanationZh).toBe(
      '依据《工作规则》第四十条，长期性督办事项实行周报制，本周（2026-10-05 至 2026-10-11）周报应于 2026-10-10（周六） 报送（本周最后一个工作日）。',
    );
  });
});

describe('Art. 40 周报制 with a configured weekday', () => {
  it.each([
    ['Friday on an ordinary week', '2026-11-23', 5, '2026-11-27', 'configured_weekday'],
    ['Friday is a holiday (National Day): the previous working day', '2026-09-28', 5, '2026-09-30', 'previous_working_day'],
    ['Friday is a holiday (Mid-Autumn): Thursday', '2026-09-21', 5, '2026-09-24', 'previous_working_day'],
    ['Friday is a holiday (May Day): Thursday', '2026-04-27', 5, '2026-04-30', 'previous_working_day'],
    ['Friday after National Day is a working day', '2026-10-05', 5, '2026-10-09', 'configured_weekday'],
    ['Wednesday after May Day', '2026-05-04', 3, '2026-05-06', 'configured_weekday'],
    ['Monday holiday with nothing before it in the week: the next working day of the week (National Day)', '2026-10-05', 1, '2026-10-08', 'next_working_day'],
    ['Monday holiday (Qingming): Tuesday', '2026-04-06', 1, '2026-04-07', 'next_working_day'],
    ['Monday holiday after Spring Festival: Tuesday 02-24', '2026-02-23', 1, '2026-02-24', 'next_working_day'],
    ['Tuesday holiday after May Day (05-04, 05-05 off): Wednesday', '2026-05-04', 2, '2026-05-06', 'next_working_day'],
    ['a Saturday setting on an ordinary week falls back to Friday', '2026-11-23', 6, '2026-11-27', 'previous_working_day'],
    ['a Saturday setting on a make-up Saturday is that day', '2026-10-05', 6, '2026-10-10', 'configured_weekday'],
  ] as Array<[string, string, IsoWeekday, string, string]>)('%s', (_rule, day, weekday, due, rule) => {
    expect(weeklyReportDue(day, shipped, weekday)).toMatchObject({ due, rule });
  });

  it('the explanation says the configured day was off', () => {
    expect(weeklyReportDue('2026-09-28', shipped, 5).explanationZh).toContain('应于 2026-09-30（周三） 报送（周五放假，提前到前一个工作日）');
  });
});

describe('Art. 40 周报制 across the year end into 2027', () => {
  it('the last week of 2026 is provisional: 2027-01-01 is guessed a working day', () => {
    expect(weeklyReportDue('2026-12-28', shipped)).toMatchObject({ due: '2027-01-01', provisional: true, weekStart: '2026-12-28', weekEnd: '2027-01-03' });
  });

  it('after importing 2027, 元旦 moves it to Thursday 12-31 and it is no longer provisional', () => {
    expect(weeklyReportDue('2026-12-28', imported)).toMatchObject({ due: '2026-12-31', provisional: false });
  });
});
