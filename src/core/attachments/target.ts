import { and, desc, eq, gte, lte } from 'drizzle-orm';
import type { AppDb } from '../../../db/types';
import { documents, supervisionExtensions, supervisionPlans, supervisionReports } from '../../../db/schema';
import type { DocumentRow } from '../documents/types';
import { hasRole } from '../org/types';
import { UserError } from '../errors';
import type { Directory } from '../org/directory';
import type { Person } from '../org/types';
import { actorUnitsOn } from '../supervision/permissions';
import { loadItem } from '../supervision/store';
import { awaySet } from '../leave/store';
import { localDate } from '../time';
import { REPORT_KIND_ZH, type Extension, type Plan, type Report, type SupervisionItem } from '../supervision/types';

/** What an attachment is evidence for: one plan, report or extension request of one item, or a 来文. */
export type AttachTarget =
  | {
      kind: 'report' | 'plan' | 'extension';
      item: SupervisionItem;
      id: string;
      /** `办理进展报告（第1轮）`, as the confirmation and the timeline name it. */
      label: string;
      /** The report itself, when it is one: its card shows the count. */
      report?: Report;
      /** The plan, when it is one, and its number on the item (its card's subject): its card shows the count. */
      plan?: { row: Plan; no: number };
      /** The extension request, when it is one, and who is away today (its card names the stand-in). */
      extension?: { row: Extension; away: ReadonlySet<string> };
    }
  | { kind: 'document'; document: DocumentRow; id: string; label: string };

/** `DB-2026-0001「冬季供暖投诉处理」的办理进展报告（第1轮）` / `来文 牡政发〔2026〕12号「…」`. */
export function targetName(t: AttachTarget): string {
  if (t.kind === 'document') return `来文${t.document.reference ? ` ${t.document.reference}` : ''}「${t.document.title}」`;
  return `${t.item.id}「${t.item.title}」的${t.label}`;
}

/** A 来文's own attachments (the scanned original, its annexes): added by the office, who registers it. */
export async function documentTarget(db: AppDb, actor: Person, id: number): Promise<AttachTarget> {
  const [document] = await db.select().from(documents).where(eq(documents.id, id));
  if (!document) throw new UserError(HOW_TO_ATTACH);
  if (!hasRole(actor, 'office_staff')) throw new UserError('来文的附件只能由区政府办督查人员添加。');
  return { kind: 'document', document, id: String(document.id), label: '来文' };
}

/** A file sent this soon after the person's own report (plan, extension request) belongs to it. */
export const ATTACH_WINDOW_MS = 10 * 60_000;

export const HOW_TO_ATTACH = '要添加佐证材料，请在事项或报告卡片上「回复」发送图片或文件，或在报送后 10 分钟内直接发送。其他操作请发送 /帮助 查看全部命令。';

const reportLabel = (r: { kind: keyof typeof REPORT_KIND_ZH; round: number }) => `${REPORT_KIND_ZH[r.kind]}（第${r.round}轮）`;

async function requireItem(db: AppDb, itemId: string): Promise<SupervisionItem> {
  const item = await loadItem(db, itemId);
  if (!item) throw new UserError(HOW_TO_ATTACH);
  return item;
}

function requireUnitMember(dir: Directory, actor: Person, item: SupervisionItem, unitId: string): void {
  if (!actorUnitsOn(dir, actor, item).includes(unitId))
    throw new UserError(`只有${dir.unit(unitId)?.name ?? '承办单位'}的主要领导和联络员可以为该单位的报送添加佐证材料。`);
}

async function reportTarget(db: AppDb, dir: Directory, actor: Person, id: number): Promise<AttachTarget> {
  const [report] = await db.select().from(supervisionReports).where(eq(supervisionReports.id, id));
  if (!report) throw new UserError(HOW_TO_ATTACH);
  const item = await requireItem(db, report.itemId);
  requireUnitMember(dir, actor, item, report.unitId);
  return { item, kind: 'report', id: String(report.id), label: reportLabel(report), report };
}

async function extensionTarget(db: AppDb, dir: Directory, actor: Person, id: number, now: Date): Promise<AttachTarget> {
  const [extension] = await db.select().from(supervisionExtensions).where(eq(supervisionExtensions.id, id));
  if (!extension) throw new UserError(HOW_TO_ATTACH);
  const item = await requireItem(db, extension.itemId);
  requireUnitMember(dir, actor, item, extension.unitId);
  return {
    item,
    kind: 'extension',
    id: String(extension.id),
    label: `延期申请（申请延至 ${extension.requestedDue}）`,
    extension: { row: extension, away: await awaySet(db, localDate(now)) },
  };
}

/**
 * A download's target again when the file has arrived (the person's right to attach was checked when
 * the message came in): the row as it is now, so the count on its card starts from the latest.
 */
export async function targetAgain(
  db: AppDb,
  item: SupervisionItem,
  kind: 'report' | 'plan' | 'extension',
  id: string,
  now: Date,
): Promise<AttachTarget | undefined> {
  if (kind === 'report') {
    const [report] = await db
      .select()
      .from(supervisionReports)
      .where(eq(supervisionReports.id, Number(id)));
    return report && { item, kind, id, label: reportLabel(report), report };
  }
  if (kind === 'plan') {
    const [plan] = await db
      .select()
      .from(supervisionPlans)
      .where(eq(supervisionPlans.id, Number(id)));
    return plan && planTarget(db, plan);
  }
  const [extension] = await db
    .select()
    .from(supervisionExtensions)
    .where(eq(supervisionExtensions.id, Number(id)));
  return (
    extension && {
      item,
      kind,
      id,
      label: `延期申请（申请延至 ${extension.requestedDue}）`,
      extension: { row: extension, away: await awaySet(db, localDate(now)) },
    }
  );
}

/** A plan, with its number among the item's plans (the subject its card was sent under). */
async function planTarget(db: AppDb, plan: Plan): Promise<AttachTarget> {
  const item = await requireItem(db, plan.itemId);
  const earlier = await db
    .select({ id: supervisionPlans.id })
    .from(supervisionPlans)
    .where(and(eq(supervisionPlans.itemId, plan.itemId), lte(supervisionPlans.id, plan.id)));
  return { item, kind: 'plan', id: String(plan.id), label: '工作计划', plan: { row: plan, no: earlier.length } };
}

async function redoTarget(db: AppDb, dir: Directory, actor: Person, returnedId: number): Promise<AttachTarget> {
  const [returned] = await db.select().from(supervisionReports).where(eq(supervisionReports.id, returnedId));
  if (!returned) throw new UserError(HOW_TO_ATTACH);
  const [latest] = await db
    .select()
    .from(supervisionReports)
    .where(and(eq(supervisionReports.itemId, returned.itemId), eq(supervisionReports.unitId, returned.unitId)))
    .orderBy(desc(supervisionReports.id))
    .limit(1);
  return reportTarget(db, dir, actor, latest?.id ?? returnedId);
}

/** Replying to the item's notice: the unit's latest report on it, else its latest plan. */
async function itemTarget(db: AppDb, dir: Directory, actor: Person, itemId: string): Promise<AttachTarget> {
  const item = await requireItem(db, itemId);
  const units = actorUnitsOn(dir, actor, item);
  if (!units.length) throw new UserError('您不是该事项承办单位的主要领导或联络员，不能添加佐证材料。');
  for (const unitId of units) {
    const [report] = await db
      .select()
      .from(supervisionReports)
      .where(and(eq(supervisionReports.itemId, itemId), eq(supervisionReports.unitId, unitId)))
      .orderBy(desc(supervisionReports.id))
      .limit(1);
    if (report) return { item, kind: 'report', id: String(report.id), label: reportLabel(report), report };
    const [plan] = await db
      .select()
      .from(supervisionPlans)
      .where(and(eq(supervisionPlans.itemId, itemId), eq(supervisionPlans.unitId, unitId)))
      .orderBy(desc(supervisionPlans.id))
      .limit(1);
    if (plan) return planTarget(db, plan);
  }
  throw new UserError(`${itemId} 您单位还没有报送计划或报告：请先报送，再发送佐证材料。`);
}

/**
 * Where a file sent to the bot belongs. `parentSubject`: the subject of the card the person replied
 * to (delivered_messages), e.g. `report:12:signer`, `item:DB-2026-0001:unit:zjj`. Without one, the
 * person's own plan, report or extension request of the last ten minutes. Throws the Chinese
 * explanation when there is none, or when the person may not attach to it.
 */
export async function attachTarget(db: AppDb, dir: Directory, actor: Person, parentSubject: string | undefined, now: Date): Promise<AttachTarget> {
  if (parentSubject) {
    const [kind, id] = parentSubject.split(':');
    // A returned report's card: the evidence is for the redo, i.e. the unit's latest report by then.
    if (kind === 'report' && id && parentSubject.endsWith(':returned')) return redoTarget(db, dir, actor, Number(id));
    if (kind === 'report' && id) return reportTarget(db, dir, actor, Number(id));
    if (kind === 'extension' && id) return extensionTarget(db, dir, actor, Number(id), now);
    if ((kind === 'item' || kind === 'item-approval') && id) return itemTarget(db, dir, actor, id);
    if (kind === 'document' && id) return documentTarget(db, actor, Number(id));
  }
  const since = new Date(now.getTime() - ATTACH_WINDOW_MS);
  const [report] = await db
    .select()
    .from(supervisionReports)
    .where(and(eq(supervisionReports.authorId, actor.id), gte(supervisionReports.createdAt, since)))
    .orderBy(desc(supervisionReports.createdAt))
    .limit(1);
  const [plan] = await db
    .select()
    .from(supervisionPlans)
    .where(and(eq(supervisionPlans.authorId, actor.id), gte(supervisionPlans.submittedAt, since)))
    .orderBy(desc(supervisionPlans.submittedAt))
    .limit(1);
  const [extension] = await db
    .select()
    .from(supervisionExtensions)
    .where(and(eq(supervisionExtensions.requestedBy, actor.id), gte(supervisionExtensions.createdAt, since)))
    .orderBy(desc(supervisionExtensions.createdAt))
    .limit(1);
  const latest = [
    report && { at: report.createdAt.getTime(), run: () => reportTarget(db, dir, actor, report.id) },
    plan && {
      at: plan.submittedAt.getTime(),
      run: () => planTarget(db, plan),
    },
    extension && { at: extension.createdAt.getTime(), run: () => extensionTarget(db, dir, actor, extension.id, now) },
  ]
    .filter((c): c is { at: number; run: () => Promise<AttachTarget> } => Boolean(c))
    .sort((a, b) => b.at - a.at)[0];
  if (!latest) throw new UserError(HOW_TO_ATTACH);
  return latest.run();
}
