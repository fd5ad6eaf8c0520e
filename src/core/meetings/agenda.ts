/**
 * 议题 (Art. 54): proposed after the supervising deputy's review, reviewed by the executive deputy,
 * approved by the head; an item touching rules or normative documents needs a passed legality
 * review first, or it cannot go on the agenda.
 *
 *   /会议 议题 会议=3 标题=老旧小区改造实施方案 单位=住建局 涉及规范性文件=否
 */
import { and, eq } from 'drizzle-orm';
import { meetingMatters } from '../../../db/schema';
import type { DomainContext, ReplyingContext } from '../context';
import { citing, UserError } from '../errors';
import { hasRole } from '../org/types';
import { isLiaison } from '../supervision/permissions';
import { startSignoff } from '../signoffs/engine';
import { statusBefore, type SubjectAdapter, type SubjectView } from '../signoffs/types';
import { formatDateZh, localDate } from '../time';
import { keyValues, required, yesNo } from './args';
import { AGENDA_ARTICLE, AGENDA_QUOTE, agendaChain, LEGALITY_QUOTE, MEETINGS } from './policy';
import { loadMatter, loadMeeting, nextMatterId, type MeetingMatter } from './store';

export const AGENDA_KEYS = ['会议', '标题', '单位', '涉及规范性文件', '合法性审核'] as const;
export const AGENDA_EXAMPLE = '/会议 议题 会议=3 标题=老旧小区改造实施方案 单位=住建局 涉及规范性文件=是 合法性审核=已通过';

const PASSED = ['已通过', '通过', '已审核', '合法'];

export async function proposeAgendaItem(ctx: ReplyingContext, args: string): Promise<void> {
  const { dir, actor, db } = ctx;
  const f = keyValues(args, AGENDA_KEYS, AGENDA_EXAMPLE);
  const meeting = await loadMeeting(db, Number(required(f.会议, '会议编号（会议=）', AGENDA_EXAMPLE)));
  if (!meeting) throw new UserError(`没有会议编号 ${f.会议}，请核对「会议=」（安排会议后卡片上有会议编号）。`);
  if (meeting.kind === 'topic') throw new UserError(citing(53, '专题会议的议题和出席人员由会议主持人确定，无需走议题审核流程。'));
  if (meeting.meetingDate < localDate(ctx.now)) throw new UserError(`该会议（${formatDateZh(meeting.meetingDate)}）已经召开，不能再提交议题。`);
  const title = required(f.标题, '议题标题（标题=）', AGENDA_EXAMPLE);
  const unit = f.单位 ? dir.unitByName(f.单位) : dir.unit(actor.unitId);
  if (!unit) throw new UserError(`通讯录中没有单位「${f.单位}」，请核对「单位=」。`);
  const own = unit.headId === actor.id || isLiaison(actor, unit.id);
  if (!own && !hasRole(actor, 'office_staff')) throw new UserError(`只有${unit.name}的主要负责人、联络员或区政府办督查人员可以提交该单位的议题。`);
  const touchesRules = yesNo(f.涉及规范性文件, '涉及规范性文件');
  const review = (f.合法性审核 ?? '').trim();
  const reviewed = PASSED.includes(review);
  if (touchesRules && !reviewed) {
    throw new UserError(citing(AGENDA_ARTICLE, `${LEGALITY_QUOTE}。请先履行合法性审核程序，审核通过后写「合法性审核=已通过」再提交。`));
  }
  const matter: MeetingMatter = {
    id: await nextMatterId(db),
    meetingId: meeting.id,
    kind: 'agenda',
    title,
    unitId: unit.id,
    touchesRules,
    legalityReviewed: reviewed,
    dueOn: null,
    itemId: null,
    status: 'in_review',
    createdBy: actor.id,
    createdAt: ctx.now,
  };
  ctx.effects.conflictMessage = '刚才有另一条议题同时提交，本次未保存，请重新发送。';
  ctx.effects.statements.push(db.insert(meetingMatters).values(matter).onConflictDoNothing());
  await startSignoff(
    ctx,
    agendaAdapter,
    agendaView(ctx, matter, `${MEETINGS[meeting.kind].zh}（${formatDateZh(meeting.meetingDate)}，会议编号 ${meeting.id}）`),
    agendaChain(dir, unit.id),
  );
}

function agendaView(ctx: Pick<DomainContext, 'dir'>, matter: MeetingMatter, meetingLine: string): SubjectView {
  return {
    type: 'agenda',
    id: matter.id,
    title: matter.title,
    requesterId: matter.createdBy,
    status: matter.status === 'draft' ? 'in_review' : matter.status,
    fields: [
      { label: '会议', value: meetingLine },
      { label: '汇报单位', value: ctx.dir.unit(matter.unitId)?.name ?? matter.unitId },
      {
        label: '合法性审核',
        value: matter.touchesRules ? (matter.legalityReviewed ? '涉及规范性文件，已通过合法性审核' : '涉及规范性文件，未审核') : '不涉及法规规章和规范性文件',
      },
    ],
    article: AGENDA_ARTICLE,
    quote: AGENDA_QUOTE,
  };
}

export const agendaAdapter: SubjectAdapter = {
  type: 'agenda',
  zh: '议题',
  async load(ctx, id) {
    const matter = await loadMatter(ctx.db, id);
    if (matter?.kind !== 'agenda') return undefined;
    const meeting = await loadMeeting(ctx.db, matter.meetingId);
    return agendaView(
      ctx,
      matter,
      meeting ? `${MEETINGS[meeting.kind].zh}（${formatDateZh(meeting.meetingDate)}，会议编号 ${meeting.id}）` : String(matter.meetingId),
    );
  },
  async chain(ctx, id) {
    const matter = await loadMatter(ctx.db, id);
    return agendaChain(ctx.dir, matter!.unitId);
  },
  setStatus(ctx, id, status) {
    const from = statusBefore(status);
    return [
      ctx.db
        .update(meetingMatters)
        .set({ status })
        .where(and(eq(meetingMatters.id, id), eq(meetingMatters.status, from))),
    ];
  },
};
