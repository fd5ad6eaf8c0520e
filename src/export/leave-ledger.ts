/** The office's leave ledger (请假台账, Art. 68) as rows for the page and a table for CSV / Excel. */
import type { WorkCalendar } from '../core/calendar/types';
import { personName, STATUS_ZH } from '../core/leave/cards';
import { DESTINATION_SCOPES, PURPOSES } from '../core/leave/policy';
import { requestDays } from '../core/leave/record';
import type { LeaveRequest } from '../core/leave/types';
import type { Directory } from '../core/org/directory';
import { formatInstantZh } from '../core/time';
import type { SheetLayout } from './ledger-xlsx';

export const LEAVE_LEDGER_SHEET = '请假台账';

export interface LeaveLedgerRow {
  id: number;
  person: string;
  unit: string;
  post: string;
  scope: string;
  purpose: string;
  start: string;
  end: string;
  destination: string;
  reason: string;
  emergency: string;
  status: string;
  returnedAt: string;
  /** Counted days over the whole trip: empty unless approved (see `awaySpan`). */
  calendarDays: string;
  workingDays: string;
  filedAt: string;
  filedBy: string;
}

export function leaveLedgerRows(dir: Directory, calendar: WorkCalendar, requests: readonly LeaveRequest[]): LeaveLedgerRow[] {
  return requests.map((r) => {
    const person = dir.person(r.requesterId);
    const days = requestDays(calendar, r);
    const counted = days.calendarDays > 0;
    return {
      id: r.id,
      person: personName(dir, r.requesterId),
      unit: person ? (dir.unit(person.unitId)?.name ?? person.unitId) : '',
      post: person?.post ?? '',
      scope: DESTINATION_SCOPES[r.scope].zh,
      purpose: PURPOSES[r.purpose].zh,
      start: r.startDate,
      end: r.endDate,
      destination: r.destination,
      reason: r.reason,
      emergency: r.emergency ? '是' : '否',
      status: STATUS_ZH[r.status],
      returnedAt: r.returnedAt ? formatInstantZh(r.returnedAt) : '',
      calendarDays: counted ? String(days.calendarDays) : '',
      workingDays: counted ? String(days.workingDays) : '',
      filedAt: formatInstantZh(r.createdAt),
      filedBy: r.filedById === r.requesterId ? '' : personName(dir, r.filedById),
    };
  });
}

const COLUMNS: ReadonlyArray<{ header: string; width: number; value: (row: LeaveLedgerRow) => string }> = [
  { header: '编号', width: 8, value: (r) => String(r.id) },
  { header: '请假人', width: 10, value: (r) => r.person },
  { header: '单位', width: 14, value: (r) => r.unit },
  { header: '职务', width: 16, value: (r) => r.post },
  { header: '外出范围', width: 14, value: (r) => r.scope },
  { header: '性质', width: 8, value: (r) => r.purpose },
  { header: '开始日期', width: 12, value: (r) => r.start },
  { header: '结束日期', width: 12, value: (r) => r.end },
  { header: '目的地', width: 16, value: (r) => r.destination },
  { header: '事由', width: 30, value: (r) => r.reason },
  { header: '紧急', width: 6, value: (r) => r.emergency },
  { header: '状态', width: 10, value: (r) => r.status },
  { header: '销假时间', width: 18, value: (r) => r.returnedAt },
  { header: '计入日历日', width: 10, value: (r) => r.calendarDays },
  { header: '计入工作日', width: 10, value: (r) => r.workingDays },
  { header: '提交时间', width: 18, value: (r) => r.filedAt },
  { header: '代为请假', width: 10, value: (r) => r.filedBy },
];

export const LEAVE_LEDGER_LAYOUT: SheetLayout = { sheet: LEAVE_LEDGER_SHEET, columns: COLUMNS };

export function leaveLedgerTable(rows: readonly LeaveLedgerRow[]): string[][] {
  return [COLUMNS.map((c) => c.header), ...rows.map((row) => COLUMNS.map((c) => c.value(row)))];
}
