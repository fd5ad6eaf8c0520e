/**
 * 会务 (Art. 50): the office schedules a meeting; attendees get the notice with a 请假 form.
 *
 *   /会议 安排 类别=常务会议 名称=第12次常务会议 日期=12月10日
 *   /会议 安排 类别=专题会议 名称=供暖保障专题会 日期=12月8日 主持人=赵明 参会=邓鹏,马军
 */
import { meetings } from '../../../db/schema';
import { expectChanged } from '../../../db/atomic';
import type { ReplyingContext } from '../context';
import { parseDateZh } from '../dates/parse-zh';
import { citing, UserError } from '../errors';
import { meetingFromWord } from '../leave/meeting-policy';
import { personNamed } from '../leave/parse';
import { cardMessage, toPerson } from '../messages';
import { hasRole, type Person } from '../org/types';
import { localDate, type LocalDate } from '../time';
import { keyValues, required } from './args';
import { meetingCard, meetingNoticeCard, meetingSubject } from './cards';
import { HOST_RULES, MEETINGS, type MeetingKind } from './policy';
import { nextMeetingId, type Meeting } from './store';

export const SCHEDULE_KEYS = ['类别', '名称', '日期', '主持人', '参会'] as const;
export const SCHEDULE_EXAMPLE = '/会议 安排 类别=常务会议 名称=第12次常务会议 日期=12月10日';

export interface ScheduleDraft {
  kind: MeetingKind;
  title: string;
  date: LocalDate;
  hostId: string;
  entrusted: boolean;
  attendeeIds: string[];
}

const isLeader = (p: Person) => hasRole(p, 'district_head') || hasRole(p, 'executive_deputy') || hasRole(p, 'deputy_head');

export type ScheduleFields = Partial<Record<(typeof SCHEDULE_KEYS)[number], string>>;

export const parseScheduleArgs = (args: string): ScheduleFields => keyValues(args, SCHEDULE_KEYS, SCHEDULE_EXAMPLE);

export function scheduleDraft(ctx: Pick<ReplyingContext, 'dir' | 'now'>, f: ScheduleFields): ScheduleDraft {
  const { dir } = ctx;
  const today = localDate(ctx.now);
  const kind = meetingFromWord(f.类别 ?? '');
  if (!kind) throw new UserError(`请写明会议类别：类别=全体会议、常务会议或专题会议。例如：${SCHEDULE_EXAMPLE}`);
  const title = required(f.名称, '会议名称（名称=）', SCHEDULE_EXAMPLE);
  const date = parseDateZh(required(f.日期, '会议日期（日期=）', SCHEDULE_EXAMPLE), today, 'ahead');
  if (date < today) throw new UserError(`会议日期 ${date} 已经过去，请核对「日期=」。`);
  const head = dir.holder('district_head');
  const executive = dir.holder('executive_deputy');
  const named = (f.参会 ?? '')
    .split(/[,，、\s]+/)
    .filter(Boolean)
    .map((n) => personNamed(dir, n));
  const rule = HOST_RULES[kind];
  if (kind === 'topic') {
    if (!f.主持人) throw new UserError(citing(rule.article, `${rule.quote}，请写明主持人，例如 主持人=赵明。`));
    const host = personNamed(dir, f.主持人);
    if (!isLeader(host)) throw new UserError(citing(rule.article, `${rule.quote}；${host.name}不是区长或副区长，请核对主持人。`));
    return { kind, title, date, hostId: host.id, entrusted: false, attendeeIds: unique([host.id, ...named.map((p) => p.id)]) };
  }
  if (!head) throw new UserError('通讯录中未设区长，暂时无法安排全体会议或常务会议，请联系管理员。');
  const host = f.主持人 ? personNamed(dir, f.主持人) : head;
  if (host.id !== head.id && host.id !== executive?.id) {
    throw new UserError(citing(rule.article, `${rule.quote}；${host.name}不能主持${MEETINGS[kind].zh}。`));
  }
  // Plenary: the head, the deputies and the heads of the government's departments (Art. 51); standing: head and deputies (Art. 52).
  const leaders = dir.people.filter((p) => p.active && isLeader(p));
  const departments = kind === 'plenary' ? dir.units.filter((u) => u.active && u.kind === 'department' && u.headId).map((u) => u.headId!) : [];
  return {
    kind,
    title,
    date,
    hostId: host.id,
    entrusted: host.id !== head.id,
    attendeeIds: unique([head.id, ...leaders.map((p) => p.id), ...departments, ...named.map((p) => p.id)]),
  };
}

const unique = (ids: string[]) => [...new Set(ids)];

export function assertOffice(actor: Person, article = 50): void {
  if (!hasRole(actor, 'office_staff')) throw new UserError(citing(article, '会务工作由区政府办公室负责，该操作仅限区政府办督查人员。'));
}

export async function scheduleMeeting(ctx: ReplyingContext, draft: ScheduleDraft): Promise<Meeting> {
  assertOffice(ctx.actor);
  const meeting: Meeting = {
    id: await nextMeetingId(ctx.db),
    kind: draft.kind,
    title: draft.title,
    meetingDate: draft.date,
    hostId: draft.hostId,
    entrusted: draft.entrusted,
    attendeeIds: draft.attendeeIds,
    minutesStatus: 'none',
    minutesText: null,
    createdBy: ctx.actor.id,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  ctx.effects.conflictMessage = '刚才有另一个会议同时安排，本次未保存，请重新发送。';
  ctx.effects.statements.push(ctx.db.insert(meetings).values(meeting).onConflictDoNothing(), expectChanged(ctx.db));
  ctx.effects.audits.push({
    subjectType: 'meeting',
    subjectId: String(meeting.id),
    action: 'schedule',
    detail: { kind: meeting.kind, date: meeting.meetingDate, hostId: meeting.hostId, attendees: meeting.attendeeIds.length },
  });
  for (const personId of meeting.attendeeIds) {
    ctx.effects.pushes.push({
      to: toPerson(personId),
      message: cardMessage(meetingNoticeCard(ctx.dir, meeting, personId === meeting.hostId)),
      key: `meeting:${meeting.id}:notice:${personId}`,
    });
  }
  ctx.reply(cardMessage(meetingCard(ctx.dir, meeting)), { subject: meetingSubject(meeting.id) });
  return meeting;
}
