import { runLeaveDuties } from '../core/leave/duties';
import { loadDirectory } from '../core/org/directory';
import { inPushWindow } from '../core/reminders/quiet-hours';
import type { Job } from './scheduler';

/**
 * The leave module's daily duties (Art. 68): re-route steps of approvers whose leave started
 * (Art. 9, 11) and hand their pending 审定 and extension decisions to whoever acts for them, the
 * urgent reminder for requests still pending on their departure day (Art. 68), and the 销假 reminder
 * (working days only, decided inside). Runs every day, holidays included — trips start on holidays and an approver's absence must not stall a request — at DAILY_PUSH_AT,
 * before the digest so the digest already shows the re-routed steps.
 */
export const leaveDutiesJob: Job = {
  name: 'leave-duties',
  title: '请假事务（转办、提醒）',
  at: (ctx) => ctx.settings.dailyPushAt,
  isDue: (ctx) => inPushWindow(ctx.now),
  async run(ctx) {
    const dir = await loadDirectory(ctx.db);
    // A fresh deployment before its directory is loaded (Workers: PUT /admin/org) has nobody to remind.
    if (dir.people.length === 0) return 'no directory loaded yet';
    const report = await runLeaveDuties(ctx.db, dir, ctx.calendar, ctx.now, ctx.pushPlatforms);
    return `rerouted ${report.rerouted}, departure reminders ${report.departureReminders}, back reminders ${report.backReminders}`;
  },
};
