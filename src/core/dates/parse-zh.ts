import { UserError } from '../errors';
import { addCalendarDays, calendarDaysBetween, isLocalDate, weekdayOf, type LocalDate } from '../time';

/**
 * Free-form Chinese dates typed in commands (docs/commands.md): 今天, 明天, 下周一, 本周五, 周三, 11月28日,
 * 28号, 12.1, 12-01, 12/1, 2026-12-01, 2026年12月1日, and ranges of two of them joined by 至/到/-/~.
 * Everything is date arithmetic on `today` (a Beijing date the caller took from its clock), so
 * the host time zone never matters. A date written without a year (11月28日, 28号) is read as the
 * caller says: the nearest such date, past or future, for a query about what happened or happens
 * (`nearest`), the last one on or before today for a fact that has happened (`past`: 收文日期), the
 * next one on or after today where the command books something ahead (`ahead`); in a range, the
 * first such range that has not entirely ended.
 */

const SINGLE_EXAMPLES = '今天、明天、后天、下周一、本周五、周三、11月28日、28号、12.1、12-01、2026-12-01、2026年12月1日';
const RANGE_EXAMPLES = '11月28日-30日、11月28日至12月2日、11.28至12.2、明天到后天，或单独一个日期（当天）';

/** What the text says, before it is pinned to a calendar date. */
type DateExpr =
  | { kind: 'full'; year: number; month: number; day: number }
  | { kind: 'monthDay'; month: number; day: number }
  | { kind: 'dayOfMonth'; day: number }
  /** Counted from today: 今天 = 0, 明天 = 1 … */
  | { kind: 'relative'; offset: number }
  /** ISO weekday 1..7 of a week counted from this week (本周 0, 下周 1, 上周 -1). */
  | { kind: 'weekOf'; weeks: number; isoDay: number }
  /** A bare 周三: the next one on or after the anchor. */
  | { kind: 'weekday'; isoDay: number };

const RELATIVE_DAYS: Record<string, number> = {
  前天: -2,
  昨天: -1,
  昨日: -1,
  今天: 0,
  今日: 0,
  明天: 1,
  明日: 1,
  后天: 2,
  大后天: 3,
};
const WEEK_PREFIX: Record<string, number> = { 本: 0, 这: 0, 下: 1, 下下: 2, 上: -1 };
const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

const NUM = '(\\d{1,2}|[〇零一二两三四五六七八九十]{1,3})';
const PATTERNS = {
  isoFull: /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/,
  zhFull: new RegExp(`^(\\d{4})年${NUM}月${NUM}[日号]?$`),
  zhMonthDay: new RegExp(`^${NUM}月${NUM}[日号]?$`),
  numMonthDay: /^(\d{1,2})[./-](\d{1,2})$/,
  dayOfMonth: new RegExp(`^${NUM}[日号]$`),
  bareDay: /^(\d{1,2})$/,
  week: /^(本|这|下下|下|上)?个?(?:周|星期|礼拜)([一二三四五六日天1-7])$/,
};
const RANGE_SEPARATOR = /至|到|~|-|—|–/g;

/** How a date written without a year is pinned (see the module comment). */
export type YearlessReading = 'nearest' | 'past' | 'ahead';

export interface ReadDate {
  date: LocalDate;
  /** 「1月3日」按 2027 年理解。 — when the text named no year and the date is not in today's year. */
  yearNote?: string;
}

/** One date, with a note of the year understood. Throws a UserError with examples when the text is not a date. */
export function readDateZh(input: string, today: LocalDate, reading: YearlessReading): ReadDate {
  const expr = parseExpr(normalize(input), false);
  if (!expr) throw new UserError(`无法识别日期“${input.trim()}”。可以这样写：${SINGLE_EXAMPLES}。`);
  const date = isYearless(expr) && reading !== 'ahead' ? nearestTo(today, yearlessCandidates(expr, today), reading) : resolve(expr, today, today);
  return { date, ...yearNote(input, expr, date, today) };
}

const isYearless = (expr: DateExpr) => expr.kind === 'monthDay' || expr.kind === 'dayOfMonth';

/** 「1月3日」按 2027 年理解。 — when the text named no year and the date is not in today's year. */
function yearNote(input: string, expr: DateExpr, date: LocalDate, today: LocalDate): { yearNote?: string } {
  const year = date.slice(0, 4);
  return isYearless(expr) && year !== today.slice(0, 4) ? { yearNote: `「${input.trim()}」按 ${Number(year)} 年理解。` } : {};
}

/** One date. Throws a UserError with examples when the text is not a date. */
export function parseDateZh(input: string, today: LocalDate, reading: YearlessReading): LocalDate {
  return readDateZh(input, today, reading).date;
}

/**
 * A range of dates (both ends included); a single date is a one-day range. Ranges book ahead (leave),
 * so the year note says when a start without a year falls in another year.
 */
export function parseDateRangeZh(input: string, today: LocalDate): { start: LocalDate; end: LocalDate; yearNote?: string } {
  const text = normalize(input);
  const single = parseExpr(text, false);
  if (single) {
    const date = resolve(single, today, today);
    return { start: date, end: date, ...yearNote(input, single, date, today) };
  }
  const split = splitRange(text);
  if (!split) throw new UserError(`无法识别日期范围“${input.trim()}”。可以这样写：${RANGE_EXAMPLES}。`);
  const range = resolveRange(split.start, split.end, today);
  if (range.end < range.start) {
    throw new UserError(`日期范围“${input.trim()}”的结束日期 ${range.end} 早于开始日期 ${range.start}，请检查后重新填写。`);
  }
  return { ...range, ...yearNote(input, split.start, range.start, today) };
}

/** Full-width digits and punctuation to ASCII (NFKC), no spaces. */
function normalize(input: string): string {
  return input.normalize('NFKC').replace(/\s+/g, '');
}

function splitRange(text: string): { start: DateExpr; end: DateExpr } | undefined {
  for (const match of text.matchAll(RANGE_SEPARATOR)) {
    const start = parseExpr(text.slice(0, match.index), false);
    const end = parseExpr(text.slice(match.index + match[0].length), true);
    if (start && end) return { start, end };
  }
  return undefined;
}

/** Syntax only; calendar validity is checked when the expression is pinned to a date. */
function parseExpr(text: string, rangeEnd: boolean): DateExpr | undefined {
  if (text in RELATIVE_DAYS) return { kind: 'relative', offset: RELATIVE_DAYS[text]! };
  let m: RegExpMatchArray | null;
  if ((m = text.match(PATTERNS.isoFull)) || (m = text.match(PATTERNS.zhFull))) {
    return { kind: 'full', year: Number(m[1]), month: number(m[2]!), day: number(m[3]!) };
  }
  if ((m = text.match(PATTERNS.zhMonthDay)) || (m = text.match(PATTERNS.numMonthDay))) {
    return { kind: 'monthDay', month: number(m[1]!), day: number(m[2]!) };
  }
  // A bare number only after a separator: the 30 of "11.28-30".
  if ((m = text.match(PATTERNS.dayOfMonth)) || (rangeEnd && (m = text.match(PATTERNS.bareDay)))) {
    return { kind: 'dayOfMonth', day: number(m[1]!) };
  }
  if ((m = text.match(PATTERNS.week))) {
    const isoDay = isoWeekday(m[2]!);
    return m[1] === undefined ? { kind: 'weekday', isoDay } : { kind: 'weekOf', weeks: WEEK_PREFIX[m[1]]!, isoDay };
  }
  return undefined;
}

/** "28", "二十八", "十", "十一" → number (NaN when malformed, rejected later). */
function number(raw: string): number {
  if (/^\d+$/.test(raw)) return Number(raw);
  const [tens, ones] = raw.split('十') as [string, string | undefined];
  if (ones === undefined) return raw.length === 1 ? (CN_DIGITS[raw] ?? NaN) : NaN;
  const t = tens === '' ? 1 : tens.length === 1 ? (CN_DIGITS[tens] ?? NaN) : NaN;
  const o = ones === '' ? 0 : ones.length === 1 ? (CN_DIGITS[ones] ?? NaN) : NaN;
  return t * 10 + o;
}

function isoWeekday(ch: string): number {
  if (/\d/.test(ch)) return Number(ch);
  return ch === '日' || ch === '天' ? 7 : CN_DIGITS[ch]!;
}

/**
 * Pins an expression to a date. Relative words and named weeks count from `today`; a bare
 * month-day, day of month or weekday is the next one on or after `anchor` (today for a single
 * date, the start for the end of a range).
 */
function resolve(expr: DateExpr, today: LocalDate, anchor: LocalDate): LocalDate {
  switch (expr.kind) {
    case 'full':
      return validDate(expr.year, expr.month, expr.day);
    case 'relative':
      return addCalendarDays(today, expr.offset);
    case 'weekOf':
      return addCalendarDays(mondayOf(today), expr.weeks * 7 + expr.isoDay - 1);
    case 'weekday':
      return addCalendarDays(anchor, ((expr.isoDay % 7) - weekdayOf(anchor) + 7) % 7);
    case 'monthDay': {
      checkMonthDay(expr.month, expr.day);
      const year = Number(anchor.slice(0, 4));
      const thisYear = format(year, expr.month, expr.day);
      return validDate(thisYear >= anchor ? year : year + 1, expr.month, expr.day);
    }
    case 'dayOfMonth':
      return dayOfMonthCandidates(expr.day, anchor).find((d) => d >= anchor)!;
  }
}

/**
 * A range whose start has no year (or month) could mean several ranges; take the first one that
 * has not entirely ended, so "11月28日至12月2日" typed on 11-30 is this week's, not next year's.
 */
function resolveRange(startExpr: DateExpr, endExpr: DateExpr, today: LocalDate): { start: LocalDate; end: LocalDate } {
  const starts = startCandidates(startExpr, today);
  for (const start of starts) {
    const end = resolveEnd(endExpr, today, start);
    if (end >= today || start === starts[starts.length - 1]) return { start, end };
  }
  throw new Error('unreachable: startCandidates is never empty');
}

/**
 * The end of a range. A bare day (the 30 of "11月28日-30日") stays in the start's month, or the
 * next month when it is smaller than the start's day; a day that month lacks is an error rather
 * than a silent jump to a later month.
 */
function resolveEnd(expr: DateExpr, today: LocalDate, start: LocalDate): LocalDate {
  if (expr.kind === 'monthDay') {
    // Only a range that wraps the year end (12月30日-1月2日) may end in the next year; "12月3日-12月1日"
    // is a reversed range, reported as such rather than read as a year-long trip.
    const startYear = Number(start.slice(0, 4));
    const wraps = expr.month < Number(start.slice(5, 7));
    checkMonthDay(expr.month, expr.day);
    return validDate(wraps ? startYear + 1 : startYear, expr.month, expr.day);
  }
  if (expr.kind !== 'dayOfMonth') return resolve(expr, today, start);
  if (!(expr.day >= 1 && expr.day <= 31)) throw new UserError(`日期“${expr.day}号”不存在，每月只有1号到31号。`);
  let year = Number(start.slice(0, 4));
  let month = Number(start.slice(5, 7));
  if (expr.day < Number(start.slice(8, 10))) {
    if (month === 12) {
      month = 1;
      year++;
    } else month++;
  }
  return validDate(year, month, expr.day);
}

function startCandidates(expr: DateExpr, today: LocalDate): LocalDate[] {
  if (expr.kind === 'monthDay') {
    checkMonthDay(expr.month, expr.day);
    const year = Number(today.slice(0, 4));
    const years = [year - 1, year, year + 1];
    const valid = years.map((y) => format(y, expr.month, expr.day)).filter(isLocalDate);
    // Fall back to the strict single-date reading, which names the missing day in its error.
    return valid.length ? valid : [resolve(expr, today, today)];
  }
  if (expr.kind === 'dayOfMonth') return dayOfMonthCandidates(expr.day, addCalendarDays(today, -31));
  return [resolve(expr, today, today)];
}

/** The dates with that day of month from `from`'s month on, over the next year (skipping short months). */
function dayOfMonthCandidates(day: number, from: LocalDate): LocalDate[] {
  if (!(day >= 1 && day <= 31)) throw new UserError(`日期“${day}号”不存在，每月只有1号到31号。`);
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const dates: LocalDate[] = [];
  for (let i = 0; i < 14; i++) {
    const date = format(year, month, day);
    if (isLocalDate(date)) dates.push(date);
    if (month === 12) {
      month = 1;
      year++;
    } else month++;
  }
  return dates;
}

/** The dates a month-day (last, this and next year) or a day of month (two months back on) may mean. */
function yearlessCandidates(expr: DateExpr, today: LocalDate): LocalDate[] {
  return expr.kind === 'dayOfMonth' ? dayOfMonthCandidates(expr.day, addCalendarDays(today, -62)) : startCandidates(expr, today);
}

/** The candidate closest to today (for `past`, of those not after today); of two equally close, the later one. */
function nearestTo(today: LocalDate, candidates: LocalDate[], reading: 'nearest' | 'past'): LocalDate {
  const before = candidates.filter((d) => d <= today);
  const pool = reading === 'past' && before.length ? before : candidates;
  const distance = (d: LocalDate) => Math.abs(calendarDaysBetween(today, d));
  return pool.reduce((best, d) => (distance(d) <= distance(best) ? d : best));
}

function checkMonthDay(month: number, day: number): void {
  if (!(month >= 1 && month <= 12)) throw new UserError(`“${month}月”不是有效月份，月份应在1到12之间。`);
  if (!(day >= 1 && day <= 31)) throw new UserError(`“${day}日”不是有效日期，日应在1到31之间。`);
  // A day no year has (2月30日, 4月31日); 2月29日 depends on the year and is checked there.
  if (!isLocalDate(format(2028, month, day))) throw new UserError(`${month}月没有${day}日，请检查日期。`);
}

function validDate(year: number, month: number, day: number): LocalDate {
  checkMonthDay(month, day);
  const date = format(year, month, day);
  if (!isLocalDate(date)) throw new UserError(`${year}年${month}月没有${day}日，请检查日期。`);
  return date;
}

function mondayOf(date: LocalDate): LocalDate {
  return addCalendarDays(date, -((weekdayOf(date) + 6) % 7));
}

function format(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
