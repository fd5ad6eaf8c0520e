/** One entry for every way out of the ledger: the CLI, the download link, tests. */
import type { AppDb } from '../../db/types';
import type { WorkCalendar } from '../core/calendar/types';
import type { Directory } from '../core/org/directory';
import { describeFilters, loadLedger, type LedgerFilters } from '../core/supervision/ledger';
import { formatInstantZh, localDate } from '../core/time';
import { toCsv } from './ledger-csv';
import { ledgerTable, LEDGER_SHEET } from './ledger-columns';
import { toXlsx, type ExtraSheet, type SheetLayout } from './ledger-xlsx';
import { asc, inArray } from 'drizzle-orm';
import { attachments } from '../../db/schema';
import { selectInChunks } from '../../db/in-chunks';
import { attachmentHref, type Attachment } from '../core/attachments/record';
import { loadReportLabel } from '../core/attachments/labels';

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

export const ATTACHMENT_SHEET = '佐证材料';

const ATTACHMENT_LAYOUT: SheetLayout = {
  sheet: ATTACHMENT_SHEET,
  columns: [
    { header: '编号', width: 14 },
    { header: '报送', width: 24 },
    { header: '文件', width: 30 },
    { header: '提交人', width: 10 },
    { header: '提交时间', width: 17 },
    { header: '链接', width: 50 },
  ],
};

/**
 * The 佐证材料 sheet: one row per file with a link to /office/files/:id, which checks the opener
 * may see the item (a link works only for someone signed in to the dashboard).
 */
async function attachmentSheet(db: AppDb, dir: Directory, rows: Attachment[], baseUrl: string): Promise<ExtraSheet> {
  return {
    layout: ATTACHMENT_LAYOUT,
    rows: await Promise.all(
      rows.map(async (a) => {
        const url = `${baseUrl}${attachmentHref(a.id)}`;
        return [
          a.itemId ?? '',
          await loadReportLabel(db, a.targetKind, a.targetId),
          a.name,
          dir.person(a.uploaderId)?.name ?? a.uploaderId,
          formatInstantZh(a.createdAt),
          { text: url, hyperlink: url },
        ];
      }),
    ),
  };
}

export async function exportLedger(
  input: { db: AppDb; dir: Directory; calendar: WorkCalendar; now: Date; baseUrl?: string },
  filters: LedgerFilters,
  format: ExportFormat,
): Promise<LedgerFile> {
  const rows = await loadLedger(input.db, input.calendar, input.now, filters);
  const files = await selectInChunks(
    rows.map((r) => r.item.id),
    (ids) => input.db.select().from(attachments).where(inArray(attachments.itemId, ids)).orderBy(asc(attachments.id)),
  );
  for (const row of rows) row.attachmentCount = files.filter((f) => f.itemId === row.item.id).length;
  const table = ledgerTable(rows, input.dir);
  const condition = describeFilters(filters, input.dir);
  const filename = `${LEDGER_SHEET}-${localDate(input.now)}.${format}`;
  const extra = files.length ? [await attachmentSheet(input.db, input.dir, files, input.baseUrl ?? '')] : [];
  const body =
    format === 'xlsx'
      ? await toXlsx(table, { title: `${LEDGER_SHEET}${condition ? `（${condition}）` : ''}`, now: input.now }, undefined, extra)
      : new TextEncoder().encode(toCsv(table));
  return { filename, contentType: CONTENT_TYPES[format], body, rows: rows.length };
}
