/** The ledger as an XLSX workbook (exceljs): one sheet, a frozen bold header, column widths. */
import { LEDGER_COLUMNS, LEDGER_SHEET } from './ledger-columns';

export async function toXlsx(table: string[][], meta: { title: string; now: Date }): Promise<Uint8Array> {
  // Loaded on demand: only export requests pay for the workbook library.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '督办助手';
  workbook.created = meta.now;
  workbook.modified = meta.now;
  workbook.title = meta.title;
  const sheet = workbook.addWorksheet(LEDGER_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = LEDGER_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  sheet.addRows(table.slice(1));
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: LEDGER_COLUMNS.length } };
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
