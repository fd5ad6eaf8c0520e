import { meetings } from '../../db/schema';
import { cadenceWarnings } from '../core/meetings/cadence';
import { text } from '../core/messages';
import { loadDirectory } from '../core/org/directory';
import { fanOut } from '../core/reminders/fan-out';
import { reminderKey } from '../core/reminders/keys';
import { isPushDay } from '../core/reminders/quiet-hours';
import { officeRecipients } from '../core/supervision/recipients';
import type { Job, JobContext } from './scheduler';

/** The first working day of the month: nothing before it in the month is a working day. */
function isFirstWorkingDayOfMonth(ctx: JobContext): boolean {
  if (!ctx.calendar.isWorkingDay(ctx.today)) return false;
  const day = Number(ctx.today.slice(8));
  for (let d = 1; d < day; d++) if (ctx.calendar.isWorkingDay(`${ctx.today.slice(0, 8)}${String(d).padStart(2, '0')}`)) return false;
  return true;
}

/** Art. 51, 52: tells the office when a plenary meeting is due or last month had no standing meeting. */
export const meetingCadenceJob: Job = {
  name: 'meeting-cadence',
  title: '会议频次提醒',
  at: (ctx) => ctx.settings.dailyPushAt,
  isDue: (ctx) => isPushDay(ctx.calendar, ctx.today, ctx.now) && isFirstWorkingDayOfMonth(ctx),
  async run(ctx) {
    const [dir, held] = await Promise.all([loadDirectory(ctx.db), ctx.db.select({ kind: meetings.kind, meetingDate: meetings.meetingDate }).from(meetings)]);
    const warnings = cadenceWarnings(held, ctx.today);
    if (!warnings.length) return '0 warnings';
    const pushes = officeRecipients(dir).map(({ to }) => ({
      to,
      message: text(`【会议提醒】\n${warnings.join('\n')}`),
      key: reminderKey('meeting-cadence', ctx.today.slice(0, 7), ctx.today, to),
    }));
    await fanOut(ctx.db, pushes, { now: ctx.now, pushPlatforms: ctx.pushPlatforms });
    return `${warnings.length} warnings`;
  },
};
