import { UserError } from '../src/core/errors';
import { fileMeetingAbsence } from '../src/core/leave/meeting';
import { MAX_REASON } from '../src/core/leave/parse';
import { proposeAgendaItem, AGENDA_EXAMPLE } from '../src/core/meetings/agenda';
import { fileMinutes, MINUTES_EXAMPLE } from '../src/core/meetings/minutes';
import { parseScheduleArgs, scheduleDraft, scheduleMeeting, SCHEDULE_EXAMPLE } from '../src/core/meetings/schedule';
import { loadMeeting } from '../src/core/meetings/store';
import { MEETINGS, type MeetingKind } from '../src/core/meetings/policy';
import { cardMessage, md } from '../src/core/messages';
import { scheduleFormCard } from '../src/core/meetings/form-cards';
import { assertOffice } from '../src/core/meetings/schedule';
import { defineCommand, type CardAction } from './types';

type MeetingArgs = { sub: '安排' | '议题'; rest: string } | { sub: '纪要'; id: string; lines: string[] } | { sub: 'form' };

const SUBS = '安排、议题、纪要';

/** `/会议`: the office schedules district government meetings (Art. 50–53), agenda items (Art. 54), minutes (Art. 56). */
export const meetingCommand = defineCommand<MeetingArgs>({
  name: 'meeting',
  zh: '会议',
  summary: '区政府会议：安排会议并通知参会（第五十至五十三条）、议题审核（第五十四条）、纪要签发并转督查事项（第五十六条）',
  roles: ['office_staff', 'unit_head', 'unit_liaison'],
  usage: [
    '/会议 安排',
    SCHEDULE_EXAMPLE,
    '/会议 安排 类别=专题会议 名称=供暖保障专题会 日期=12月8日 主持人=赵明 参会=邓鹏,马军',
    AGENDA_EXAMPLE,
    MINUTES_EXAMPLE,
  ],
  parse(args) {
    const match = /^\s*(\S+)\s*([\s\S]*)$/.exec(args);
    const sub = match?.[1];
    if (sub === '安排' && !match![2]!.trim()) return { sub: 'form' };
    if (sub === '安排' || sub === '议题') return { sub, rest: match![2]! };
    if (sub === '纪要') {
      const [first = '', ...more] = match![2]!.split('\n');
      const [id = '', ...inline] = first.trim().split(/\s+/);
      if (!id) throw new UserError(`请写明会议编号，例如：${MINUTES_EXAMPLE}`);
      // One decision a line, or several on one line separated by ；(the sandbox and some clients send one line).
      return {
        sub,
        id,
        lines: [inline.join(' '), ...more]
          .flatMap((l) => l.split(/[；;]/))
          .map((l) => l.trim())
          .filter(Boolean),
      };
    }
    throw new UserError(`请写明要做什么：${SUBS}。例如：${SCHEDULE_EXAMPLE}`);
  },
  async run(ctx, args) {
    if (args.sub === 'form') {
      assertOffice(ctx.actor);
      ctx.reply(cardMessage(scheduleFormCard()));
    } else if (args.sub === '纪要') await fileMinutes(ctx, args.id, args.lines);
    else if (args.sub === '安排') await scheduleMeeting(ctx, scheduleDraft(ctx, parseScheduleArgs(args.rest)));
    else await proposeAgendaItem(ctx, args.rest);
  },
});

export const meetingActions: CardAction[] = [
  {
    action: 'meeting.schedule',
    async run(ctx, _payload, form) {
      const kind = form.kind && form.kind in MEETINGS ? MEETINGS[form.kind as MeetingKind].words[0] : form.kind;
      await scheduleMeeting(
        ctx,
        scheduleDraft(ctx, { 类别: kind, 名称: form.title, 日期: form.date, 主持人: form.host || undefined, 参会: form.attendees || undefined }),
      );
      return {
        toast: { kind: 'success', text: '会议已安排，已通知参会人员。' },
        card: { title: '会议已安排', colour: 'green', blocks: [{ type: 'markdown', text: md`会议卡片见随后发送的消息。` }] },
      };
    },
  },
  {
    // The notice's 请假: the Art. 55 meeting absence for this meeting (to the head, or the topic meeting's host).
    action: 'meeting.absence',
    async run(ctx, payload, form) {
      const meeting = await loadMeeting(ctx.db, Number(payload.id));
      if (!meeting) throw new UserError('该会议已不存在，这张卡片可能已失效。');
      if (!meeting.attendeeIds.includes(ctx.actor.id)) throw new UserError('您不在该会议的参会名单中，无需请假。');
      const reason = (form.reason ?? '').trim();
      if (!reason) throw new UserError('请写明不能出席的原因。');
      if (reason.length > MAX_REASON) throw new UserError(`原因太长（最多 ${MAX_REASON} 字），请精简。`);
      await fileMeetingAbsence(ctx, {
        meeting: meeting.kind,
        date: meeting.meetingDate,
        hostId: meeting.kind === 'topic' ? meeting.hostId : undefined,
        reason,
      });
      return { toast: { kind: 'success', text: '会议请假已提交，审批结果见随后发送的卡片。' } };
    },
  },
];
