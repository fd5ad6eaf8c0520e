import { asc, eq, max } from 'drizzle-orm';
import type { AppDb } from '../../../db/types';
import {
  supervisionAcks,
  supervisionExtensions,
  supervisionItems,
  supervisionMilestones,
  supervisionPlans,
  supervisionReports,
  supervisionSettings,
} from '../../../db/schema';
import { UserError } from '../errors';
import type { ItemDetail, SupervisionItem } from './types';

const NUMBER = /^DB-(\d{4})-(\d{1,4})$/;

/** `DB-2026-0001`, also typed as `db-2026-1` or with full-width characters. */
export function normaliseItemNumber(raw: string): string | undefined {
  const match = NUMBER.exec(raw.normalize('NFKC').trim().toUpperCase());
  if (!match) return undefined;
  return formatItemNumber(Number(match[1]), Number(match[2]));
}

export function formatItemNumber(year: number, seq: number): string {
  return `DB-${year}-${String(seq).padStart(4, '0')}`;
}

export async function loadItem(db: AppDb, id: string): Promise<SupervisionItem | undefined> {
  const [item] = await db.select().from(supervisionItems).where(eq(supervisionItems.id, id));
  return item;
}

export async function loadDetail(db: AppDb, id: string): Promise<ItemDetail | undefined> {
  const item = await loadItem(db, id);
  if (!item) return undefined;
  const [milestones, acks, plans, reports, extensions] = await Promise.all([
    db.select().from(supervisionMilestones).where(eq(supervisionMilestones.itemId, id)).orderBy(asc(supervisionMilestones.seq)),
    db.select().from(supervisionAcks).where(eq(supervisionAcks.itemId, id)).orderBy(asc(supervisionAcks.at)),
    db.select().from(supervisionPlans).where(eq(supervisionPlans.itemId, id)).orderBy(asc(supervisionPlans.id)),
    db.select().from(supervisionReports).where(eq(supervisionReports.itemId, id)).orderBy(asc(supervisionReports.id)),
    db.select().from(supervisionExtensions).where(eq(supervisionExtensions.itemId, id)).orderBy(asc(supervisionExtensions.id)),
  ]);
  return { item, milestones, acks, plans, reports, extensions };
}

/** The item a typed number names, with its detail, or a Chinese error saying how to find it. */
export async function requireDetail(db: AppDb, raw: string | undefined): Promise<ItemDetail> {
  if (!raw?.trim()) throw new UserError('请写明督查事项编号，例如 DB-2026-0001。发送 /台账 查看事项列表。');
  const id = normaliseItemNumber(raw);
  if (!id) throw new UserError(`「${raw.trim()}」不是督查事项编号，编号形如 DB-2026-0001。`);
  const detail = await loadDetail(db, id);
  if (!detail) throw new UserError(`没有督查事项 ${id}，请核对编号，或发送 /台账 查看事项列表。`);
  return detail;
}

export async function nextSeq(db: AppDb, year: number): Promise<number> {
  const [row] = await db
    .select({ seq: max(supervisionItems.seq) })
    .from(supervisionItems)
    .where(eq(supervisionItems.year, year));
  return (row?.seq ?? 0) + 1;
}

/**
 * Report and extension ids are chosen before the write so the same atomic unit can name them in
 * cards and buttons; the insert is guarded, so a concurrent writer that took the id loses cleanly.
 */
export async function nextReportId(db: AppDb): Promise<number> {
  const [row] = await db.select({ id: max(supervisionReports.id) }).from(supervisionReports);
  return (row?.id ?? 0) + 1;
}

export async function nextExtensionId(db: AppDb): Promise<number> {
  const [row] = await db.select({ id: max(supervisionExtensions.id) }).from(supervisionExtensions);
  return (row?.id ?? 0) + 1;
}

export async function loadReport(db: AppDb, id: number) {
  const [report] = await db.select().from(supervisionReports).where(eq(supervisionReports.id, id));
  return report;
}

export async function loadExtension(db: AppDb, id: number) {
  const [extension] = await db.select().from(supervisionExtensions).where(eq(supervisionExtensions.id, id));
  return extension;
}

export async function readSetting(db: AppDb, key: string): Promise<string | undefined> {
  const [row] = await db.select({ value: supervisionSettings.value }).from(supervisionSettings).where(eq(supervisionSettings.key, key));
  return row?.value;
}
