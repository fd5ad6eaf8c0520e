/**
 * How often meetings are due (Art. 51, 52): "区政府全体会议一般每半年召开1次", "区政府常务会议一般每月
 * 召开1次". On the first working day of a month the office is told when the last plenary meeting is six
 * months old or more (or there is none), and when no standing meeting was held last month — unless
 * the office has already scheduled the next one. Nothing until the office has scheduled its first
 * meeting here.
 */
import { articleZh } from '../errors';
import { formatDateZh, type LocalDate } from '../time';
import { CADENCE } from './policy';
import type { Meeting } from './store';

/** The same day `months` earlier (the month's last day when that month is shorter). */
export function monthsBefore(date: LocalDate, months: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export function previousMonth(date: LocalDate): { first: LocalDate; last: LocalDate; zh: string } {
  const first = monthsBefore(`${date.slice(0, 7)}-01`, 1);
  const [y, m] = first.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { first, last: `${first.slice(0, 7)}-${String(lastDay).padStart(2, '0')}`, zh: `${y}年${m}月` };
}

/**
 * The warnings for `today` from the meetings scheduled (held up to today, or still to come). A meeting
 * already scheduled answers the warning: the office is not asked to arrange what it has arranged.
 */
export function cadenceWarnings(scheduled: readonly Pick<Meeting, 'kind' | 'meetingDate'>[], today: LocalDate): string[] {
  // An office that does not schedule meetings through the bot is not nagged about them.
  if (!scheduled.length) return [];
  const warnings: string[] = [];
  const plenaries = scheduled
    .filter((m) => m.kind === 'plenary' && m.meetingDate <= today)
    .map((m) => m.meetingDate)
    .sort();
  const lastPlenary = plenaries.at(-1);
  const plenaryComing = scheduled.some((m) => m.kind === 'plenary' && m.meetingDate > today);
  if (!plenaryComing && (!lastPlenary || lastPlenary <= monthsBefore(today, CADENCE.plenary.months))) {
    warnings.push(
      `依据${articleZh(CADENCE.plenary.article)}：${CADENCE.plenary.quote}。${lastPlenary ? `上次全体会议于 ${formatDateZh(lastPlenary)} 召开，已满6个月` : '系统中还没有召开过的全体会议记录'}，请安排全体会议。`,
    );
  }
  const month = previousMonth(today);
  const standing = scheduled.filter((m) => m.kind === 'standing');
  const thisMonthComing = standing.some((m) => m.meetingDate.slice(0, 7) === today.slice(0, 7) && m.meetingDate >= today);
  if (!thisMonthComing && !standing.some((m) => m.meetingDate >= month.first && m.meetingDate <= month.last)) {
    warnings.push(`依据${articleZh(CADENCE.standing.article)}：${CADENCE.standing.quote}。${month.zh}没有召开常务会议，请安排本月常务会议。`);
  }
  return warnings;
}
