import { describe, expect, it } from 'vitest';
import { parseDateRangeZh, parseDateZh, readDateZh } from '../../src/core/dates/parse-zh';
import { UserError } from '../../src/core/errors';

// 2026-11-25 is a Wednesday.
const WED = '2026-11-25';

describe('Chinese dates in commands (docs/commands.md)', () => {
  it.each([
    ['今天', WED, '2026-11-25'],
    ['明天', WED, '2026-11-26'],
    ['后天', WED, '2026-11-27'],
    ['大后天', WED, '2026-11-28'],
    ['昨天', WED, '2026-11-24'],
    ['下周一', WED, '2026-11-30'],
    ['下个星期三', WED, '2026-12-02'],
    ['下下周一', WED, '2026-12-07'],
    ['本周五', WED, '2026-11-27'],
    ['这周五', WED, '2026-11-27'],
    ['本周一', WED, '2026-11-23'],
    ['本周日', WED, '2026-11-29'],
    ['上周五', WED, '2026-11-20'],
    ['周三', WED, '2026-11-25'],
    ['周二', WED, '2026-12-01'],
    ['星期天', WED, '2026-11-29'],
    ['礼拜六', WED, '2026-11-28'],
    ['下周一', '2026-11-29', '2026-11-30'],
    ['本周五', '2026-11-29', '2026-11-27'],
    ['11月28日', WED, '2026-11-28'],
    ['11月28号', WED, '2026-11-28'],
    ['11月28', WED, '2026-11-28'],
    ['十一月二十八日', WED, '2026-11-28'],
    ['十二月一日', WED, '2026-12-01'],
    ['11月25日', WED, '2026-11-25'],
    ['11月24日', WED, '2027-11-24'],
    ['28号', WED, '2026-11-28'],
    ['28日', WED, '2026-11-28'],
    ['25号', WED, '2026-11-25'],
    ['3号', WED, '2026-12-03'],
    ['31号', WED, '2026-12-31'],
    ['31号', '2027-01-31', '2027-01-31'],
    ['30号', '2027-01-31', '2027-03-30'],
    ['12.1', WED, '2026-12-01'],
    ['12-01', WED, '2026-12-01'],
    ['12/1', WED, '2026-12-01'],
    ['１２．１', WED, '2026-12-01'],
    [' 12.1 ', WED, '2026-12-01'],
    ['2026-12-01', WED, '2026-12-01'],
    ['2026/12/1', WED, '2026-12-01'],
    ['2026.12.01', WED, '2026-12-01'],
    ['2026年12月1日', WED, '2026-12-01'],
    ['2026年12月1号', WED, '2026-12-01'],
    ['2025-12-01', WED, '2025-12-01'],
    ['2028年2月29日', WED, '2028-02-29'],
  ])('%s on %s is %s', (input, today, expected) => {
    expect(parseDateZh(input, today, 'ahead')).toBe(expected);
  });

  it.each([
    ['1月3日', '2026-12-30', '2027-01-03'],
    ['1.3', '2026-12-30', '2027-01-03'],
    ['3号', '2026-12-30', '2027-01-03'],
    ['周一', '2026-12-30', '2027-01-04'],
    ['下周一', '2026-12-31', '2027-01-04'],
    ['明天', '2026-12-31', '2027-01-01'],
  ])('a date without a year is the next one on or after today: %s on %s is %s', (input, today, expected) => {
    expect(parseDateZh(input, today, 'ahead')).toBe(expected);
  });

  it.each([
    ['2月30日', /2月没有30日/],
    ['4月31日', /4月没有31日/],
    ['2026-02-30', /2月没有30日/],
    ['2027年2月29日', /2027年2月没有29日/],
    ['2月29日', /2027年2月没有29日/],
    ['13月1日', /“13月”不是有效月份/],
    ['13.1', /“13月”不是有效月份/],
    ['11月32日', /“32日”不是有效日期/],
    ['32号', /“32号”不存在/],
    ['0号', /“0号”不存在/],
  ])('an impossible calendar date is refused: %s', (input, message) => {
    expect(() => parseDateZh(input, WED, 'ahead')).toThrow(UserError);
    expect(() => parseDateZh(input, WED, 'ahead')).toThrow(message);
  });

  it.each(['', '下个月', '明年', 'abc', '11月', '28', '周八', '2026-12', '11月28日-30日', '明天下午三点'])(
    'unparseable input %j gets a Chinese error with examples',
    (input) => {
      const attempt = () => parseDateZh(input, WED, 'ahead');
      expect(attempt).toThrow(UserError);
      expect(attempt).toThrow(
        /^无法识别日期“.*”。可以这样写：今天、明天、后天、下周一、本周五、周三、11月28日、28号、12\.1、12-01、2026-12-01、2026年12月1日。$/,
      );
    },
  );
});

describe('Chinese date ranges in commands (docs/commands.md)', () => {
  it.each([
    ['11月28日-30日', WED, '2026-11-28', '2026-11-30'],
    ['11月28日至30日', WED, '2026-11-28', '2026-11-30'],
    ['11月28日至12月2日', WED, '2026-11-28', '2026-12-02'],
    ['11月28日到12月2日', WED, '2026-11-28', '2026-12-02'],
    ['11.28至12.2', WED, '2026-11-28', '2026-12-02'],
    ['11.28-12.2', WED, '2026-11-28', '2026-12-02'],
    ['11.28~12.2', WED, '2026-11-28', '2026-12-02'],
    ['11.28 — 12.2', WED, '2026-11-28', '2026-12-02'],
    ['11.28-30', WED, '2026-11-28', '2026-11-30'],
    ['11月28日-2日', WED, '2026-11-28', '2026-12-02'],
    ['28号到30号', WED, '2026-11-28', '2026-11-30'],
    ['明天到后天', WED, '2026-11-26', '2026-11-27'],
    ['明天至下周一', WED, '2026-11-26', '2026-11-30'],
    ['周五到下周二', WED, '2026-11-27', '2026-12-01'],
    ['周五到周二', WED, '2026-11-27', '2026-12-01'],
    ['2026-12-01-2026-12-03', WED, '2026-12-01', '2026-12-03'],
    ['2026-12-01至12-03', WED, '2026-12-01', '2026-12-03'],
    ['2026年12月30日至2027年1月2日', WED, '2026-12-30', '2027-01-02'],
    ['12.30-1.2', WED, '2026-12-30', '2027-01-02'],
    ['12月30日至1月2日', '2026-12-31', '2026-12-30', '2027-01-02'],
  ])('%s on %s is %s … %s', (input, today, start, end) => {
    expect(parseDateRangeZh(input, today)).toEqual({ start, end });
  });

  it.each([
    ['明天', WED, '2026-11-26'],
    ['12.1', WED, '2026-12-01'],
    ['2026-12-01', WED, '2026-12-01'],
    ['1月3日', '2026-12-30', '2027-01-03'],
  ])('a single date %s is a one-day range', (input, today, date) => {
    expect(parseDateRangeZh(input, today)).toMatchObject({ start: date, end: date });
  });

  it.each([
    ['11月24日-26日', '2026-11-24', '2026-11-26', "a range under way is this one, not next year's"],
    ['11月20日-24日', '2027-11-20', '2027-11-24', "a range already over is next year's"],
    ['1月3日-5日', '2027-01-03', '2027-01-05', "on 2026-12-30 a January range is next year's"],
  ])('a range without a year is the first one that has not ended: %s', (input, start, end) => {
    const today = input.startsWith('1月') ? '2026-12-30' : WED;
    expect(parseDateRangeZh(input, today)).toMatchObject({ start, end });
  });

  it.each([
    ['后天到明天', /结束日期 2026-11-26 早于开始日期 2026-11-27/],
    ['2026-12-03至2026-12-01', /结束日期 2026-12-01 早于开始日期 2026-12-03/],
    ['2月27日-30日', /2月没有30日/],
    ['2月30日至3月2日', /2月没有30日/],
  ])('a bad range is refused: %s', (input, message) => {
    expect(() => parseDateRangeZh(input, WED)).toThrow(UserError);
    expect(() => parseDateRangeZh(input, WED)).toThrow(message);
  });

  it.each(['', '下个月', '11月28日-', '-12.2', '11.28至', '明天到下个月', '上午到下午'])('unparseable range %j gets a Chinese error with examples', (input) => {
    const attempt = () => parseDateRangeZh(input, WED);
    expect(attempt).toThrow(UserError);
    expect(attempt).toThrow(/^无法识别日期范围“.*”。可以这样写：11月28日-30日、11月28日至12月2日、11\.28至12\.2、明天到后天，或单独一个日期（当天）。$/);
  });
});

describe('reversed month-day ranges', () => {
  it('reports 12月3日-12月1日 as a reversed range instead of a year-long trip', () => {
    expect(() => parseDateRangeZh('12月3日-12月1日', '2026-11-26')).toThrow('早于开始日期');
  });

  it('still reads a range across the year end', () => {
    expect(parseDateRangeZh('12月30日-1月2日', '2026-11-26')).toEqual({ start: '2026-12-30', end: '2027-01-02' });
  });
});

describe('a date without a year: the nearest one for queries, the next one where a command books ahead', () => {
  it.each([
    ['12月5日', '2026-12-14', '2026-12-05'],
    ['12.5', '2026-12-14', '2026-12-05'],
    ['5号', '2026-12-14', '2026-12-05'],
    ['1月3日', '2026-12-14', '2027-01-03'],
    ['3号', '2026-12-30', '2027-01-03'],
    ['12月20日', '2027-01-05', '2026-12-20'],
    ['12月14日', '2026-12-14', '2026-12-14'],
    ['6月1日', '2026-12-14', '2027-06-01'],
    ['2月29日', '2027-12-14', '2028-02-29'],
    ['周三', '2026-11-25', '2026-11-25'],
    ['2025-12-05', '2026-12-14', '2025-12-05'],
  ])('query: %s on %s is %s', (input, today, expected) => {
    expect(parseDateZh(input, today, 'nearest')).toBe(expected);
  });

  it.each([
    ['12月5日', '2026-12-14', '2027-12-05'],
    ['5号', '2026-12-14', '2027-01-05'],
    ['1月3日', '2026-12-14', '2027-01-03'],
  ])('booking ahead: %s on %s is %s', (input, today, expected) => {
    expect(parseDateZh(input, today, 'ahead')).toBe(expected);
  });

  it.each([
    ['6月12日', '2026-12-14', '2026-06-12'],
    ['12月20日', '2026-12-14', '2025-12-20'],
    ['5号', '2026-12-14', '2026-12-05'],
    ['31号', '2026-12-14', '2026-10-31'],
    ['12月14日', '2026-12-14', '2026-12-14'],
  ])('a fact that has happened (收文日期): %s on %s is %s', (input, today, expected) => {
    expect(parseDateZh(input, today, 'past')).toBe(expected);
  });

  it.each([
    ['1月3日', '2026-12-14', 'nearest', '「1月3日」按 2027 年理解。'],
    ['12月5日', '2026-12-14', 'ahead', '「12月5日」按 2027 年理解。'],
    ['3号', '2026-12-30', 'nearest', '「3号」按 2027 年理解。'],
    ['12月5日', '2026-12-14', 'nearest', undefined],
    ['2027-01-03', '2026-12-14', 'nearest', undefined],
    ['明天', '2026-12-31', 'nearest', undefined],
  ] as const)('the reply names the year understood when it is not this year: %s on %s (%s)', (input, today, reading, note) => {
    expect(readDateZh(input, today, reading).yearNote).toBe(note);
  });
});

describe('a leave range without a year books ahead and names another year', () => {
  it.each([
    ['12月5日-7日', '2026-12-14', { start: '2027-12-05', end: '2027-12-07', yearNote: '「12月5日-7日」按 2027 年理解。' }],
    ['1月3日', '2026-12-14', { start: '2027-01-03', end: '2027-01-03', yearNote: '「1月3日」按 2027 年理解。' }],
    ['12月20日-22日', '2026-12-14', { start: '2026-12-20', end: '2026-12-22' }],
    ['2027-01-03至2027-01-05', '2026-12-14', { start: '2027-01-03', end: '2027-01-05' }],
  ])('%s on %s', (input, today, expected) => {
    expect(parseDateRangeZh(input, today)).toStrictEqual(expected);
  });
});
