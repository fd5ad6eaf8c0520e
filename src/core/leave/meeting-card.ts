import { articleZh, citing } from '../errors';
import { md, mdText, type Card, type Colour } from '../messages';
import type { Directory } from '../org/directory';
import { formatDateZh, formatInstantZh } from '../time';
import { personName } from './cards';
import { delegationLabel } from './delegation';
import { MEETING_ARTICLE, MEETINGS, type MeetingKind } from './meeting-policy';
import type { MeetingAbsence } from './types';

const STATUS: Record<MeetingAbsence['status'], { zh: string; colour: Colour }> = {
  pending: { zh: '待审批', colour: 'orange' },
  approved: { zh: '已同意', colour: 'green' },
  rejected: { zh: '未同意', colour: 'red' },
};

/**
 * The meeting-absence card, refreshed in place by subject `meeting-leave:<id>`. Only the decider's
 * copy carries 同意/驳回; the requester's shows the status (nobody decides their own matter, Art. 55).
 */
export function meetingAbsenceCard(dir: Directory, absence: MeetingAbsence, audience: 'decider' | 'requester' = 'decider'): Card {
  const meeting = MEETINGS[absence.meeting];
  const label = delegationLabel(absence.delegation);
  const decider = `${personName(dir, absence.resolvedDeciderId)}${label ? `（${label}，原审批人 ${personName(dir, absence.addresseeId)}）` : ''}`;
  const blocks: Card['blocks'] = [
    {
      type: 'fields',
      fields: [
        { label: '请假人', value: personName(dir, absence.requesterId) },
        { label: '会议', value: meeting.zh },
        { label: '会议日期', value: formatDateZh(absence.meetingDate) },
        { label: absence.meeting === 'topic' ? '主持人（审批）' : '审批', value: decider },
        { label: '原因', value: absence.reason },
      ],
    },
  ];
  if (absence.status === 'pending') {
    blocks.push({ type: 'markdown', text: md`**状态：${STATUS.pending.zh}**` });
    const id = String(absence.id);
    if (audience === 'decider')
      blocks.push({
        type: 'buttons',
        buttons: [
          { label: '同意', action: 'meeting-leave.approve', payload: { id }, style: 'primary' },
          { label: '驳回', action: 'meeting-leave.reject', payload: { id }, style: 'danger' },
        ],
      });
  } else {
    const why = absence.decisionReason ? `：${absence.decisionReason}` : '';
    blocks.push({
      type: 'markdown',
      text: md`**状态：${STATUS[absence.status].zh}**（${personName(dir, absence.decidedById)}，${formatInstantZh(absence.decidedAt!)}）${why}`,
    });
  }
  blocks.push({ type: 'note', text: md`依据《工作规则》${articleZh(MEETING_ARTICLE)}：${meeting.quote}。` });
  return { title: `会议请假 · ${personName(dir, absence.requesterId)}（编号 ${absence.id}）`, colour: STATUS[absence.status].colour, blocks };
}

export function meetingRejectFormCard(dir: Directory, absence: MeetingAbsence): Card {
  return {
    title: `驳回会议请假 · ${personName(dir, absence.requesterId)}（编号 ${absence.id}）`,
    colour: 'red',
    blocks: [
      { type: 'markdown', text: md`${MEETINGS[absence.meeting].zh} · ${formatDateZh(absence.meetingDate)} · ${absence.reason}` },
      {
        type: 'form',
        name: 'reject',
        inputs: [{ kind: 'textarea', name: 'reason', label: '驳回理由', required: true }],
        submit: { label: '确认驳回', action: 'meeting-leave.reject', payload: { id: String(absence.id), confirm: '1' }, style: 'danger' },
      },
    ],
  };
}

const meetingOptions = (Object.keys(MEETINGS) as MeetingKind[]).map((k) => ({ label: MEETINGS[k].zh, value: k }));

/** `/会议请假` with no arguments. */
export function meetingFormCard(): Card {
  return {
    title: '会议请假',
    colour: 'blue',
    blocks: [
      {
        type: 'form',
        name: 'meeting',
        inputs: [
          { kind: 'select', name: 'meeting', label: '会议', required: true, options: meetingOptions },
          { kind: 'date', name: 'date', label: '会议日期', required: true, placeholder: '例如 12月3日' },
          { kind: 'text', name: 'host', label: '主持人（专题会议必填）', placeholder: '姓名' },
          { kind: 'textarea', name: 'reason', label: '原因', required: true },
        ],
        submit: { label: '提交', action: 'meeting-leave.submit', style: 'primary' },
      },
      {
        type: 'note',
        text: mdText(citing(MEETING_ARTICLE, '区政府会议原则上不应请假；不能出席全体会议、常务会议的，须向区长请假；不能出席专题会议的，须向会议主持人请假。')),
      },
    ],
  };
}
