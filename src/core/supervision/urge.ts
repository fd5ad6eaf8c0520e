/**
 * 催办 (Art. 40 催办督办: "区政府办要及时组织有关人员跟踪承办单位落实情况…加强催办督办，确保限时办结"):
 * office staff urge an item, and whoever it waits on gets an urgent message — the leader asked to
 * approve the draft or decide an extension (or whoever stands in for them, Art. 9, 11), the head
 * whose 审签 is pending, and the units carrying it out. Recorded in the timeline and the audit log;
 * at most once an hour per item, so a unit is urged, not flooded.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { auditLog, concurrencyGuard } from '../../../db/schema';
import { citing, UserError } from '../errors';
import { text, toPerson, type Block, type Recipient } from '../messages';
import { hasRole } from '../org/types';
import { formatDateZh, formatInstantZh, localDate, localTime } from '../time';
import { deciderNow } from '../todo/acting';
import { awaySet } from '../leave/store';
import { personName, unitName } from './cards';
import { auditItem } from './change';
import { unitRecipients } from './recipients';
import { requireDetail } from './store';
import { REPORT_KIND_ZH, type ItemDetail, type Outcome, type SupervisionCtx, type SupervisionItem } from './types';

const URGE_ACTION = 'urged';
/** One 催办 per item per hour. */
const URGE_INTERVAL_MS = 60 * 60_000;

interface Target {
  to: Recipient;
  tag: string;
  /** Who, for the timeline. */
  name: string;
  /** What they are urged to do. */
  what: string;
}

function targetsOf(ctx: SupervisionCtx, detail: ItemDetail, away: ReadonlySet<string>): Target[] {
  const { dir } = ctx;
  const { item } = detail;
  const targets: Target[] = [];
  const person = (addresseeId: string | null, what: string) => {
    const id = deciderNow(dir, away, addresseeId);
    if (!id || targets.some((t) => t.tag === `person:${id}`)) return;
    const standIn = id !== addresseeId ? `（代 ${personName(dir, addresseeId)}）` : '';
    targets.push({ to: toPerson(id), tag: `person:${id}`, name: `${personName(dir, id)}${standIn}`, what });
  };
  if (item.status === 'draft') {
    person(item.approvalLeaderId, '督查事项草稿待您审定交办');
    return targets;
  }
  for (const extension of detail.extensions) {
    if (extension.status === 'pending' && extension.deciderId)
      person(extension.deciderId, `${unitName(dir, extension.unitId)}申请延期至 ${formatDateZh(extension.requestedDue)}，待您审批`);
  }
  for (const report of detail.reports) {
    if (report.status === 'awaiting_signoff') person(dir.unit(report.unitId)?.headId ?? null, `${REPORT_KIND_ZH[report.kind]}（第${report.round}轮）待您审签`);
  }
  const acked = new Set(detail.acks.map((a) => a.unitId));
  for (const unitId of [item.leadUnitId, ...item.assistingUnitIds]) {
    // The lead unit carries the item; an assisting unit is urged while it has not even acknowledged.
    if (unitId !== item.leadUnitId && acked.has(unitId)) continue;
    const what = acked.has(unitId) ? `办理期限 ${formatDateZh(item.dueOn)}，请抓紧办理并报送进展` : '督查通知尚未签收，请立即签收并落实';
    for (const r of unitRecipients(dir, unitId)) targets.push({ ...r, name: unitName(dir, unitId), what });
  }
  return targets;
}

async function lastUrged(ctx: SupervisionCtx, itemId: string): Promise<Date | undefined> {
  const [row] = await ctx.db
    .select({ at: auditLog.at })
    .from(auditLog)
    .where(and(eq(auditLog.subjectType, 'item'), eq(auditLog.subjectId, itemId), eq(auditLog.action, URGE_ACTION)))
    .orderBy(desc(auditLog.at))
    .limit(1);
  return row?.at;
}

export async function urgeItem(ctx: SupervisionCtx, itemId: string | undefined): Promise<Outcome> {
  if (!hasRole(ctx.actor, 'office_staff')) throw new UserError(citing(40, '催办督办由区政府办督查人员进行，您没有催办权限。'));
  const detail = await requireDetail(ctx.db, itemId);
  const { item } = detail;
  if (!mayBeUrged(item)) {
    throw new UserError(
      item.status === 'draft'
        ? `督查事项 ${item.id} 还是草稿，尚未送领导审定，无需催办。`
        : `督查事项 ${item.id} 已${item.status === 'completed' ? '办结' : '归档'}，无需催办。`,
    );
  }
  const last = await lastUrged(ctx, item.id);
  if (last && ctx.now.getTime() - last.getTime() < URGE_INTERVAL_MS) {
    const next = new Date(last.getTime() + URGE_INTERVAL_MS);
    throw new UserError(`督查事项 ${item.id} 已于 ${formatInstantZh(last)} 催办过。同一事项每小时最多催办一次，请于 ${localTime(next)} 后再催办。`);
  }
  // Two office staff pressing at once: the guard fails the later commit once the first one's record exists.
  const since = new Date(ctx.now.getTime() - URGE_INTERVAL_MS);
  ctx.effects.statements.push(
    ctx.db
      .insert(concurrencyGuard)
      .select(
        sql`SELECT 0 AS ok WHERE EXISTS (SELECT 1 FROM ${auditLog} WHERE ${auditLog.subjectType} = 'item' AND ${auditLog.subjectId} = ${item.id} AND ${auditLog.action} = ${URGE_ACTION} AND ${auditLog.at} > ${since.getTime()})`,
      ),
  );
  ctx.effects.conflictMessage = `督查事项 ${item.id} 刚刚已有人催办。同一事项每小时最多催办一次。`;
  const targets = targetsOf(ctx, detail, await awaySet(ctx.db, localDate(ctx.now)));
  if (targets.length === 0) throw new UserError(`督查事项 ${item.id} 的审定领导及其代理人均请假外出，无人可催办，请区政府办转办。`);
  for (const target of targets) {
    ctx.effects.pushes.push({
      to: target.to,
      urgent: true,
      key: `urge:${item.id}:${ctx.now.getTime()}:${target.tag}`,
      message: text(
        `【催办】区政府办 ${ctx.actor.name} 催办督查事项 ${item.id}「${item.title}」：${target.what}。请确保限时办结（依据《工作规则》第四十条 催办督办）。`,
      ),
    });
  }
  const names = [...new Set(targets.map((t) => t.name))].join('、');
  auditItem(ctx, item.id, URGE_ACTION, `${ctx.actor.name} 催办，已提醒 ${names}（第四十条 催办督办）`, { to: targets.map((t) => t.tag) });
  return { text: `已催办 ${item.id}：已向 ${names} 发送催办提醒（第四十条 催办督办）。` };
}

/** Items someone can still be urged about: a draft sent for approval, or an open item. */
export const mayBeUrged = (item: SupervisionItem) =>
  (item.status === 'draft' && Boolean(item.approvalLeaderId)) || item.status === 'issued' || item.status === 'in_progress';

/** The 催办 button, for the office's view of an item. */
export function urgeBlock(item: SupervisionItem): Block[] {
  if (!mayBeUrged(item)) return [];
  return [{ type: 'buttons', buttons: [{ label: '催办', action: 'sup.urge', payload: { item: item.id }, style: 'danger', command: `/督办 催办 ${item.id}` }] }];
}
