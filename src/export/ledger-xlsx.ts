/** The ledger (or another register, e.g. documents) as an XLSX workbook (exceljs): one sheet, a frozen bold header, column widths. */
import { LEDGER_COLUMNS, LEDGER_SHEET } from './ledger-columns';

export interface SheetLayout {
  sheet: string;
  columns: ReadonlyArray<{ header: string; width: number }>;
}

const LEDGER_LAYOUT: SheetLayout = { sheet: LEDGER_SHEET, columns: LEDGER_COLUMNS };

/** A cell that opens a link (exceljs hyperlink value). */
export type LinkCell = { text: string; hyperlink: string };

/** A further sheet after the main one, e.g. the ledger's 佐证材料 with a link per file. */
export interface ExtraSheet {
  layout: SheetLayout;
  rows: Array<Array<string | LinkCell>>;
}

export async function toXlsx(
  table: string[][],
  meta: { title: string; now: Date },
  layout: SheetLayout = LEDGER_LAYOUT,
  extra: ExtraSheet[] = [],
): Promise<Uint8Array> {
  // Loaded on demand: only export requests pay for the workbook library.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '督办助手';
  workbook.created = meta.now;
  workbook.modified = meta.now;
  workbook.title = meta.title;
  const sheet = workbook.addWorksheet(layout.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = layout.columns.map((c) => ({ header: c.header, width: c.width }));
  sheet.addRows(table.slice(1));
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: layout.columns.length } };
  for (const more of extra) {
    const next = workbook.addWorksheet(more.layout.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
    next.columns = more.layout.columns.map((c) => ({ header: c.header, width: c.width }));
    next.addRows(more.rows);
    next.getRow(1).font = { bold: true };
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
