/**
 * 纪要 (Art. 56): plenary and standing minutes are reviewed by the executive deputy and signed by the
 * head; a topic meeting's by its host. Once signed, each decision (议定事项) becomes a supervision
 * item with the meeting as source and the Art. 40 deadline counted from the meeting date.
 *
 *   /会议 纪要 3 加快推进老旧小区改造｜住建局；冬季供暖保障｜住建局｜12月20日
 * (or one decision a line after `/会议 纪要 3`).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { expectChanged } from '../../../db/atomic';
import { meetingMatters, meetings, supervisionItems, supervisionMilestones } from '../../../db/schema';
import { currentRound } from '../signoffs/store';
import type { WorkCalendar } from '../calendar/types';
import type { DomainContext, ReplyingContext } from '../context';
import { parseDateZh } from '../dates/parse-zh';
import { UserError } from '../errors';
import { cardMessage, toUnitChat } from '../messages';
import type { Directory } from '../org/directory';
import { govOfficeId } from '../leave/routing';
import { startSignoff } from '../signoffs/engine';
import { statusBefore, type SubjectAdapter, type SubjectView } from '../signoffs/types';
import { approvalCard, approvalSubject } from '../supervision/cards';
import { auditItem } from '../supervision/change';
import { itemFacts } from '../supervision/register';
import { buildRegistration, type RegistrationFields } from '../supervision/registration';
import { formatItemNumber, nextSeq } from '../supervision/store';
import type { SupervisionItem } from '../supervision/types';
import { formatDateZh, localDate, type LocalDate } from '../time';
import { DECISION_SOURCE, MEETINGS, MINUTES_ARTICLE, MINUTES_QUOTES, minutesChain } from './policy';
import { assertOffice } from './schedule';
import { decisionsOf, loadMeeting, nextMatterId, type Meeting, type MeetingMatter } from './store';

export const MINUTES_EXAMPLE = '/会议 纪要 3 加快推进老旧小区改造｜住建局；冬季供暖保障｜住建局｜12月20日';
const MAX_DECISIONS = 30;

export interface DecisionDraft {
  title: string;
  unitId: string;
  dueOn: LocalDate | null;
}

/** The registration line of a decision: the same facts `/督办 新建` takes, so the same checks apply. */
function decisionFields(dir: Directory, meeting: Meeting, d: DecisionDraft): RegistrationFields {
  const fields: RegistrationFields = {
    来源: DECISION_SOURCE[meeting.kind],
    标题: d.title,
    主办: dir.unit(d.unitId)?.name ?? d.unitId,
    会议日期: meeting.meetingDate,
    文号: `${MEETINGS[meeting.kind].zh}纪要（${meeting.title}，会议编号 ${meeting.id}）`,
  };
  // A topic meeting's decision is due at the time node it set (Art. 40); a plenary one at its stated deadline.
  if (d.dueOn && meeting.kind === 'topic') fields.节点 = `${d.dueOn}:${d.title}`;
  else if (d.dueOn) fields.期限 = d.dueOn;
  return fields;
}

export function parseDecisions(dir: Directory, meeting: Meeting, lines: readonly string[], calendar: WorkCalendar, today: LocalDate): DecisionDraft[] {
  const drafts = lines.map((line, i) => {
    const parts = line.split(/[｜|]/).map((p) => p.trim());
    const [title, unitName, due] = parts;
    const where = `第${i + 1}条议定事项「${line}」`;
    if (!title || !unitName || parts.length > 3) throw new UserError(`${where}应写成「事项｜主办单位」或「事项｜主办单位｜期限」。例如：${MINUTES_EXAMPLE}`);
    const unit = dir.unitByName(unitName);
    if (!unit) throw new UserError(`${where}：通讯录中没有单位「${unitName}」，请核对。`);
    const draft: DecisionDraft = { title, unitId: unit.id, dueOn: due ? parseDateZh(due, today, 'ahead') : null };
    try {
      buildRegistration(decisionFields(dir, meeting, draft), dir, calendar, today);
    } catch (error) {
      if (error instanceof UserError) throw new UserError(`${where}：${error.message}`, error.article);
      throw error;
    }
    return draft;
  });
  if (!drafts.length) throw new UserError(`请在 /会议 纪要 <会议编号> 后写明议定事项（每条一行，或用「；」分隔）。例如：${MINUTES_EXAMPLE}`);
  if (drafts.length > MAX_DECISIONS) throw new UserError(`议定事项太多（最多 ${MAX_DECISIONS} 条），请分次整理。`);
  return drafts;
}

/** The office files the minutes (or redrafts returned ones): the decisions replace any earlier draft. */
export async function fileMinutes(ctx: ReplyingContext, meetingId: string, lines: readonly string[]): Promise<void> {
  assertOffice(ctx.actor);
  const meeting = await loadMeeting(ctx.db, Number(meetingId));
  if (!meeting) throw new UserError(`没有会议编号 ${meetingId}，请核对。例如：${MINUTES_EXAMPLE}`);
  const today = localDate(ctx.now);
  if (meeting.meetingDate > today) throw new UserError(`该会议定于 ${formatDateZh(meeting.meetingDate)} 召开，会后才能报送纪要。`);
  if (meeting.minutesStatus === 'in_review') throw new UserError('该会议纪要正在审核签发中，不能重复报送。');
  if (meeting.minutesStatus === 'signed') throw new UserError('该会议纪要已签发，议定事项已转为督查事项。');
  const drafts = parseDecisions(ctx.dir, meeting, lines, await ctx.calendar(), today);
  const { db, effects } = ctx;
  let id = await nextMatterId(db);
  const matters: MeetingMatter[] = drafts.map((d) => ({
    id: id++,
    meetingId: meeting.id,
    kind: 'decision',
    title: d.title,
    unitId: d.unitId,
    touchesRules: false,
    legalityReviewed: false,
    dueOn: d.dueOn,
    itemId: null,
    status: 'draft',
    createdBy: ctx.actor.id,
    createdAt: ctx.now,
  }));
  const previous = (await decisionsOf(db, meeting.id)).map((m) => m.id);
  const round = meeting.minutesStatus === 'returned' ? await nextRound(ctx, meeting.id) : 1;
  effects.conflictMessage = '该会议纪要刚刚已被报送，请查看最新卡片。';
  effects.statements.push(
    db
      .update(meetings)
      .set({ minutesStatus: 'in_review', minutesText: lines.join('\n'), updatedAt: ctx.now })
      .where(and(eq(meetings.id, meeting.id), eq(meetings.minutesStatus, meeting.minutesStatus))),
    ...(previous.length ? [db.delete(meetingMatters).where(inArray(meetingMatters.id, previous))] : []),
    ...matters.map((m) => db.insert(meetingMatters).values(m)),
  );
  const view = minutesView(ctx.dir, { ...meeting, minutesStatus: 'in_review' }, matters);
  await startSignoff(ctx, minutesAdapter, view, minutesChain(ctx.dir, meeting.kind, meeting.hostId), round);
}

async function nextRound(ctx: ReplyingContext, meetingId: number): Promise<number> {
  return ((await currentRound(ctx.db, 'minutes', meetingId))[0]?.round ?? 0) + 1;
}

function minutesView(dir: Directory, meeting: Meeting, decisions: readonly MeetingMatter[]): SubjectView {
  const status = meeting.minutesStatus === 'signed' ? 'approved' : meeting.minutesStatus === 'returned' ? 'returned' : 'in_review';
  return {
    type: 'minutes',
    id: meeting.id,
    title: `${MEETINGS[meeting.kind].zh}纪要 · ${meeting.title}`,
    requesterId: meeting.createdBy,
    status,
    fields: [
      { label: '会议日期', value: formatDateZh(meeting.meetingDate) },
      { label: '主持人', value: dir.person(meeting.hostId)?.name ?? meeting.hostId },
      ...decisions.map((d, i) => ({
        label: `议定事项${i + 1}`,
        value: `${d.title}（主办 ${dir.unit(d.unitId)?.name ?? d.unitId}${d.dueOn ? `，期限 ${d.dueOn}` : ''}${d.itemId ? `，督查事项 ${d.itemId}` : ''}）`,
      })),
    ],
    article: MINUTES_ARTICLE,
    quote: MINUTES_QUOTES[meeting.kind],
  };
}

/** Signed minutes: each decision registered as a supervision draft, sent to the office to issue (Art. 40 分解立项). */
async function registerDecisions(ctx: DomainContext, meeting: Meeting): Promise<{ text: string; fields: SubjectView['fields'] }> {
  const decisions = await decisionsOf(ctx.db, meeting.id);
  const calendar = await ctx.calendar();
  const today = localDate(ctx.now);
  const year = Number(today.slice(0, 4));
  let seq = await nextSeq(ctx.db, year);
  const ids: string[] = [];
  const registered: MeetingMatter[] = [];
  for (const decision of decisions) {
    const registration = buildRegistration(decisionFields(ctx.dir, meeting, decision), ctx.dir, calendar, today);
    const id = formatItemNumber(year, seq);
    const item: SupervisionItem = {
      id,
      year,
      seq: seq++,
      ...itemFacts(registration),
      dueMetAt: null,
      status: 'draft',
      approvalLeaderId: null,
      assigningLeaderId: null,
      replyText: null,
      publish: null,
      createdBy: meeting.createdBy,
      createdAt: ctx.now,
      issuedAt: null,
      completedAt: null,
      archivedAt: null,
      updatedAt: ctx.now,
      version: 1,
    };
    ctx.effects.statements.push(
      // A concurrent registration that took the same number makes this unit lose cleanly (the head clicks again).
      ctx.db.insert(supervisionItems).values(item).onConflictDoNothing(),
      expectChanged(ctx.db),
      ctx.db.update(meetingMatters).set({ itemId: id, status: 'approved' }).where(eq(meetingMatters.id, decision.id)),
    );
    auditItem(
      ctx,
      id,
      'registered',
      `${ctx.actor.name} 签发${MEETINGS[meeting.kind].zh}纪要（${meeting.title}），议定事项登记立项，办理期限 ${formatDateZh(item.dueOn)}`,
      { source: item.source, dueOn: item.dueOn, meetingId: meeting.id, matterId: decision.id },
    );
    const detail = {
      item,
      milestones: registration.milestones.map((m, i) => ({ itemId: id, seq: i + 1, dueOn: m.dueOn, title: m.title })),
      acks: [],
      plans: [],
      reports: [],
      extensions: [],
    };
    ctx.effects.statements.push(...detail.milestones.map((m) => ctx.db.insert(supervisionMilestones).values(m)));
    ctx.effects.pushes.push({
      to: toUnitChat(govOfficeId(ctx.dir)),
      message: cardMessage(approvalCard(detail, ctx.dir)),
      subject: approvalSubject(id),
      key: `meeting:${meeting.id}:decision:${decision.id}:item`,
    });
    ids.push(`${id}（期限 ${item.dueOn}）`);
    registered.push({ ...decision, itemId: id, status: 'approved' });
  }
  return {
    text: ids.length ? `议定事项已登记为督查事项：${ids.join('、')}。` : '',
    fields: minutesView(ctx.dir, { ...meeting, minutesStatus: 'signed' }, registered).fields,
  };
}

export const minutesAdapter: SubjectAdapter = {
  type: 'minutes',
  zh: '会议纪要',
  async load(ctx, id) {
    const meeting = await loadMeeting(ctx.db, id);
    return meeting && meeting.minutesStatus !== 'none' ? minutesView(ctx.dir, meeting, await decisionsOf(ctx.db, id)) : undefined;
  },
  async chain(ctx, id) {
    const meeting = await loadMeeting(ctx.db, id);
    return minutesChain(ctx.dir, meeting!.kind, meeting!.hostId);
  },
  setStatus(ctx, id, status) {
    const to = status === 'approved' ? 'signed' : status;
    const from = statusBefore(status);
    return [
      ctx.db
        .update(meetings)
        .set({ minutesStatus: to, updatedAt: ctx.now })
        .where(and(eq(meetings.id, id), eq(meetings.minutesStatus, from))),
    ];
  },
  async onApproved(ctx, id) {
    const meeting = await loadMeeting(ctx.db, id);
    return meeting ? registerDecisions(ctx, meeting) : undefined;
  },
};
