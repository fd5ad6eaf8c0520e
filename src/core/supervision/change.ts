/** Building blocks every supervision action uses: guarded writes, audit lines, card refreshes. */
import { and, eq } from 'drizzle-orm';
import { expectChanged, type Statement } from '../../../db/atomic';
import { supervisionItems, supervisionReports, supervisionExtensions } from '../../../db/schema';
import { citing, UserError } from '../errors';
import { OFFICE } from './audience';
import {
  approvalCard,
  extensionCard,
  extensionSubject,
  itemSubject,
  approvalSubject,
  noticeCard,
  REPORT_AUDIENCES,
  reportCard,
  reportSubject,
  unitAudience,
} from './cards';
import { itemLight } from './light';
import type { Extension, ItemDetail, Report, SupervisionCtx, SupervisionItem } from './types';

/**
 * Every change to an item bumps its version with `WHERE version = ?` followed by expectChanged,
 * so two simultaneous changes to one item produce exactly one (the other is told to refresh).
 */
export function updateItem(ctx: SupervisionCtx, item: SupervisionItem, set: Partial<SupervisionItem>): { statements: Statement[]; next: SupervisionItem } {
  const next = { ...item, ...set, version: item.version + 1, updatedAt: ctx.now };
  const { id: _id, ...values } = next;
  return {
    next,
    statements: [
      ctx.db
        .update(supervisionItems)
        .set(values)
        .where(and(eq(supervisionItems.id, item.id), eq(supervisionItems.version, item.version))),
      expectChanged(ctx.db),
    ],
  };
}

export function updateReport(ctx: SupervisionCtx, report: Report, set: Partial<Report>): { statements: Statement[]; next: Report } {
  const next = { ...report, ...set, version: report.version + 1 };
  const { id: _id, ...values } = next;
  return {
    next,
    statements: [
      ctx.db
        .update(supervisionReports)
        .set(values)
        .where(and(eq(supervisionReports.id, report.id), eq(supervisionReports.version, report.version))),
      expectChanged(ctx.db),
    ],
  };
}

export function updateExtension(ctx: SupervisionCtx, extension: Extension, set: Partial<Extension>): { statements: Statement[]; next: Extension } {
  const next = { ...extension, ...set, version: extension.version + 1 };
  const { id: _id, ...values } = next;
  return {
    next,
    statements: [
      ctx.db
        .update(supervisionExtensions)
        .set(values)
        .where(and(eq(supervisionExtensions.id, extension.id), eq(supervisionExtensions.version, extension.version))),
      expectChanged(ctx.db),
    ],
  };
}

/** One line of the item's timeline (audit_log, subject_type 'item'); `zh` is what the timeline shows. */
export function auditItem(ctx: SupervisionCtx, itemId: string, action: string, zh: string, detail: Record<string, unknown> = {}): void {
  ctx.effects.audits.push({ subjectType: 'item', subjectId: itemId, action, detail: { zh, ...detail } });
}

export const CONFLICT_MESSAGE = '该督查事项刚刚已被他人处理，请刷新卡片或发送 /督办 查看 查看最新状态后再操作。';

/**
 * The notice card of the item (and, while it is a draft or just issued, the approval card),
 * updated everywhere they were sent: each audience's copy under its own subject.
 */
export async function refreshItemCards(ctx: SupervisionCtx, detail: ItemDetail, options: { approval?: boolean } = {}): Promise<void> {
  const { item } = detail;
  ctx.effects.conflictMessage ??= CONFLICT_MESSAGE;
  if (options.approval || item.status === 'draft') {
    for (const audience of ['office', 'approver'] as const) {
      const subject = approvalSubject(item.id, audience);
      ctx.effects.refreshes.push({
        subject,
        card: approvalCard(detail, ctx.dir, audience === 'office' ? OFFICE : { kind: 'approver' }),
        key: `${subject}:v${item.version}`,
      });
    }
  }
  if (item.status !== 'draft') {
    const light = itemLight(item, await ctx.calendar(), ctx.now);
    ctx.effects.refreshes.push({
      subject: itemSubject(item.id),
      card: noticeCard(detail, ctx.dir, light, OFFICE),
      key: `${itemSubject(item.id)}:v${item.version}`,
    });
    for (const unitId of [item.leadUnitId, ...item.assistingUnitIds]) {
      const subject = itemSubject(item.id, unitId);
      ctx.effects.refreshes.push({ subject, card: noticeCard(detail, ctx.dir, light, unitAudience(detail, unitId)), key: `${subject}:v${item.version}` });
    }
  }
}

export function refreshReportCard(ctx: SupervisionCtx, report: Report, item: SupervisionItem): void {
  for (const audience of REPORT_AUDIENCES) {
    const subject = reportSubject(report.id, audience);
    ctx.effects.refreshes.push({ subject, card: reportCard(report, item, ctx.dir, audience), key: `${subject}:v${report.version}` });
  }
}

export function refreshExtensionCard(ctx: SupervisionCtx, extension: Extension, item: SupervisionItem): void {
  ctx.effects.refreshes.push({
    subject: extensionSubject(extension.id),
    card: extensionCard(extension, item, ctx.dir),
    key: `${extensionSubject(extension.id)}:v${extension.version}`,
  });
}

const ARCHIVED = (id: string) => citing(40, `督查事项 ${id} 已归档，只读，不能再修改。`);

/** Refuses anything on an archived item (read-only, Art. 40 办结归档). */
export function assertNotArchived(item: SupervisionItem): void {
  if (item.status === 'archived') throw new UserError(ARCHIVED(item.id), 40);
}

/** Units act only on issued, open items. */
export function assertOpenForUnits(item: SupervisionItem, what: string): void {
  assertNotArchived(item);
  if (item.status === 'draft') throw new UserError(`督查事项 ${item.id} 尚未交办，交办后才能${what}。`);
  if (item.status === 'completed') throw new UserError(`督查事项 ${item.id} 已办结，不能再${what}。`);
}
