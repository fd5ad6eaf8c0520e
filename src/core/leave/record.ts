/**
 * The leave record (请假记录): how many days a person was away in a year, by purpose and scope
 * (Art. 68 "因公因私出国(境)、出省及离开市域到省内其他市(地)"). Only approved requests count; pending,
 * refused, withdrawn and cancelled ones are listed but not totalled. A trip is counted inclusively
 * from its start to its end (or to the day of 销假 when the person reported back early), and a trip
 * across New Year counts in each year for its own days.
 *
 * Two measures, always named: 日历日 (every day, weekends and holidays included) and 工作日 (days that
 * are working days on the statutory calendar with its 调休: a make-up Saturday is a working day, a
 * National Day weekday is not).
 */
import type { WorkCalendar } from '../calendar/types';
import { addCalendarDays, localDate, type LocalDate } from '../time';
import type { DestinationScope, Purpose } from './policy';
import type { LeaveRequest } from './types';

/** Years a record may be asked for: the calendar data and the office's archive both sit inside these. */
export const RECORD_YEARS = { min: 2000, max: 2100 } as const;

export interface DaysAway {
  calendarDays: number;
  workingDays: number;
  /** Some day lies in a year whose holiday schedule is unpublished: weekends only. */
  provisional: boolean;
}

/** The dates a request kept the person away: start to end, cut short by an early 销假; null when it does not count. */
export function awaySpan(request: LeaveRequest): { start: LocalDate; end: LocalDate } | null {
  if (request.status !== 'approved') return null;
  const returnedOn = request.returnedAt ? localDate(request.returnedAt) : null;
  const end = returnedOn && returnedOn < request.endDate ? returnedOn : request.endDate;
  // Reported back before even leaving: no day away.
  return end < request.startDate ? null : { start: request.startDate, end };
}

/** Days of [start, end] that fall in `year`, counted both ways. */
export function daysInYear(calendar: WorkCalendar, start: LocalDate, end: LocalDate, year: number): DaysAway {
  return daysBetween(calendar, start > `${year}-01-01` ? start : `${year}-01-01`, end < `${year}-12-31` ? end : `${year}-12-31`);
}

/** Days a request counts for over its whole span (the ledger export), zero unless approved. */
export function requestDays(calendar: WorkCalendar, request: LeaveRequest): DaysAway {
  const span = awaySpan(request);
  return span ? daysBetween(calendar, span.start, span.end) : { calendarDays: 0, workingDays: 0, provisional: false };
}

/** Days of [from, to] inclusive, counted both ways. */
function daysBetween(calendar: WorkCalendar, from: LocalDate, to: LocalDate): DaysAway {
  const days: DaysAway = { calendarDays: 0, workingDays: 0, provisional: false };
  for (let date = from; date <= to; date = addCalendarDays(date, 1)) {
    const info = calendar.day(date);
    days.calendarDays++;
    if (info.working) days.workingDays++;
    days.provisional ||= !info.known;
  }
  return days;
}

/** Days a request counts for in `year` (zero for one that does not count). */
export function requestDaysInYear(calendar: WorkCalendar, request: LeaveRequest, year: number): DaysAway {
  const span = awaySpan(request);
  return span ? daysInYear(calendar, span.start, span.end, year) : { calendarDays: 0, workingDays: 0, provisional: false };
}

export interface RecordTotal extends DaysAway {
  purpose: Purpose;
  scope: Exclude<DestinationScope, 'within_city'>;
  /** Approved trips with at least one day in the year. */
  trips: number;
}

export interface YearRecord {
  year: number;
  /** Requests touching the year, newest first, each with the days it counts for (zero unless approved). */
  entries: Array<{ request: LeaveRequest; days: DaysAway; counted: boolean }>;
  /** One line per purpose and scope that has trips, 因公 before 因私, farthest scope first. */
  totals: RecordTotal[];
  overall: DaysAway & { trips: number };
}

const PURPOSE_ORDER: Purpose[] = ['official', 'private'];
const SCOPE_ORDER: RecordTotal['scope'][] = ['abroad', 'out_of_province', 'other_city'];

/** The record of one year from the requests whose dates touch it (any status, one or many people). */
export function yearRecord(calendar: WorkCalendar, requests: readonly LeaveRequest[], year: number): YearRecord {
  const inYear = requests.filter((r) => r.startDate <= `${year}-12-31` && r.endDate >= `${year}-01-01`);
  const entries = [...inYear]
    .sort((a, b) => (a.startDate === b.startDate ? b.id - a.id : a.startDate < b.startDate ? 1 : -1))
    .map((request) => {
      const days = requestDaysInYear(calendar, request, year);
      return { request, days, counted: days.calendarDays > 0 };
    });
  const totals: RecordTotal[] = [];
  for (const purpose of PURPOSE_ORDER) {
    for (const scope of SCOPE_ORDER) {
      const counted = entries.filter((e) => e.counted && e.request.purpose === purpose && e.request.scope === scope);
      if (counted.length) totals.push({ purpose, scope, trips: counted.length, ...sum(counted.map((e) => e.days)) });
    }
  }
  const counted = entries.filter((e) => e.counted);
  return { year, entries, totals, overall: { trips: counted.length, ...sum(counted.map((e) => e.days)) } };
}

function sum(days: readonly DaysAway[]): DaysAway {
  return days.reduce(
    (acc, d) => ({
      calendarDays: acc.calendarDays + d.calendarDays,
      workingDays: acc.workingDays + d.workingDays,
      provisional: acc.provisional || d.provisional,
    }),
    { calendarDays: 0, workingDays: 0, provisional: false },
  );
}

/** `2026`, `2026年`, or nothing (this year); anything else is a Chinese error message. */
export function parseRecordYear(raw: string | undefined, today: LocalDate): { year: number } | { error: string } {
  const text = (raw ?? '').trim();
  if (!text) return { year: Number(today.slice(0, 4)) };
  const match = /^(\d{4})\s*年?$/.exec(text);
  const year = match ? Number(match[1]) : NaN;
  if (!match || year < RECORD_YEARS.min || year > RECORD_YEARS.max) {
    return { error: `年份「${text}」无法识别，请写四位年份（${RECORD_YEARS.min}–${RECORD_YEARS.max}），例如 ${today.slice(0, 4)}。` };
  }
  return { year };
}
