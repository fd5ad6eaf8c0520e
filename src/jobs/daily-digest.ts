import { isPushDay } from '../core/reminders/quiet-hours';
import { sendDigests } from '../core/reminders/run';
import type { Job } from './scheduler';

/**
 * The daily digest (docs/reference/reminders.md) at DAILY_PUSH_AT on working days by the statutory calendar: make-up
 * Saturdays yes, National Day no. A wake after the time (downtime) still runs it once that day, up
 * to 20:00; after that the day's digest is skipped and the next one covers everything.
 */
export const dailyDigestJob: Job = {
  name: 'daily-digest',
  title: '每日提醒',
  at: (ctx) => ctx.settings.dailyPushAt,
  isDue: (ctx) => isPushDay(ctx.calendar, ctx.today, ctx.now),
  run: sendDigests,
};
