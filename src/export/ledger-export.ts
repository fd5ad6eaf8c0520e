/** One entry for every way out of the ledger: the CLI, the download link, tests. */
import type { AppDb } from '../../db/types';
import type { WorkCalendar } from '../core/calendar/types';
import type { Directory } from '../core/org/directory';
import { describeFilters, loadLedger, type LedgerFilters } from '../core/supervision/ledger';
import { localDate } from '../core/time';
import { toCsv } from './ledger-csv';
import { ledgerTable, LEDGER_SHEET } from './ledger-columns';
import { toXlsx } from './ledger-xlsx';

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface LedgerFile {
  filename: string;
  contentType: string;
  body: Uint8Array;
  rows: number;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

export async function exportLedger(
  input: { db: AppDb; dir: Directory; calendar: WorkCalendar; now: Date },
  filters: LedgerFilters,
  format: ExportFormat,
): Promise<LedgerFile> {
  const rows = await loadLedger(input.db, input.calendar, input.now, filters);
  const table = ledgerTable(rows, input.dir);
  const condition = describeFilters(filters, input.dir);
  const filename = `${LEDGER_SHEET}-${localDate(input.now)}.${format}`;
  const body = format === 'xlsx'
    ? await toXlsx(table, { title: `${LEDGER_SHEET}${condition ? `（${condition}）` : ''}`, now: input.now })
    : new TextEncoder().encode(toCsv(table));
  return { filename, contentType: CONTENT_TYPES[format], body, rows: rows.length };
}
