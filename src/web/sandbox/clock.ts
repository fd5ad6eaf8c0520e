/** The sandbox clock control: where the clock stands in words, and the jumps the page offers. */
import type { WorkCalendar } from '../../core/calendar/types';
import { PROVISIONAL_NOTE } from '../../core/calendar/types';
import { dayjs, formatDateZh, localDate, localTime, RULE_TZ } from '../../core/time';

export type ClockJump = { kind: 'day' } | { kind: 'workday' } | { kind: 'at'; local: string };

/** `2026-11-26（周四）09:00 · 工作日` — with the holiday or make-up day name, and the provisional note. */
export function clockLabel(now: Date, calendar: WorkCalendar): string {
  const date = localDate(now);
  const day = calendar.day(date);
  const kind = day.working ? '工作日' : '休息日';
  const name = day.name ? `（${day.name}）` : '';
  const provisional = day.known ? '' : `（${PROVISIONAL_NOTE}）`;
  return `${formatDateZh(date)} ${localTime(now)} · ${kind}${name}${provisional}`;
}

/**
 * The instant a jump lands on: +1 day keeps the time of day; "next working day" lands at the daily
 * push time (DAILY_PUSH_AT) of the next working day on the statutory calendar; "at" is a Beijing
 * wall-clock time `YYYY-MM-DDTHH:mm`. Undefined when `local` is not a real time.
 */
export function jumpTarget(now: Date, jump: ClockJump, calendar: WorkCalendar, dailyPushAt: string): Date | undefined {
  switch (jump.kind) {
    case 'day':
      return new Date(now.getTime() + 24 * 3600 * 1000);
    case 'workday': {
      const { date } = calendar.addWorkingDays(localDate(now), 1);
      return dayjs.tz(`${date} ${dailyPushAt}`, 'YYYY-MM-DD HH:mm', RULE_TZ).toDate();
    }
    case 'at': {
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(jump.local)) return undefined;
      const parsed = dayjs.tz(jump.local, 'YYYY-MM-DDTHH:mm', RULE_TZ);
      return parsed.isValid() && parsed.format('YYYY-MM-DDTHH:mm') === jump.local ? parsed.toDate() : undefined;
    }
  }
}
