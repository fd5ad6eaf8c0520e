import { isPushDay } from '../core/reminders/quiet-hours';
import { isFirstWorkingDayOfWeek, sendBulletin } from '../core/reminders/run';
import type { Job } from './scheduler';

/**
 * The weekly bulletin (Art. 37) on the first working day of each ISO week at DAILY_PUSH_AT, so it
 * covers the whole previous week, reports handed in on its last working day included (a make-up
 * Saturday too). After National Day 2026 that is Thursday 10-08; a week without working days has none.
 */
export const weeklyBulletinJob: Job = {
  name: 'weekly-bulletin',
  title: '督查通报',
  at: (ctx) => ctx.settings.dailyPushAt,
  isDue: (ctx) => isPushDay(ctx.calendar, ctx.today, ctx.now) && isFirstWorkingDayOfWeek(ctx.calendar, ctx.today),
  run: sendBulletin,
};
