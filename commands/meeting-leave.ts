import { cardMessage, md } from '../src/core/messages';
import { meetingFormCard, meetingRejectFormCard } from '../src/core/leave/meeting-card';
import {
  assertBoundToAttend,
  decideMeetingAbsence,
  fileMeetingAbsence,
  meetingAbsenceFromPayload,
  meetingDraftFromForm,
  meetingRefusal,
  parseMeetingCommand,
  type MeetingDraft,
} from '../src/core/leave/meeting';
import { BOUND_TO_ATTEND } from '../src/core/leave/meeting-policy';
import { localDate } from '../src/core/time';
import { defineCommand, type CardAction } from './types';

/** `/会议请假`: absence from a district government meeting (Art. 55). */
export const meetingLeaveCommand = defineCommand<MeetingDraft | null>({
  name: 'meeting-leave',
  zh: '会议请假',
  summary: '不能出席区政府会议时请假（第五十五条）：全体会议、常务会议向区长，专题会议向主持人',
  // Art. 55 binds the leaders who attend; only they ask leave of a meeting.
  roles: BOUND_TO_ATTEND,
  usage: ['/会议请假 常务会议 12月3日 赴省里参加培训', '/会议请假 专题会议 主持人=赵明 12月3日 现场处置突发事件', '/会议请假'],
  parse: (args, ctx) => (args.trim() ? parseMeetingCommand(args, ctx.dir, localDate(ctx.now)) : null),
  async run(ctx, draft) {
    if (!draft) {
      assertBoundToAttend(ctx.actor);
      ctx.reply(cardMessage(meetingFormCard()));
      return;
    }
    await fileMeetingAbsence(ctx, draft);
  },
});

export const meetingLeaveActions: CardAction[] = [
  {
    action: 'meeting-leave.submit',
    async run(ctx, _payload, form) {
      await fileMeetingAbsence(ctx, meetingDraftFromForm(form, ctx.dir, localDate(ctx.now)));
      return {
        toast: { kind: 'success', text: '会议请假已提交。' },
        card: { title: '会议请假已提交', colour: 'green', blocks: [{ type: 'markdown', text: md`审批结果见随后发送的卡片。` }] },
      };
    },
  },
  {
    action: 'meeting-leave.approve',
    async run(ctx, payload) {
      return decideMeetingAbsence(ctx, await meetingAbsenceFromPayload(ctx, payload.id), 'approve');
    },
  },
  {
    action: 'meeting-leave.reject',
    async run(ctx, payload, form) {
      const absence = await meetingAbsenceFromPayload(ctx, payload.id);
      if (payload.confirm !== '1') {
        const refusal = await meetingRefusal(ctx, absence);
        return refusal ?? { toast: { kind: 'info', text: '请填写驳回理由。' }, card: meetingRejectFormCard(ctx.dir, absence) };
      }
      return decideMeetingAbsence(ctx, absence, 'reject', form.reason ?? '');
    },
  },
];
