import { parseUnitMeetingArgs, requestUnitMeeting, UNIT_MEETING_EXAMPLE } from '../src/core/meetings/district-wide';
import { cardMessage, md } from '../src/core/messages';
import { unitMeetingFormCard } from '../src/core/meetings/form-cards';
import type { UnitMeetingFields } from '../src/core/meetings/district-wide';
import { defineCommand, type CardAction } from './types';

/** `/全区会议`: a unit asks to hold a district-wide meeting (Art. 57, at most once a year). */
export const districtMeetingCommand = defineCommand<UnitMeetingFields | null>({
  name: 'district-meeting',
  zh: '全区会议',
  summary: '申请召开部门全区性会议（第五十七条）：分管领导同意后报区政府审批，原则上每年不超过1次',
  roles: ['office_staff', 'unit_head', 'unit_liaison'],
  usage: [UNIT_MEETING_EXAMPLE, '/全区会议 名称=全区安全生产推进会 日期=12月28日 单位=住建局 例外理由=省里临时部署专项整治', '/全区会议'],
  parse: (args) => (args.trim() ? parseUnitMeetingArgs(args) : null),
  async run(ctx, fields) {
    if (fields) await requestUnitMeeting(ctx, fields);
    else ctx.reply(cardMessage(unitMeetingFormCard()));
  },
});

export const districtMeetingActions: CardAction[] = [
  {
    action: 'district-meeting.submit',
    async run(ctx, _payload, form) {
      await requestUnitMeeting(ctx, { 名称: form.title, 日期: form.date });
      return {
        toast: { kind: 'success', text: '全区性会议申请已提交。' },
        card: { title: '全区性会议申请已提交', colour: 'green', blocks: [{ type: 'markdown', text: md`签批进度见随后发送的卡片。` }] },
      };
    },
  },
];
