import { addCalendarDays, formatDateZh, type LocalDate } from '../time';
import type { DayInfo, WorkCalendar, YearSource } from './types';

/** One day whose status or name an import changes. */
export interface DayChange {
  date: LocalDate;
  before: DayInfo;
  after: DayInfo;
}

/** What importing a year's schedule changes, against what the calendar knows today. */
export interface YearDiff {
  year: number;
  sourceBefore: YearSource;
  changes: DayChange[];
  /** Days whose status stays the same but stop being provisional (weekday guess → notice). */
  confirmed: number;
}

/** Compares every day of `year` on the calendar before and after the import. */
export function diffYear(year: number, before: WorkCalendar, after: WorkCalendar): YearDiff {
  const changes: DayChange[] = [];
  let confirmed = 0;
  for (let date = `${year}-01-01`; date <= `${year}-12-31`; date = addCalendarDays(date, 1)) {
    const b = before.day(date);
    const a = after.day(date);
    if (b.working !== a.working || (b.name ?? '') !== (a.name ?? '')) changes.push({ date, before: b, after: a });
    else if (!b.known) confirmed++;
  }
  return { year, sourceBefore: before.yearSource(year), changes, confirmed };
}

const SOURCE_ZH: Record<YearSource, string> = {
  unknown: '未公布，按周末推算（暂定）',
  'chinese-days': 'chinese-days 数据包',
  imported: '此前导入的通知',
};

/** "2027-01-01（周五） 上班（暂定） → 休息（元旦）" lines, readable by the office. */
export function formatYearDiff(diff: YearDiff): string[] {
  const lines = [`此前依据：${SOURCE_ZH[diff.sourceBefore]}`];
  if (diff.changes.length === 0) lines.push('逐日状态：无变化');
  else {
    lines.push(`变化 ${diff.changes.length} 天：`);
    for (const c of diff.changes) lines.push(`  ${formatDateZh(c.date)} ${describeDay(c.before)} → ${describeDay(c.after)}`);
  }
  if (diff.confirmed) lines.push(`其余 ${diff.confirmed} 天状态不变，由暂定转为正式安排`);
  return lines;
}

function describeDay(day: DayInfo): string {
  const status = day.working ? '上班' : '休息';
  const detail = [day.name, day.known ? undefined : '暂定'].filter(Boolean).join('，');
  return detail ? `${status}（${detail}）` : status;
}
