/** The form cards that a command sent without arguments opens (/全区会议, /会议 安排). */
import { citing } from '../errors';
import { mdText, type Card } from '../messages';
import { UNIT_MEETING_ARTICLE } from './district-wide';
import { MEETINGS, type MeetingKind } from './policy';

export function unitMeetingFormCard(): Card {
  return {
    title: '申请召开全区性会议',
    colour: 'blue',
    blocks: [
      {
        type: 'form',
        name: 'unit-meeting',
        inputs: [
          { kind: 'text', name: 'title', label: '会议名称', required: true },
          { kind: 'date', name: 'date', label: '会议日期', required: true, placeholder: '例如 12月18日' },
        ],
        submit: { label: '提交', action: 'district-meeting.submit', style: 'primary', command: '/全区会议 名称=… 日期=…' },
      },
      {
        type: 'note',
        text: mdText(citing(UNIT_MEETING_ARTICLE, '部门召开的全区性会议，原则上每年不超过1次。部门应事先征得区政府分管领导同意后，再按程序报区政府审批。')),
      },
    ],
  };
}

export function scheduleFormCard(): Card {
  return {
    title: '安排区政府会议',
    colour: 'blue',
    blocks: [
      {
        type: 'form',
        name: 'schedule',
        inputs: [
          {
            kind: 'select',
            name: 'kind',
            label: '类别',
            required: true,
            options: (Object.keys(MEETINGS) as MeetingKind[]).map((k) => ({ label: MEETINGS[k].zh, value: k })),
          },
          { kind: 'text', name: 'title', label: '名称', required: true },
          { kind: 'date', name: 'date', label: '日期', required: true, placeholder: '例如 12月10日' },
          { kind: 'text', name: 'host', label: '主持人（专题会议必填）', placeholder: '姓名' },
          { kind: 'text', name: 'attendees', label: '另外通知（姓名，逗号分隔）' },
        ],
        submit: { label: '安排', action: 'meeting.schedule', style: 'primary', command: '/会议 安排 类别=常务会议 名称=… 日期=…' },
      },
    ],
  };
}
