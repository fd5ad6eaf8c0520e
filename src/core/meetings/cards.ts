import { articleZh } from '../errors';
import { md, type Block, type Card } from '../messages';
import type { Directory } from '../org/directory';
import { formatDateZh } from '../time';
import { HOST_RULES, MEETINGS } from './policy';
import type { Meeting, MeetingMatter } from './store';

const MINUTES_ZH: Record<Meeting['minutesStatus'], string> = { none: '未报送', in_review: '审核签发中', returned: '已退回修改', signed: '已签发' };

const names = (dir: Directory, ids: readonly string[]) => ids.map((id) => dir.person(id)?.name ?? id).join('、');

export const meetingSubject = (id: number) => `meeting:${id}`;

/** The office's card of a scheduled meeting: facts, agenda items and decisions so far. */
export function meetingCard(dir: Directory, meeting: Meeting, matters: readonly MeetingMatter[] = []): Card {
  const kind = MEETINGS[meeting.kind];
  const host = `${dir.person(meeting.hostId)?.name ?? meeting.hostId}${meeting.entrusted ? '（受区长委托）' : ''}`;
  const blocks: Block[] = [
    {
      type: 'fields',
      fields: [
        { label: '会议', value: kind.zh },
        { label: '名称', value: meeting.title },
        { label: '日期', value: formatDateZh(meeting.meetingDate) },
        { label: '主持人', value: host },
        { label: '参会', value: names(dir, meeting.attendeeIds) },
        { label: '纪要', value: MINUTES_ZH[meeting.minutesStatus] },
      ],
    },
  ];
  const agenda = matters.filter((m) => m.kind === 'agenda');
  if (agenda.length)
    blocks.push(
      { type: 'markdown', text: md`**议题**` },
      ...agenda.map((m) => ({
        type: 'markdown' as const,
        text: md`· ${m.title}（${dir.unit(m.unitId)?.name ?? m.unitId}）${m.status === 'approved' ? '｜已审定' : m.status === 'returned' ? '｜已退回' : '｜审核中'}`,
      })),
    );
  const decisions = matters.filter((m) => m.kind === 'decision');
  if (decisions.length)
    blocks.push(
      { type: 'markdown', text: md`**议定事项**` },
      ...decisions.map((m) => ({
        type: 'markdown' as const,
        text: md`· ${m.title}（主办 ${dir.unit(m.unitId)?.name ?? m.unitId}${m.itemId ? `，督查事项 ${m.itemId}` : ''}）`,
      })),
    );
  const rule = HOST_RULES[meeting.kind];
  blocks.push({ type: 'note', text: md`依据《工作规则》${articleZh(rule.article)}：${rule.quote}。` });
  return { title: `${kind.zh} · ${meeting.title}（会议编号 ${meeting.id}）`, colour: 'blue', blocks };
}

/**
 * The notice an attendee gets, with a 请假 form that files the Art. 55 meeting absence (to the head,
 * or to a topic meeting's host). The host gets the notice without it.
 */
export function meetingNoticeCard(dir: Directory, meeting: Meeting, forHost: boolean): Card {
  const kind = MEETINGS[meeting.kind];
  const blocks: Block[] = [
    {
      type: 'fields',
      fields: [
        { label: '会议', value: kind.zh },
        { label: '名称', value: meeting.title },
        { label: '日期', value: formatDateZh(meeting.meetingDate) },
        { label: '主持人', value: dir.person(meeting.hostId)?.name ?? meeting.hostId },
      ],
    },
    { type: 'markdown', text: md`请准时参会。除特殊原因外，原则上不应请假。` },
  ];
  if (!forHost) {
    blocks.push({
      type: 'form',
      name: 'absence',
      inputs: [{ kind: 'textarea', name: 'reason', label: '不能出席的原因', required: true }],
      submit: {
        label: '请假',
        action: 'meeting.absence',
        payload: { id: String(meeting.id) },
        style: 'default',
        command: `/会议请假 ${kind.words[0]}${meeting.kind === 'topic' ? ` 主持人=${dir.person(meeting.hostId)?.name ?? ''}` : ''} ${meeting.meetingDate} 原因…`,
      },
    });
  }
  blocks.push({ type: 'note', text: md`依据《工作规则》第五十五条：${kind.quote}。` });
  return { title: `会议通知 · ${kind.zh} · ${meeting.title}`, colour: 'blue', blocks };
}
