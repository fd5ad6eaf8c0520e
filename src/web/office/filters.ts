/**
 * The ledger filters of the dashboard as URL query parameters (`unit`, `source`, `status`,
 * `light`, `due`): shareable links, and the export buttons carry the same query. Values are the
 * core's identifiers; anything else is a Chinese error naming the parameter, and no filter applies.
 */
import type { Directory } from '../../core/org/directory';
import { SUPERVISION_SOURCES, type SupervisionSource } from '../../core/rules/deadlines';
import type { LedgerFilters } from '../../core/supervision/ledger';
import { LIGHT_KEYS, type LightKey } from '../../core/supervision/light';
import { STATUS_ZH, type ItemStatus } from '../../core/supervision/types';

export const FILTER_PARAMS = ['unit', 'source', 'status', 'light', 'due'] as const;
export type FilterQuery = Partial<Record<(typeof FILTER_PARAMS)[number], string>>;

/** At most a year of working days. */
export const MAX_DUE_WORKING_DAYS = 250;

export const LIGHT_NAMES_ZH: Record<LightKey, string> = { red: '🔴 逾期', yellow: '🟡 2个工作日内到期', green: '🟢 正常', white: '⚪ 已办结/归档' };

/** Units that carry items out (not the leaders' own offices). */
export const ledgerUnits = (dir: Directory) => dir.units.filter((u) => !u.function && u.kind !== 'office');

export function parseFilterQuery(query: FilterQuery, dir: Directory): { filters: LedgerFilters; errors: string[] } {
  const filters: LedgerFilters = {};
  const errors: string[] = [];
  const value = (key: keyof FilterQuery) => query[key]?.trim() || undefined;
  const unit = value('unit');
  if (unit) {
    if (dir.unit(unit)) filters.unitId = unit;
    else errors.push(`单位「${unit}」不在通讯录中，请从列表中选择。`);
  }
  const source = value('source');
  if (source) {
    if ((SUPERVISION_SOURCES as readonly string[]).includes(source)) filters.source = source as SupervisionSource;
    else errors.push(`来源「${source}」不是可选的来源，请从列表中选择。`);
  }
  const status = value('status');
  if (status) {
    if (status in STATUS_ZH) filters.status = status as ItemStatus;
    else errors.push(`状态「${status}」不是可选的状态，请从列表中选择。`);
  }
  const light = value('light');
  if (light) {
    if ((LIGHT_KEYS as readonly string[]).includes(light)) filters.light = light as LightKey;
    else errors.push(`督办灯「${light}」不是可选的灯色，请从列表中选择。`);
  }
  const due = value('due');
  if (due) {
    const n = Number(due);
    if (/^\d{1,3}$/.test(due) && n <= MAX_DUE_WORKING_DAYS) filters.dueWithinWorkingDays = n;
    else errors.push(`到期范围「${due}」须为 0–${MAX_DUE_WORKING_DAYS} 之间的整数（个工作日），例如 3。`);
  }
  return errors.length ? { filters: {}, errors } : { filters, errors };
}

/** The query string for filters (for links and the export buttons). */
export function filterQueryString(filters: LedgerFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (filters.unitId) params.set('unit', filters.unitId);
  if (filters.source) params.set('source', filters.source);
  if (filters.status) params.set('status', filters.status);
  if (filters.light) params.set('light', filters.light);
  if (filters.dueWithinWorkingDays !== undefined) params.set('due', String(filters.dueWithinWorkingDays));
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : '';
}
