/**
 * A unit's district-wide meeting (Art. 57): "部门召开的全区性会议，原则上每年不超过1次。部门应事先征得区政府
 * 分管领导同意后，再按程序报区政府审批" — the supervising deputy consents, then the head approves for the
 * district government. A second one in a calendar year is refused citing the article, unless the
 * office files it with a recorded reason.
 *
 *   /全区会议 名称=全区安全生产工作会议 日期=12月18日
 *   /全区会议 名称=全区安全生产推进会 日期=12月28日 单位=住建局 例外理由=省里临时部署专项整治
 */
import { and, eq, inArray, max } from 'drizzle-orm';
import { unitMeetings } from '../../../db/schema';
import type { ReplyingContext } from '../context';
import { parseDateZh } from '../dates/parse-zh';
import { citing, UserError } from '../errors';
import { hasRole } from '../org/types';
import { startSignoff } from '../signoffs/engine';
import { statusBefore, type ChainStep, type SubjectAdapter, type SubjectView } from '../signoffs/types';
import { isLiaison } from '../supervision/permissions';
import { formatDateZh, localDate } from '../time';
import { keyValues, required } from './args';

export const UNIT_MEETING_ARTICLE = 57;
export const UNIT_MEETING_QUOTE = '部门召开的全区性会议，原则上每年不超过1次。部门应事先征得区政府分管领导同意后，再按程序报区政府审批';
export const UNIT_MEETING_KEYS = ['名称', '日期', '单位', '例外理由'] as const;
export const UNIT_MEETING_EXAMPLE = '/全区会议 名称=全区安全生产工作会议 日期=12月18日';

type UnitMeeting = typeof unitMeetings.$inferSelect;

function chainOf(ctx: Pick<ReplyingContext, 'dir'>, unitId: string): ChainStep[] {
  return [
    { stage: '分管领导同意', addresseeId: ctx.dir.unit(unitId)?.supervisingDeputyId ?? null },
    { stage: '区政府审批', addresseeId: ctx.dir.holder('district_head')?.id ?? null },
  ];
}

export type UnitMeetingFields = Partial<Record<(typeof UNIT_MEETING_KEYS)[number], string>>;

export const parseUnitMeetingArgs = (args: string): UnitMeetingFields => keyValues(args, UNIT_MEETING_KEYS, UNIT_MEETING_EXAMPLE);

export async function requestUnitMeeting(ctx: ReplyingContext, f: UnitMeetingFields): Promise<void> {
  const { db, dir, actor } = ctx;
  const title = required(f.名称, '会议名称（名称=）', UNIT_MEETING_EXAMPLE);
  const today = localDate(ctx.now);
  const date = parseDateZh(required(f.日期, '会议日期（日期=）', UNIT_MEETING_EXAMPLE), today, 'ahead');
  if (date < today) throw new UserError(`会议日期 ${date} 已经过去，请核对「日期=」。`);
  const office = hasRole(actor, 'office_staff');
  const unit = f.单位 ? dir.unitByName(f.单位) : dir.unit(actor.unitId);
  if (!unit) throw new UserError(`通讯录中没有单位「${f.单位}」，请核对「单位=」。`);
  if (!office && unit.headId !== actor.id && !isLiaison(actor, unit.id))
    throw new UserError(`只有${unit.name}的主要负责人、联络员或区政府办督查人员可以申请该单位的全区性会议。`);
  const override = f.例外理由?.trim() || null;
  if (override && !office)
    throw new UserError(citing(UNIT_MEETING_ARTICLE, '超过每年1次的全区性会议须由区政府办登记例外理由，单位不能自行填写「例外理由=」。'));
  if (override && override.length > 200) throw new UserError('例外理由太长（最多 200 字），请精简。');
  const year = Number(date.slice(0, 4));
  const [earlier] = await db
    .select()
    .from(unitMeetings)
    .where(and(eq(unitMeetings.unitId, unit.id), eq(unitMeetings.year, year), inArray(unitMeetings.status, ['in_review', 'approved'])));
  if (earlier && !override) {
    throw new UserError(
      citing(
        UNIT_MEETING_ARTICLE,
        `部门召开的全区性会议，原则上每年不超过1次。${unit.name} ${year} 年已申请「${earlier.title}」（编号 ${earlier.id}，${formatDateZh(earlier.meetingDate)}），本次不予受理；确需召开的，请区政府办登记例外理由。`,
      ),
    );
  }
  const id = await nextId(ctx);
  const row: UnitMeeting = {
    id,
    unitId: unit.id,
    title,
    meetingDate: date,
    year,
    overrideReason: override,
    status: 'in_review',
    createdBy: actor.id,
    createdAt: ctx.now,
  };
  ctx.effects.conflictMessage = '刚才有另一份全区性会议申请同时提交，本次未保存，请重新发送。';
  ctx.effects.statements.push(db.insert(unitMeetings).values(row).onConflictDoNothing());
  if (override)
    ctx.effects.audits.push({
      subjectType: 'unit_meeting',
      subjectId: String(id),
      action: 'override',
      detail: { reason: override, earlierId: earlier?.id ?? null },
    });
  await startSignoff(ctx, unitMeetingAdapter, viewOf(ctx, row), chainOf(ctx, unit.id));
}

async function nextId(ctx: ReplyingContext): Promise<number> {
  const [row] = await ctx.db.select({ id: max(unitMeetings.id) }).from(unitMeetings);
  return (row?.id ?? 0) + 1;
}

function viewOf(ctx: Pick<ReplyingContext, 'dir'>, row: UnitMeeting): SubjectView {
  return {
    type: 'unit_meeting',
    id: row.id,
    title: row.title,
    requesterId: row.createdBy,
    status: row.status,
    fields: [
      { label: '申请单位', value: ctx.dir.unit(row.unitId)?.name ?? row.unitId },
      { label: '会议日期', value: formatDateZh(row.meetingDate) },
      ...(row.overrideReason ? [{ label: '本年度第二次（区政府办例外理由）', value: row.overrideReason }] : []),
    ],
    article: UNIT_MEETING_ARTICLE,
    quote: UNIT_MEETING_QUOTE,
  };
}

export const unitMeetingAdapter: SubjectAdapter = {
  type: 'unit_meeting',
  zh: '全区性会议申请',
  async load(ctx, id) {
    const [row] = await ctx.db.select().from(unitMeetings).where(eq(unitMeetings.id, id));
    return row && viewOf(ctx, row);
  },
  async chain(ctx, id) {
    const [row] = await ctx.db.select().from(unitMeetings).where(eq(unitMeetings.id, id));
    return chainOf(ctx, row!.unitId);
  },
  setStatus(ctx, id, status) {
    const from = statusBefore(status);
    return [
      ctx.db
        .update(unitMeetings)
        .set({ status })
        .where(and(eq(unitMeetings.id, id), eq(unitMeetings.status, from))),
    ];
  },
};
