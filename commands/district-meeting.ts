import { requestUnitMeeting, UNIT_MEETING_EXAMPLE } from '../src/core/meetings/district-wide';
import { defineCommand } from './types';

/** `/全区会议`: a unit asks to hold a district-wide meeting (Art. 57, at most once a year). */
export const districtMeetingCommand = defineCommand<string>({
  name: 'district-meeting',
  zh: '全区会议',
  summary: '申请召开部门全区性会议（第五十七条）：分管领导同意后报区政府审批，原则上每年不超过1次',
  roles: ['office_staff', 'unit_head', 'unit_liaison'],
  usage: [UNIT_MEETING_EXAMPLE, '/全区会议 名称=全区安全生产推进会 日期=12月28日 单位=住建局 例外理由=省里临时部署专项整治'],
  parse: (args) => args,
  run: (ctx, args) => requestUnitMeeting(ctx, args),
});
