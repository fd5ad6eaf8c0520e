import { isPushDay } from '../core/reminders/quiet-hours';
import { sendDeadlineWarnings } from '../core/reminders/run';
import type { Job } from './scheduler';

/** Deadline, NPC/CPPCC and weekly-report warnings to the units' chats, working days at DAILY_PUSH_AT. */
export const deadlineWarningsJob: Job = {
  name: 'deadline-warnings',
  title: '到期预警',
  at: (ctx) => ctx.settings.dailyPushAt,
  isDue: (ctx) => isPushDay(ctx.calendar, ctx.today, ctx.now),
  run: sendDeadlineWarnings,
};
