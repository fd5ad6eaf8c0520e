import { inPushWindow, isPushDay } from '../core/reminders/quiet-hours';
import { sendEscalations } from '../core/reminders/run';
import type { Job } from './scheduler';

/**
 * Overdue escalations at DAILY_PUSH_AT on working days; with ESCALATE_ON_HOLIDAYS=1 also on days
 * off (still inside 08:00–20:00). Lateness counts working days, so a day off adds none: a holiday
 * run sends only what the last working day's run did not (e.g. the service was down that day).
 */
export const escalationsJob: Job = {
  name: 'escalations',
  title: '逾期上报',
  at: (ctx) => ctx.settings.dailyPushAt,
  isDue: (ctx) => (ctx.settings.escalateOnHolidays ? inPushWindow(ctx.now) : isPushDay(ctx.calendar, ctx.today, ctx.now)),
  run: sendEscalations,
};
