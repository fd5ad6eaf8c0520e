import { ACK_CHASE_AT } from '../core/reminders/policy';
import { isPushDay } from '../core/reminders/quiet-hours';
import { sendAckChases } from '../core/reminders/run';
import type { Job } from './scheduler';

/** Unacknowledged notices chased at the end of the working day (ACK_CHASE_AT), working days only. */
export const ackChaseJob: Job = {
  name: 'ack-chase',
  title: '签收催办',
  at: () => ACK_CHASE_AT,
  isDue: (ctx) => isPushDay(ctx.calendar, ctx.today, ctx.now),
  run: sendAckChases,
};
