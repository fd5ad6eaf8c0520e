import { OFFICE_HOURS } from '../core/reminders/policy';
import { isPushDay } from '../core/reminders/quiet-hours';
import { sendDecisionNudges } from '../core/reminders/run';
import { localTime } from '../core/time';
import type { Job } from './scheduler';

/**
 * The 4-working-hour nudges (src/core/reminders/nudges.ts): once an hour on working days, from the
 * start of office hours, inside the push window; each nudge's key keeps it to once a day.
 */
export const decisionNudgesJob: Job = {
  name: 'decision-nudges',
  title: '待决事项提醒（满4个工作小时）',
  slot: (ctx) => localTime(ctx.now).slice(0, 2),
  at: () => OFFICE_HOURS[0]!.from,
  isDue: (ctx) => isPushDay(ctx.calendar, ctx.today, ctx.now),
  run: sendDecisionNudges,
};
