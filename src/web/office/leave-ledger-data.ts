/**
 * /office/leave: the query (`person`, `unit`, `from`, `to`, `scope`, `purpose`, `emergency`, `year`)
 * and what the page and the export show. Without `from`/`to` the list is the chosen year's; the
 * per-person totals are always that year's, under the other filters. Bad values are Chinese errors
 * naming the parameter, and no filter applies.
 */
import type { AppDeps } from '../../app-env';
import type { Directory } from '../../core/org/directory';
import { requestsTouching } from '../../core/leave/store';
import { PURPOSES, type DestinationScope, type Purpose } from '../../core/leave/policy';
import { parseRecordYear, yearRecord, type YearRecord } from '../../core/leave/record';
import type { LeaveRequest } from '../../core/leave/types';
import { isLocalDate, type LocalDate } from '../../core/time';
import { leaveLedgerRows, type LeaveLedgerRow } from '../../export/leave-ledger';

export const LEAVE_FILTER_PARAMS = ['person', 'unit', 'from', 'to', 'scope', 'purpose', 'emergency', 'year'] as const;
export type LeaveFilterQuery = Partial<Record<(typeof LEAVE_FILTER_PARAMS)[number], string>>;

export type LedgerScope = Exclude<DestinationScope, 'within_city'>;
export const LEDGER_SCOPES: LedgerScope[] = ['abroad', 'out_of_province', 'other_city'];

export interface LeaveFilters {
  personId?: string;
  unitId?: string;
  from?: LocalDate;
  to?: LocalDate;
  scope?: LedgerScope;
  purpose?: Purpose;
  emergency?: boolean;
  year: number;
}

export function parseLeaveFilters(query: LeaveFilterQuery, dir: Directory, today: LocalDate): { filters: LeaveFilters; errors: string[] } {
  const errors: string[] = [];
  const value = (key: keyof LeaveFilterQuery) => query[key]?.trim() || undefined;
  const year = parseRecordYear(value('year'), today);
  const filters: LeaveFilters = { year: 'year' in year ? year.year : Number(today.slice(0, 4)) };
  if ('error' in year) errors.push(`统计年度：${year.error}`);
  const person = value('person');
  if (person) {
    if (dir.person(person)) filters.personId = person;
    else errors.push(`请假人「${person}」不在通讯录中，请从列表中选择。`);
  }
  const unit = value('unit');
  if (unit) {
    if (dir.unit(unit)) filters.unitId = unit;
    else errors.push(`单位「${unit}」不在通讯录中，请从列表中选择。`);
  }
  for (const [key, label] of [
    ['from', '开始日期'],
    ['to', '结束日期'],
  ] as const) {
    const date = value(key);
    if (!date) continue;
    if (isLocalDate(date)) filters[key] = date;
    else errors.push(`${label}「${date}」须为日期，格式 YYYY-MM-DD，例如 ${today}。`);
  }
  if (filters.from && filters.to && filters.from > filters.to) errors.push(`开始日期 ${filters.from} 晚于结束日期 ${filters.to}，请检查。`);
  const scope = value('scope');
  if (scope) {
    if ((LEDGER_SCOPES as string[]).includes(scope)) filters.scope = scope as LedgerScope;
    else errors.push(`外出范围「${scope}」不是可选的范围，请从列表中选择。`);
  }
  const purpose = value('purpose');
  if (purpose) {
    if (purpose in PURPOSES) filters.purpose = purpose as Purpose;
    else errors.push(`性质「${purpose}」须为因公或因私，请从列表中选择。`);
  }
  const emergency = value('emergency');
  if (emergency) {
    if (emergency === 'yes' || emergency === 'no') filters.emergency = emergency === 'yes';
    else errors.push(`紧急「${emergency}」须为“是”或“否”，请从列表中选择。`);
  }
  return errors.length ? { filters: { year: filters.year }, errors } : { filters, errors };
}

/** The query string of the filters (links and export buttons carry the same filters). */
export function leaveFilterQueryString(filters: LeaveFilters): string {
  const params = new URLSearchParams();
  if (filters.personId) params.set('person', filters.personId);
  if (filters.unitId) params.set('unit', filters.unitId);
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  if (filters.scope) params.set('scope', filters.scope);
  if (filters.purpose) params.set('purpose', filters.purpose);
  if (filters.emergency !== undefined) params.set('emergency', filters.emergency ? 'yes' : 'no');
  params.set('year', String(filters.year));
  return `?${params.toString()}`;
}

export interface PersonTotal {
  personId: string;
  name: string;
  unit: string;
  record: YearRecord;
}

export interface LeaveLedgerData {
  filters: LeaveFilters;
  rows: LeaveLedgerRow[];
  totals: PersonTotal[];
  /** The list's date range as shown: the filter's, or the year's. */
  range: { from: LocalDate; to: LocalDate };
  now: Date;
}

export async function loadLeaveLedger(deps: AppDeps, dir: Directory, filters: LeaveFilters): Promise<LeaveLedgerData> {
  const now = deps.clock.now();
  const calendar = await deps.loadCalendar(deps.db);
  const yearFrom = `${filters.year}-01-01`;
  const yearTo = `${filters.year}-12-31`;
  const range = filters.from || filters.to ? { from: filters.from ?? '0001-01-01', to: filters.to ?? '9999-12-31' } : { from: yearFrom, to: yearTo };
  const matches = (r: LeaveRequest) => {
    const person = dir.person(r.requesterId);
    return (
      (!filters.personId || r.requesterId === filters.personId) &&
      (!filters.unitId || person?.unitId === filters.unitId) &&
      (!filters.scope || r.scope === filters.scope) &&
      (!filters.purpose || r.purpose === filters.purpose) &&
      (filters.emergency === undefined || r.emergency === filters.emergency)
    );
  };
  const listed = (await requestsTouching(deps.db, range.from, range.to, filters.personId)).filter(matches).reverse();
  const ofYear = (await requestsTouching(deps.db, yearFrom, yearTo, filters.personId)).filter(matches);
  const byPerson = new Map<string, LeaveRequest[]>();
  for (const r of ofYear) byPerson.set(r.requesterId, [...(byPerson.get(r.requesterId) ?? []), r]);
  const totals = [...byPerson]
    .map(([personId, requests]) => {
      const person = dir.person(personId);
      return {
        personId,
        name: person?.name ?? personId,
        unit: person ? (dir.unit(person.unitId)?.name ?? '') : '',
        record: yearRecord(calendar, requests, filters.year),
      };
    })
    .sort((a, b) => b.record.overall.calendarDays - a.record.overall.calendarDays || a.name.localeCompare(b.name, 'zh'));
  return { filters, rows: leaveLedgerRows(dir, calendar, listed), totals, range, now };
}
