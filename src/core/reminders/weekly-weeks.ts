/**
 * 周报制 (Art. 40): which weeks a long-running item owes a report for, whether a week is
 * covered, and which week a report handed in today stands for. The due day of each week comes from
 * the rules engine (`weeklyReportDue`: the last working day of the ISO week; none in a week without
 * working days, e.g. Spring Festival).
 */
import { formatCalendarDateZh, type WorkCalendar } from '../calendar/types';
import { weeklyReportDue } from '../rules/weekly-report';
import type { SupervisionItem } from '../supervision/types';
import { addCalendarDays, endOfLocalDay, localDate, type LocalDate } from '../time';
import type { ItemState, LiveItem } from './snapshot';

export interface ReportWeek {
  weekStart: LocalDate;
  weekEnd: LocalDate;
  due: LocalDate;
  /** The week touches a year whose schedule is unpublished: its due day is provisional. */
  provisional: boolean;
  explanationZh: string;
}

/** How far back or forward to look past weeks without working days (the longest holiday is 9 days). */
const WEEKS_TO_SKIP = 3;

function weekAt(date: LocalDate, calendar: WorkCalendar): ReportWeek | undefined {
  const week = weeklyReportDue(date, calendar);
  return week.due === null
    ? undefined
    : { weekStart: week.weekStart, weekEnd: week.weekEnd, due: week.due, provisional: week.provisional, explanationZh: week.explanationZh };
}

/** The first week with a due day, from the week containing `date` onwards (`step` 7) or backwards (−7). */
function nearestWeek(date: LocalDate, calendar: WorkCalendar, step: 7 | -7): ReportWeek | undefined {
  for (let i = 0; i <= WEEKS_TO_SKIP; i++) {
    const week = weekAt(addCalendarDays(date, i * step), calendar);
    if (week) return week;
  }
  return undefined;
}

/** The week being reported now: this one, or the next with a working day. */
export const currentReportWeek = (today: LocalDate, calendar: WorkCalendar) => nearestWeek(today, calendar, 7);

/** The latest week before this one that had a due day. */
export const previousReportWeek = (today: LocalDate, calendar: WorkCalendar) => nearestWeek(addCalendarDays(today, -7), calendar, -7);

/**
 * The day from which an open long-running item owes weekly reports: its issue, or the day an accepted
 * progress reply met a "complete or reply with progress" deadline and weekly reports took over. A
 * week is owed only when its due day falls after that day.
 */
export function weeklyFrom(item: Pick<SupervisionItem, 'status' | 'longRunning' | 'issuedAt' | 'dueMetAt'>): LocalDate | undefined {
  const open = item.status === 'issued' || item.status === 'in_progress';
  if (!open || !item.longRunning || !item.issuedAt) return undefined;
  return localDate(item.dueMetAt ?? item.issuedAt);
}

/** A week is covered by a weekly report of the unit that is not returned or sent back for redoing. */
export function weekCovered(state: Pick<ItemState, 'weeks' | 'reports'>, unitId: string, weekStart: LocalDate): boolean {
  return state.weeks.some((w) => {
    if (w.unitId !== unitId || w.weekStart !== weekStart) return false;
    const report = state.reports.find((r) => r.id === w.reportId);
    return report !== undefined && report.status !== 'returned' && report.status !== 'sent_back';
  });
}

export interface WeeklyDuty {
  /** This week's report is due today and not in yet. */
  dueToday?: ReportWeek;
  /** The latest owed week whose due day has passed without a report. */
  overdue?: ReportWeek;
}

/** This week's and the previous report week as of `today`: the same for every item, so worked out once per run. */
export interface WeeksAround {
  current: ReportWeek | undefined;
  previous: () => ReportWeek | undefined;
}

export function weeksAround(today: LocalDate, calendar: WorkCalendar): WeeksAround {
  let previous: { week: ReportWeek | undefined } | undefined;
  return { current: weekAt(today, calendar), previous: () => (previous ??= { week: previousReportWeek(today, calendar) }).week };
}

/** What the lead unit owes on `today` (Art. 40 周报制: the lead unit reports once a week). */
export function weeklyDuty(state: ItemState<LiveItem>, today: LocalDate, calendar: WorkCalendar, weeks?: WeeksAround): WeeklyDuty {
  const from = weeklyFrom(state.item);
  if (!from) return {};
  const around = weeks ?? weeksAround(today, calendar);
  const unitId = state.item.leadUnitId;
  const owed = (week: ReportWeek | undefined): week is ReportWeek => week !== undefined && week.due > from && !weekCovered(state, unitId, week.weekStart);
  const current = around.current;
  const duty: WeeklyDuty = {};
  if (owed(current) && current.due === today) duty.dueToday = current;
  if (owed(current) && current.due < today) duty.overdue = current;
  else {
    const previous = around.previous();
    if (owed(previous)) duty.overdue = previous;
  }
  return duty;
}

export type WeekChoice = { ok: true; week: ReportWeek; late: boolean } | { ok: false; message: string };

/**
 * The week a report handed in at `now` stands for: the previous week when it is still owed (the
 * report is then late, accepted and marked so), else the current week; a week already covered
 * cannot be reported twice (a new development goes in a progress report).
 */
export function weekForSubmission(state: Pick<ItemState, 'item' | 'weeks' | 'reports'>, unitId: string, now: Date, calendar: WorkCalendar): WeekChoice {
  const today = localDate(now);
  const from = localDate(state.item.dueMetAt ?? state.item.issuedAt ?? now);
  const previous = previousReportWeek(today, calendar);
  if (previous && previous.due > from && !weekCovered(state, unitId, previous.weekStart)) return { ok: true, week: previous, late: true };
  const current = currentReportWeek(today, calendar);
  if (!current) return { ok: false, message: '近期没有工作日，无需报送周报。' };
  if (weekCovered(state, unitId, current.weekStart)) {
    const next = currentReportWeek(addCalendarDays(current.weekEnd, 1), calendar);
    return {
      ok: false,
      message: `${state.item.id} 本周（${current.weekStart} 至 ${current.weekEnd}）的周报已报送${next ? `，下周周报应于 ${formatCalendarDateZh({ date: next.due, provisional: next.provisional })} 报送` : ''}。如有新的进展，请用 /进展 ${state.item.id} 报送。`,
    };
  }
  return { ok: true, week: current, late: now.getTime() > endOfLocalDay(current.due).getTime() };
}
