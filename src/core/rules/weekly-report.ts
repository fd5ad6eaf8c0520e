import { formatCalendarDateZh, type WorkCalendar } from '../calendar/types';
import { citing } from '../errors';
import { addCalendarDays, weekdayOf, type LocalDate } from '../time';

/** Art. 40: 对涉及面广、情况复杂或长期性的督办事项，实行周报制. */
export const WEEKLY_REPORT_ARTICLE = 40;

/** 1 = Monday … 7 = Sunday (ISO). */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export type WeeklyReportDue =
  | {
      due: LocalDate;
      /** How the day was chosen, for tests and the card's explanation. */
      rule: 'last_working_day' | 'configured_weekday' | 'previous_working_day' | 'next_working_day';
      weekStart: LocalDate;
      weekEnd: LocalDate;
      provisional: boolean;
      explanationZh: string;
    }
  | {
      due: null;
      rule: 'no_working_day';
      weekStart: LocalDate;
      weekEnd: LocalDate;
      provisional: boolean;
      explanationZh: string;
    };

const WEEKDAY_ZH = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/**
 * When the weekly progress report (周报, Art. 40 周报制) of the ISO week (Monday–Sunday) containing
 * `dateInWeek` is due.
 *
 * - Default: the last working day of the week — a make-up Saturday or Sunday counts, so the
 *   week after National Day 2026 reports on Saturday 10-10.
 * - With a configured weekday: that day; when it is a day off, the previous working day
 *   (docs/reference/reminders.md). We keep the fallback inside the week: if no working day precedes the configured day in
 *   its week (a Monday holiday), the next working day of the week is used instead, because a
 *   day in the previous week would make the report due before its week began and on the same
 *   day as the previous week's report.
 * - A week without any working day (Spring Festival 2026-02-16..22) has no report due: nobody
 *   works, and the previous week's report already covers it.
 */
export function weeklyReportDue(dateInWeek: LocalDate, calendar: WorkCalendar, dueWeekday?: IsoWeekday): WeeklyReportDue {
  const weekStart = addCalendarDays(dateInWeek, -((weekdayOf(dateInWeek) + 6) % 7));
  const weekEnd = addCalendarDays(weekStart, 6);
  const days = Array.from({ length: 7 }, (_, i) => calendar.day(addCalendarDays(weekStart, i)));
  const provisional = days.some((d) => !d.known);
  const working = days.filter((d) => d.working).map((d) => d.date);
  const week = { weekStart, weekEnd, provisional };
  const explain = (due: LocalDate, why: string) =>
    citing(
      WEEKLY_REPORT_ARTICLE,
      `长期性督办事项实行周报制，本周（${weekStart} 至 ${weekEnd}）周报应于 ${formatCalendarDateZh({ date: due, provisional })} 报送（${why}）。`,
    );

  if (working.length === 0) {
    const holiday = days.find((d) => d.name)?.name;
    return {
      due: null,
      rule: 'no_working_day',
      ...week,
      explanationZh: citing(
        WEEKLY_REPORT_ARTICLE,
        `本周（${weekStart} 至 ${weekEnd}）${holiday ? `为${holiday}假期，` : ''}没有工作日，免报周报，下周照常报送。`,
      ),
    };
  }
  if (dueWeekday === undefined) {
    const due = working[working.length - 1]!;
    return { due, rule: 'last_working_day', ...week, explanationZh: explain(due, '本周最后一个工作日') };
  }
  const configured = addCalendarDays(weekStart, dueWeekday - 1);
  const name = WEEKDAY_ZH[dueWeekday];
  if (calendar.isWorkingDay(configured)) return { due: configured, rule: 'configured_weekday', ...week, explanationZh: explain(configured, `每周${name}报送`) };
  const before = working.filter((d) => d < configured);
  if (before.length) {
    const due = before[before.length - 1]!;
    return { due, rule: 'previous_working_day', ...week, explanationZh: explain(due, `${name}放假，提前到前一个工作日`) };
  }
  const due = working[0]!;
  return { due, rule: 'next_working_day', ...week, explanationZh: explain(due, `${name}放假且本周此前没有工作日，顺延到本周第一个工作日`) };
}
