/**
 * Meeting absence (Art. 55): asked of the district head for plenary and standing meetings (or of
 * the executive deputy acting for an absent head, Art. 9, 51, 52), of the host for a topic meeting.
 *
 *   /会议请假 常务会议 12月3日 赴省里参加培训
 *   /会议请假 专题会议 主持人=赵明 12月3日 现场处置突发事件
 */
import { and, eq, inArray } from 'drizzle-orm';
import { expectChanged } from '../../../db/atomic';
import { meetingAbsences } from '../../../db/schema';
import { parseDateZh } from '../dates/parse-zh';
import { citing, UserError } from '../errors';
import { cardMessage, text, toPerson, type ActionResponse } from '../messages';
import type { Directory } from '../org/directory';
import { hasRole, type Person } from '../org/types';
import { formatDateZh, localDate, type LocalDate } from '../time';
import { personName } from './cards';
import { absentRefusal, resolveApprover, type Absences, type Resolution } from './delegation';
import { meetingAbsenceCard } from './meeting-card';
import { BOUND_TO_ATTEND_QUOTE, boundToAttend, MEETING_ARTICLE, meetingFromWord, MEETINGS, TOPIC_HOST_ARTICLE, type MeetingKind } from './meeting-policy';
import { MAX_REASON, personNamed } from './parse';
import { stepRecipient } from './routing';
import { awaySet, loadMeetingAbsence, nextMeetingAbsenceId } from './store';
import { meetingSubject, type LeaveContext, type MeetingAbsence } from './types';

export interface MeetingDraft {
  meeting: MeetingKind;
  date: LocalDate;
  hostId?: string;
  reason: string;
}

const EXAMPLES = '例如：/会议请假 常务会议 12月3日 赴省里参加培训，或 /会议请假 专题会议 主持人=赵明 12月3日 现场处置突发事件';
const MEETING_CHOICES = (Object.keys(MEETINGS) as MeetingKind[]).map((k) => MEETINGS[k].zh).join('、');

/** The text after `/会议请假`: meeting, optional host, date, reason (in that order; host anywhere). */
export function parseMeetingCommand(args: string, dir: Directory, today: LocalDate): MeetingDraft {
  const tokens = args.trim().split(/\s+/).filter(Boolean);
  let hostName: string | undefined;
  const rest: string[] = [];
  for (const token of tokens) {
    const host = /^主持人?[=＝:：](.+)$/.exec(token);
    if (host) hostName = host[1];
    else rest.push(token);
  }
  const [meetingWord, dateText, ...reason] = rest;
  const meeting = meetingWord ? meetingFromWord(meetingWord) : undefined;
  if (!meeting) throw new UserError(`请先写会议类别：${MEETING_CHOICES}。${EXAMPLES}`);
  if (!dateText) throw new UserError(`请写明会议日期。${EXAMPLES}`);
  return checkedMeetingDraft(dir, { meeting, date: parseDateZh(dateText, today, 'ahead'), hostName, reason: reason.join(' ') });
}

export function meetingDraftFromForm(form: Record<string, string>, dir: Directory, today: LocalDate): MeetingDraft {
  const value = (name: string) => (form[name] ?? '').trim();
  const meeting = (Object.keys(MEETINGS) as MeetingKind[]).find((k) => k === value('meeting'));
  if (!meeting) throw new UserError(`请选择会议：${MEETING_CHOICES}。`);
  if (!value('date')) throw new UserError('请填写会议日期。');
  return checkedMeetingDraft(dir, { meeting, date: parseDateZh(value('date'), today, 'ahead'), hostName: value('host') || undefined, reason: value('reason') });
}

function checkedMeetingDraft(dir: Directory, input: { meeting: MeetingKind; date: LocalDate; hostName?: string; reason: string }): MeetingDraft {
  if (!input.reason) throw new UserError(`请写明不能出席的原因。${EXAMPLES}`);
  if (input.reason.length > MAX_REASON) throw new UserError(`原因太长（最多 ${MAX_REASON} 字），请精简。`);
  if (input.meeting !== 'topic') {
    if (input.hostName) throw new UserError(citing(MEETING_ARTICLE, `${MEETINGS[input.meeting].zh}请假须向区长请假，无需写主持人。`));
    return { meeting: input.meeting, date: input.date, reason: input.reason };
  }
  if (!input.hostName) throw new UserError(citing(MEETING_ARTICLE, `专题会议须向会议主持人请假，请写明主持人，例如 主持人=赵明。`));
  const host = personNamed(dir, input.hostName);
  const leader = hasRole(host, 'district_head') || hasRole(host, 'executive_deputy') || hasRole(host, 'deputy_head');
  if (!leader) throw new UserError(citing(TOPIC_HOST_ARTICLE, `区政府专题会议由区长、副区长主持，${host.name}不是区政府领导，请核对主持人。`));
  return { meeting: input.meeting, date: input.date, hostId: host.id, reason: input.reason };
}

/** Who decides: the head (or whoever acts for the head, Art. 9), or the named host. Never the requester. */
function deciderFor(dir: Directory, away: Absences, draft: MeetingDraft, requesterId: string): Resolution {
  if (draft.meeting === 'topic') {
    if (draft.hostId === requesterId) throw new UserError('您是这次专题会议的主持人，无需向自己请假。');
    return { addresseeId: draft.hostId!, approverId: draft.hostId!, reason: 'direct', label: null, skipped: [] };
  }
  const head = dir.holder('district_head');
  if (!head) throw new UserError('通讯录中未设区长，暂时无法提交会议请假，请联系管理员。');
  if (head.id === requesterId) throw new UserError(citing(MEETING_ARTICLE, '区长召集和主持全体会议、常务会议，无需向自己请假。'));
  return resolveApprover(dir, away, head.id, requesterId);
}

/** Art. 55 binds leaders: only they attend, so only they ask leave of a meeting. */
export function assertBoundToAttend(person: Person): void {
  if (!boundToAttend(person))
    throw new UserError(citing(MEETING_ARTICLE, `${BOUND_TO_ATTEND_QUOTE}，会议请假由参会领导本人提出；您不是参会领导，无需也不能提交会议请假。`));
}

export async function fileMeetingAbsence(ctx: LeaveContext, draft: MeetingDraft): Promise<void> {
  const { db, dir, actor, now, effects } = ctx;
  const today = localDate(now);
  assertBoundToAttend(actor);
  if (draft.date < today) throw new UserError(`会议日期 ${draft.date} 已经过去，不能补办会议请假。`);
  const [duplicate] = await db
    .select({ id: meetingAbsences.id })
    .from(meetingAbsences)
    .where(
      and(
        eq(meetingAbsences.requesterId, actor.id),
        eq(meetingAbsences.meeting, draft.meeting),
        eq(meetingAbsences.meetingDate, draft.date),
        inArray(meetingAbsences.status, ['pending', 'approved']),
      ),
    );
  if (duplicate) throw new UserError(`您已为 ${formatDateZh(draft.date)} 的${MEETINGS[draft.meeting].zh}请过假（编号 ${duplicate.id}），无需重复提交。`);
  const decider = deciderFor(dir, await awaySet(db, today), draft, actor.id);
  const absence: MeetingAbsence = {
    id: await nextMeetingAbsenceId(db),
    requesterId: actor.id,
    meeting: draft.meeting,
    meetingDate: draft.date,
    addresseeId: decider.addresseeId!,
    resolvedDeciderId: decider.approverId,
    delegation: decider.reason === 'direct' ? null : decider.reason,
    reason: draft.reason,
    status: 'pending',
    decidedById: null,
    decisionReason: null,
    decidedAt: null,
    version: 1,
    createdAt: now,
  };
  effects.conflictMessage = '刚才有另一份会议请假同时提交，本次未保存，请重新发送。';
  effects.statements.push(db.insert(meetingAbsences).values(absence).onConflictDoNothing(), expectChanged(db));
  effects.audits.push({
    subjectType: 'meeting_absence',
    subjectId: String(absence.id),
    action: 'file',
    detail: {
      meeting: draft.meeting,
      date: draft.date,
      addresseeId: absence.addresseeId,
      resolvedDeciderId: absence.resolvedDeciderId,
      delegation: absence.delegation,
    },
  });
  const card = cardMessage(meetingAbsenceCard(dir, absence));
  const subject = meetingSubject(absence.id);
  effects.pushes.push({
    to: stepRecipient(dir, { resolvedApproverId: absence.resolvedDeciderId }),
    message: card,
    subject,
    key: `meeting-leave:${absence.id}:decider`,
  });
  // One answer: the requester's live card, which names who decides and follows the decision.
  ctx.reply(cardMessage(meetingAbsenceCard(dir, absence, 'requester')), { subject });
}

export async function meetingAbsenceFromPayload(ctx: LeaveContext, rawId: string | undefined): Promise<MeetingAbsence> {
  const id = Number(rawId);
  const absence = Number.isInteger(id) && id > 0 ? await loadMeetingAbsence(ctx.db, id) : undefined;
  if (!absence) throw new UserError(`没有编号 ${rawId ?? ''} 的会议请假，这张卡片可能已失效。`);
  return absence;
}

/** Who decides now: for the head, whoever acts for him (Art. 9); a topic meeting's host decides himself. */
function deciderNow(dir: Directory, away: Absences, absence: MeetingAbsence): Resolution {
  return MEETINGS[absence.meeting].decider === 'district_head'
    ? resolveApprover(dir, away, absence.addresseeId, absence.requesterId)
    : { addresseeId: absence.addresseeId, approverId: absence.addresseeId, reason: 'direct', label: null, skipped: [] };
}

/**
 * The stored decider, or whoever decides now (an absent head's acting deputy, Art. 9); never the
 * requester, never a head away on approved leave who has not reported back.
 */
export function mayDecideMeeting(dir: Directory, away: Absences, absence: MeetingAbsence, actor: Person): boolean {
  if (actor.id === absence.requesterId) return false;
  if (away.has(actor.id)) return false;
  const deciders = [absence.resolvedDeciderId, deciderNow(dir, away, absence).approverId];
  return deciders.includes(actor.id) || (deciders.includes(null) && hasRole(actor, 'office_staff'));
}

/** Why the actor may not decide, or undefined when they may. */
export async function meetingRefusal(ctx: LeaveContext, absence: MeetingAbsence): Promise<ActionResponse | undefined> {
  if (absence.status !== 'pending') return { toast: { kind: 'info', text: '该会议请假已处理。' }, card: meetingAbsenceCard(ctx.dir, absence) };
  if (ctx.actor.id === absence.requesterId) return { toast: { kind: 'error', text: '不能审批本人的会议请假。' } };
  const away = await awaySet(ctx.db, localDate(ctx.now));
  if (mayDecideMeeting(ctx.dir, away, absence, ctx.actor)) return undefined;
  const absent = absentRefusal(ctx.dir, away, ctx.actor, deciderNow(ctx.dir, away, absence));
  return {
    toast: { kind: 'error', text: absent ?? citing(MEETING_ARTICLE, `该会议请假由 ${personName(ctx.dir, absence.resolvedDeciderId)} 审批，您无权操作。`) },
  };
}

export async function decideMeetingAbsence(
  ctx: LeaveContext,
  absence: MeetingAbsence,
  decision: 'approve' | 'reject',
  reason?: string,
): Promise<ActionResponse> {
  const refusal = await meetingRefusal(ctx, absence);
  if (refusal) return refusal;
  const trimmed = reason?.trim() ?? '';
  if (decision === 'reject' && !trimmed) throw new UserError('驳回须填写理由，请在表单中写明后再提交。');
  if (trimmed.length > MAX_REASON) throw new UserError(`理由太长（最多 ${MAX_REASON} 字），请精简。`);
  const { db, dir, actor, now, effects } = ctx;
  const status = decision === 'approve' ? 'approved' : 'rejected';
  const updated: MeetingAbsence = { ...absence, status, decidedById: actor.id, decisionReason: trimmed || null, decidedAt: now, version: absence.version + 1 };
  effects.conflictMessage = '该会议请假刚刚已被处理，请查看卡片上的最新状态。';
  effects.statements.push(
    db
      .update(meetingAbsences)
      .set({ status, decidedById: actor.id, decisionReason: updated.decisionReason, decidedAt: now, version: updated.version })
      .where(and(eq(meetingAbsences.id, absence.id), eq(meetingAbsences.version, absence.version), eq(meetingAbsences.status, 'pending'))),
    expectChanged(db),
  );
  const acting = deciderNow(dir, await awaySet(db, localDate(now)), absence);
  const delegation = acting.approverId === actor.id && acting.reason !== 'direct' ? acting.reason : null;
  effects.audits.push({
    subjectType: 'meeting_absence',
    subjectId: String(absence.id),
    action: decision,
    detail: { decidedById: actor.id, addresseeId: absence.addresseeId, delegation, reason: updated.decisionReason },
  });
  const card = meetingAbsenceCard(dir, updated);
  effects.refreshes.push({ subject: meetingSubject(absence.id), card, key: `meeting-leave:${absence.id}:v${updated.version}` });
  const what = `您 ${formatDateZh(absence.meetingDate)} ${MEETINGS[absence.meeting].zh}的请假（编号 ${absence.id}）`;
  effects.pushes.push({
    to: toPerson(absence.requesterId),
    message: text(
      decision === 'approve' ? `${what}已获 ${personName(dir, actor.id)} 同意。` : `${what}未获同意（${personName(dir, actor.id)}）：${trimmed}。请按时参会。`,
    ),
    key: `meeting-leave:${absence.id}:${status}`,
  });
  return { toast: { kind: 'success', text: decision === 'approve' ? '已同意。' : '已驳回，已告知请假人。' }, card };
}
