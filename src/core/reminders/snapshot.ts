/**
 * The supervision ledger as the reminder jobs read it: every item with its acknowledgements,
 * plans, reports, extensions and weekly-report weeks, loaded with one query per table (no `IN` lists,
 * so D1's bound-parameter limit never applies, and 10 000 items cost the same six queries).
 */
import { asc, inArray, sql } from 'drizzle-orm';
import type { Statement } from '../../../db/atomic';
import { isBatchDb } from '../../../db/in-chunks';
import { reusedStatement } from '../../../db/reused-statement';
import type { AppDb } from '../../../db/types';
import {
  concurrencyGuard,
  leaveRequests,
  supervisionAcks,
  supervisionExtensions,
  supervisionItems,
  supervisionPlans,
  supervisionReports,
  weeklyReportWeeks,
} from '../../../db/schema';
import type { Acknowledgement, Extension, ItemStatus, Plan, Report, SupervisionItem } from '../supervision/types';

export type WeeklyWeek = typeof weeklyReportWeeks.$inferSelect;

/** An item with what happened to it; `I` is the item as read (all its columns unless said). */
export interface ItemState<I extends LiveItem = SupervisionItem> {
  item: I;
  acks: Acknowledgement[];
  plans: Plan[];
  reports: Report[];
  extensions: Extension[];
  weeks: WeeklyWeek[];
}

/** Items not yet completed: what daily reminders are about (drafts wait for a leader's approval). */
export const LIVE_STATUSES: readonly ItemStatus[] = ['draft', 'issued', 'in_progress'];

/**
 * The columns of a live item the reminders and the to-do book read: not its content, reference,
 * reply or history. At 10 000 items the columns left out were half the cost of the read and of
 * the memory it holds (docs/daily-jobs-at-scale.md).
 */
const LIVE_ITEM_COLUMNS = {
  id: supervisionItems.id,
  source: supervisionItems.source,
  title: supervisionItems.title,
  assignedOn: supervisionItems.assignedOn,
  leadUnitId: supervisionItems.leadUnitId,
  assistingUnitIds: supervisionItems.assistingUnitIds,
  dueOn: supervisionItems.dueOn,
  dueProvisional: supervisionItems.dueProvisional,
  dueArticle: supervisionItems.dueArticle,
  dueExplanation: supervisionItems.dueExplanation,
  dueMetAt: supervisionItems.dueMetAt,
  complex: supervisionItems.complex,
  longRunning: supervisionItems.longRunning,
  status: supervisionItems.status,
  approvalLeaderId: supervisionItems.approvalLeaderId,
  assigningLeaderId: supervisionItems.assigningLeaderId,
  issuedAt: supervisionItems.issuedAt,
  updatedAt: supervisionItems.updatedAt,
};

export type LiveItem = Pick<SupervisionItem, keyof typeof LIVE_ITEM_COLUMNS>;

function groupByItem<T extends { itemId: string }>(rows: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.itemId);
    if (list) list.push(row);
    else map.set(row.itemId, [row]);
  }
  return map;
}

/** Items in `statuses` (all when omitted), in ledger order, with everything attached. */
export async function loadItemStates(db: AppDb, statuses?: readonly ItemStatus[]): Promise<ItemState[]> {
  const query = db.select().from(supervisionItems);
  return withHistory(db, await (statuses ? query.where(inArray(supervisionItems.status, [...statuses])) : query).orderBy(...LEDGER_ORDER));
}

/** The live items (LIVE_STATUSES), in ledger order, with the columns the reminders read and everything attached. */
export async function loadLiveItemStates(db: AppDb): Promise<ItemState<LiveItem>[]> {
  const items = await db
    .select(LIVE_ITEM_COLUMNS)
    .from(supervisionItems)
    .where(inArray(supervisionItems.status, [...LIVE_STATUSES]))
    .orderBy(...LEDGER_ORDER);
  return withHistory(db, items);
}

const LEDGER_ORDER = [asc(supervisionItems.year), asc(supervisionItems.seq)];

/** What an item has none of: one frozen array for the tens of thousands of empty lists of a large ledger. */
const NONE = Object.freeze([]) as unknown as never[];

async function withHistory<I extends LiveItem>(db: AppDb, items: I[]): Promise<ItemState<I>[]> {
  if (items.length === 0) return [];
  const [acks, plans, reports, extensions, weeks] = await Promise.all([
    db.select().from(supervisionAcks),
    db.select().from(supervisionPlans),
    db.select().from(supervisionReports).orderBy(asc(supervisionReports.id)),
    db.select().from(supervisionExtensions).orderBy(asc(supervisionExtensions.id)),
    db.select().from(weeklyReportWeeks),
  ]);
  const [ackMap, planMap, reportMap, extensionMap, weekMap] = [
    groupByItem(acks),
    groupByItem(plans),
    groupByItem(reports),
    groupByItem(extensions),
    groupByItem(weeks),
  ];
  return items.map((item) => ({
    item,
    acks: ackMap.get(item.id) ?? NONE,
    plans: planMap.get(item.id) ?? NONE,
    reports: reportMap.get(item.id) ?? NONE,
    extensions: extensionMap.get(item.id) ?? NONE,
    weeks: weekMap.get(item.id) ?? NONE,
  }));
}

/**
 * The tables whose rows carry a version bumped by every change (an acknowledgement, a plan or a
 * weekly report bumps its item's): the sum of their versions only grows, so two equal stamps mean
 * no item, report, extension or leave request the reminders are about has changed in between.
 */
const VERSIONED = [supervisionItems, supervisionReports, supervisionExtensions, leaveRequests] as const;
const versionSum = (table: (typeof VERSIONED)[number]) => sql`(SELECT coalesce(sum(${table.version}), 0) FROM ${table})`;

export async function stateStamp(db: AppDb): Promise<number> {
  const sums = await Promise.all(VERSIONED.map((table) => db.select({ sum: sql<number>`coalesce(sum(${table.version}), 0)`.mapWith(Number) }).from(table)));
  return sums.reduce((total, [row]) => total + (row?.sum ?? 0), 0);
}

/** A statement that aborts its atomic unit when the state has moved past `stamp` (see `atomic`, `expectChanged`). */
export function unchangedSince(db: AppDb, stamp: number): Statement {
  const guard = (at: unknown) => db.insert(concurrencyGuard).select(sql`SELECT 0 AS ok WHERE ${sql.join(VERSIONED.map(versionSum), sql` + `)} <> ${at}`);
  // Written in every unit of a fan-out: on better-sqlite3 built once, then bound to the stamp.
  return isBatchDb(db) ? guard(stamp) : reusedStatement(db, 'unchanged-since', () => guard(sql.placeholder('stamp')), { stamp });
}

export const isOpen = (item: Pick<SupervisionItem, 'status'>) => item.status === 'issued' || item.status === 'in_progress';

/** Lead unit first, then the assisting units. */
export const unitsOf = (item: Pick<SupervisionItem, 'leadUnitId' | 'assistingUnitIds'>): string[] => [item.leadUnitId, ...item.assistingUnitIds];
