/**
 * 台账 (Art. 40 "建立督查台账"): every item with its light, filtered by unit, source, status,
 * light and due window. Shared by `/台账`, the XLSX/CSV export and the download link.
 */
import { asc, inArray } from 'drizzle-orm';
import { selectInChunks } from '../../../db/in-chunks';
import type { AppDb } from '../../../db/types';
import { supervisionAcks, supervisionExtensions, supervisionItems, supervisionReports } from '../../../db/schema';
import type { WorkCalendar } from '../calendar/types';
import { UserError } from '../errors';
import type { Directory } from '../org/directory';
import { hasRole, isGovernmentLeader, type Person } from '../org/types';
import { SOURCE_LABELS_ZH, sourceFromZh, sourceLabel, type SupervisionSource } from '../rules/deadlines';
import { localDate } from '../time';
import { itemLight, LIGHT_WORDS, type ItemLight, type LightKey } from './light';
import { isLiaison, isUnitHead } from './permissions';
import { STATUS_WORDS, type Acknowledgement, type Extension, type ItemStatus, type Report, type SupervisionItem } from './types';

export interface LedgerFilters {
  unitId?: string;
  source?: SupervisionSource;
  status?: ItemStatus;
  light?: LightKey;
  /** Open items due within N working days from today (today included, overdue excluded). */
  dueWithinWorkingDays?: number;
}

export interface LedgerRow {
  item: SupervisionItem;
  light: ItemLight;
  acks: Acknowledgement[];
  reports: Report[];
  extensions: Extension[];
  /** How many 佐证材料 the item has (filled in by the export). */
  attachmentCount?: number;
}

const FILTER_HELP = '可用筛选：单位=住建局 来源=领导批示 状态=办理中 灯=红 3个工作日内到期';
const DUE_WITHIN = /^(\d{1,3})个工作日内到期$/;

/** `单位=住建局 灯=红 3个工作日内到期` → filters; anything else is a Chinese error with the syntax. */
export function parseLedgerFilters(input: string, dir: Directory): LedgerFilters {
  const filters: LedgerFilters = {};
  for (const token of input.normalize('NFKC').trim().split(/\s+/).filter(Boolean)) {
    const due = DUE_WITHIN.exec(token);
    if (due) {
      filters.dueWithinWorkingDays = Number(due[1]);
      continue;
    }
    const [key, value] = token.split('=', 2) as [string, string | undefined];
    if (!value) throw new UserError(`不认识的筛选条件「${token}」。${FILTER_HELP}`);
    switch (key) {
      case '单位': {
        const unit = dir.unitByName(value) ?? dir.unit(value);
        if (!unit)
          throw new UserError(
            `「单位=${value}」不在通讯录中。可选单位：${dir.units
              .filter((u) => !u.function && u.kind !== 'office')
              .map((u) => u.name)
              .join('、')}。`,
          );
        filters.unitId = unit.id;
        break;
      }
      case '来源': {
        const source = sourceFromZh(value);
        if (!source) throw new UserError(`「来源=${value}」不是可选的来源。请从以下选择：${SOURCE_LABELS_ZH.join('、')}。`);
        filters.source = source;
        break;
      }
      case '状态': {
        const status = STATUS_WORDS[value];
        if (!status) throw new UserError(`「状态=${value}」不是可选的状态。请从以下选择：草稿、已交办、办理中、已办结、已归档。`);
        filters.status = status;
        break;
      }
      case '灯': {
        const light = LIGHT_WORDS[value];
        if (!light) throw new UserError(`「灯=${value}」不是可选的督办灯。请从以下选择：红、黄、绿、白。`);
        filters.light = light;
        break;
      }
      default:
        throw new UserError(`不认识的筛选条件「${key}=」。${FILTER_HELP}`);
    }
  }
  return filters;
}

/** Whose ledger the actor sees: the office and leaders see all; unit heads and liaisons their units'. */
export function ledgerScope(dir: Directory, actor: Person): { all: true } | { units: string[] } {
  if (hasRole(actor, 'office_staff') || isGovernmentLeader(actor)) return { all: true };
  const units = dir.units.filter((u) => isUnitHead(dir, actor, u.id) || isLiaison(actor, u.id)).map((u) => u.id);
  if (units.length === 0) throw new UserError('台账仅供区政府办、区政府领导和承办单位（主要负责人、联络员）查看。');
  return { units };
}

export async function loadLedger(
  db: AppDb,
  calendar: WorkCalendar,
  now: Date,
  filters: LedgerFilters,
  scope: { all: true } | { units: string[] } = { all: true },
): Promise<LedgerRow[]> {
  const items = await db.select().from(supervisionItems).orderBy(asc(supervisionItems.year), asc(supervisionItems.seq));
  const today = localDate(now);
  const involves = (item: SupervisionItem, unitId: string) => item.leadUnitId === unitId || item.assistingUnitIds.includes(unitId);
  const selected = items
    .filter((item) => ('all' in scope ? true : scope.units.some((u) => involves(item, u))))
    .filter((item) => !filters.unitId || involves(item, filters.unitId))
    .filter((item) => !filters.source || item.source === filters.source)
    .filter((item) => !filters.status || item.status === filters.status)
    .map((item) => ({ item, light: itemLight(item, calendar, now) }))
    .filter((row) => !filters.light || row.light.key === filters.light)
    .filter(
      (row) =>
        filters.dueWithinWorkingDays === undefined ||
        ((row.item.status === 'issued' || row.item.status === 'in_progress') &&
          !row.item.dueMetAt &&
          row.item.dueOn >= today &&
          calendar.workingDaysBetween(today, row.item.dueOn).days <= filters.dueWithinWorkingDays),
    );
  if (selected.length === 0) return [];
  const ids = selected.map((r) => r.item.id);
  const [acks, reports, extensions] = await Promise.all([
    selectInChunks(ids, (c) => db.select().from(supervisionAcks).where(inArray(supervisionAcks.itemId, c))),
    selectInChunks(ids, (c) => db.select().from(supervisionReports).where(inArray(supervisionReports.itemId, c)).orderBy(asc(supervisionReports.id))),
    selectInChunks(ids, (c) => db.select().from(supervisionExtensions).where(inArray(supervisionExtensions.itemId, c)).orderBy(asc(supervisionExtensions.id))),
  ]);
  const byItem = <T extends { itemId: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) map.set(row.itemId, [...(map.get(row.itemId) ?? []), row]);
    return map;
  };
  const ackMap = byItem(acks);
  const reportMap = byItem(reports);
  const extensionMap = byItem(extensions);
  return selected.map((r) => ({
    ...r,
    acks: ackMap.get(r.item.id) ?? [],
    reports: reportMap.get(r.item.id) ?? [],
    extensions: extensionMap.get(r.item.id) ?? [],
  }));
}

/** The filters in words, for the ledger card and the export file. */
export function describeFilters(filters: LedgerFilters, dir: Directory): string {
  const parts: string[] = [];
  if (filters.unitId) parts.push(`单位=${dir.unit(filters.unitId)?.name ?? filters.unitId}`);
  if (filters.source) parts.push(`来源=${sourceLabel(filters.source)}`);
  if (filters.status) parts.push(`状态=${Object.entries(STATUS_WORDS).find(([, s]) => s === filters.status)![0]}`);
  if (filters.light) parts.push(`灯=${Object.entries(LIGHT_WORDS).find(([, l]) => l === filters.light)![0]}`);
  if (filters.dueWithinWorkingDays !== undefined) parts.push(`${filters.dueWithinWorkingDays}个工作日内到期`);
  return parts.join(' ');
}
