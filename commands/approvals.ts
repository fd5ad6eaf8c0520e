import { leaveCard } from '../src/core/leave/cards';
import { waitingFor } from '../src/core/leave/approvals';
import { meetingAbsenceCard } from '../src/core/leave/meeting-card';
import { leaveSubject, meetingSubject } from '../src/core/leave/types';
import { UserError } from '../src/core/errors';
import { cardMessage } from '../src/core/messages';
import { defineCommand } from './types';

/** `/审批` (`/approvals`): every request waiting for my decision, each as its live card. */
export const approvalsCommand = defineCommand<Record<string, never>>({
  name: 'approvals',
  zh: '审批',
  summary: '查看等待我审批的请假和会议请假',
  usage: ['/审批'],
  parse(args) {
    if (args.trim()) throw new UserError('/审批 不需要参数，直接发送 /审批 即可。');
    return {};
  },
  async run(ctx) {
    const { leaves, meetings } = await waitingFor(ctx);
    if (leaves.length + meetings.length === 0) {
      ctx.reply('目前没有等待您审批的事项。');
      return;
    }
    ctx.reply(`等待您审批：请假 ${leaves.length} 件，会议请假 ${meetings.length} 件。`);
    for (const leave of leaves) ctx.reply(cardMessage(leaveCard(ctx.dir, leave)), { subject: leaveSubject(leave.request.id) });
    for (const absence of meetings) ctx.reply(cardMessage(meetingAbsenceCard(ctx.dir, absence)), { subject: meetingSubject(absence.id) });
  },
});
