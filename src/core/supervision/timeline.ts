/** `/督办 查看`: the item with its full timeline (audit_log rows with subject_type 'item'). */
import { and, asc, eq } from 'drizzle-orm';
import type { AppDb } from '../../../db/types';
import { auditLog } from '../../../db/schema';
import { md, mdJoin, mdSource, type Block, type Card } from '../messages';
import { formatInstantZh } from '../time';
import { noticeCard } from './cards';
import { itemLight, type ItemLight } from './light';
import { authorize } from './permissions';
import { requireDetail } from './store';
import { urgeBlock } from './urge';
import { itemAttachments } from '../attachments/record';
import { loadReportLabel } from '../attachments/labels';
import { hasRole, isGovernmentLeader } from '../org/types';
import type { Directory } from '../org/directory';
import { REPORT_KIND_ZH, REPORT_STATUS_ZH, type ItemDetail, type Outcome, type SupervisionCtx } from './types';

export interface TimelineEntry {
  at: Date;
  action: string;
  zh: string;
}

export async function loadTimeline(db: AppDb, itemId: string): Promise<TimelineEntry[]> {
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.subjectType, 'item'), eq(auditLog.subjectId, itemId)))
    .orderBy(asc(auditLog.at), asc(auditLog.id));
  return rows.map((r) => ({ at: r.at, action: r.action, zh: String((r.detail as { zh?: string } | null)?.zh ?? r.action) }));
}

/** The notice as it stands (without buttons), every report with its rounds, and the timeline. */
/** 佐证材料 as the card lists them: what each is evidence for and who sent it; `link` opens them on /office. */
export interface AttachmentSummary {
  lines: Array<{ name: string; target: string; uploader: string }>;
  link?: string;
}

export async function attachmentSummary(db: AppDb, dir: Directory, itemId: string, link?: string): Promise<AttachmentSummary> {
  const rows = await itemAttachments(db, itemId);
  const lines = await Promise.all(
    rows.map(async (a) => ({
      name: a.name,
      target: await loadReportLabel(db, a.targetKind, a.targetId),
      uploader: dir.person(a.uploaderId)?.name ?? a.uploaderId,
    })),
  );
  return { lines, link };
}

export function timelineCard(detail: ItemDetail, dir: Directory, light: ItemLight, timeline: TimelineEntry[], attachments?: AttachmentSummary): Card {
  const notice = noticeCard(detail, dir, light);
  const blocks: Block[] = notice.blocks.filter((b) => b.type !== 'buttons' && !(b.type === 'note' && mdSource(b.text).startsWith('也可发送')));
  if (detail.plans.length) {
    blocks.push({
      type: 'markdown',
      text: md`**工作计划**\n${mdJoin(detail.plans.map((p) => md`- ${dir.unit(p.unitId)?.name ?? p.unitId}（${formatInstantZh(p.submittedAt)}）：${p.text}`))}`,
    });
  }
  if (detail.reports.length) {
    const lines = detail.reports.map((r) => {
      const extra = r.returnReason ? `；退回理由：${r.returnReason}` : r.sentBackReason ? `；审签意见：${r.sentBackReason}` : '';
      return md`- ${dir.unit(r.unitId)?.name ?? r.unitId} ${REPORT_KIND_ZH[r.kind]} 第${r.round}轮${r.late ? '（逾期）' : ''}：${REPORT_STATUS_ZH[r.status]}${extra}\n  ${r.text}`;
    });
    blocks.push({ type: 'markdown', text: md`**报告**\n${mdJoin(lines)}` });
  }
  if (attachments?.lines.length) {
    const lines = attachments.lines.map((a) => md`- ${a.name}（${a.target} · ${a.uploader}）`);
    blocks.push({ type: 'markdown', text: md`**佐证材料**（${attachments.lines.length} 份）\n${mdJoin(lines)}` });
    if (attachments.link) blocks.push({ type: 'note', text: md`在督办台查看佐证材料：${attachments.link}` });
  }
  blocks.push({ type: 'divider' });
  blocks.push({ type: 'markdown', text: md`**办理时间线**\n${mdJoin(timeline.map((t) => md`- ${formatInstantZh(t.at)} ${t.zh}`))}` });
  return { title: `督查事项 · ${detail.item.id}`, colour: notice.colour, blocks };
}

/** `link` turns a path of this service into what a person can open (PUBLIC_BASE_URL). */
export async function viewItem(ctx: SupervisionCtx, itemId: string, link?: (path: string) => string): Promise<Outcome> {
  const detail = await requireDetail(ctx.db, itemId);
  authorize(ctx.dir, ctx.actor, 'view', { item: detail.item });
  const light = itemLight(detail.item, await ctx.calendar(), ctx.now);
  // The link opens the office dashboard, which only the office and leaders can use.
  const opensOffice = hasRole(ctx.actor, 'office_staff') || isGovernmentLeader(ctx.actor);
  const attachments = await attachmentSummary(ctx.db, ctx.dir, detail.item.id, opensOffice ? link?.(`/office/items/${detail.item.id}#attachments`) : undefined);
  const card = timelineCard(detail, ctx.dir, light, await loadTimeline(ctx.db, detail.item.id), attachments);
  // The office's view carries its 催办 (Art. 40); others only read.
  if (hasRole(ctx.actor, 'office_staff')) card.blocks.push(...urgeBlock(detail.item));
  return { text: `督查事项 ${detail.item.id}`, card };
}
