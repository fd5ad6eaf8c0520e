import type { WorkCalendar } from '../calendar/types';
import { endOfLocalDay, localDate, type LocalDate } from '../time';

export type Light = 'green' | 'yellow' | 'red' | 'white';

export interface StatusLight {
  light: Light;
  emoji: '🟢' | '🟡' | '🔴' | '⚪';
  labelZh: string;
  /**
   * Working days from today to the due day: 0 when due today, negative working days late when
   * overdue (-2 = two working days past the due day), null when done.
   */
  workingDaysLeft: number | null;
  /** The count crossed a year whose holiday schedule is not published (docs/calendar.md). */
  provisional: boolean;
}

/** 🟡 from this many working days before the due day (docs/reference/supervision.md, ledger lights). */
export const DUE_SOON_WORKING_DAYS = 2;

const LIGHTS = {
  green: { light: 'green', emoji: '🟢', labelZh: '正常推进' },
  yellow: { light: 'yellow', emoji: '🟡', labelZh: '临近期限' },
  red: { light: 'red', emoji: '🔴', labelZh: '已逾期' },
  white: { light: 'white', emoji: '⚪', labelZh: '已办结' },
} as const;

/**
 * The status light of anything with a deadline (Art. 40 ledger): ⚪ done (completed/archived);
 * 🔴 past the deadline — a date means the end of that day in Beijing, an instant is kept as given;
 * 🟡 due within 2 working days (so the eve of a long holiday already warns); 🟢 otherwise.
 */
export function statusLight(input: { deadline: LocalDate | Date; done: boolean; now: Date; calendar: WorkCalendar }): StatusLight {
  const { deadline, done, now, calendar } = input;
  if (done) return { ...LIGHTS.white, workingDaysLeft: null, provisional: false };
  const dueAt = typeof deadline === 'string' ? endOfLocalDay(deadline) : deadline;
  const dueOn = typeof deadline === 'string' ? deadline : localDate(deadline);
  const today = localDate(now);
  if (now.getTime() > dueAt.getTime()) {
    const late = calendar.workingDaysBetween(dueOn, today);
    // `0 - n`, not `-n`: a red light on its due day (explicit time passed) is 0 late, not -0.
    return { ...LIGHTS.red, workingDaysLeft: 0 - late.days, provisional: late.provisional };
  }
  const left = calendar.workingDaysBetween(today, dueOn);
  return { ...(left.days <= DUE_SOON_WORKING_DAYS ? LIGHTS.yellow : LIGHTS.green), workingDaysLeft: left.days, provisional: left.provisional };
}
