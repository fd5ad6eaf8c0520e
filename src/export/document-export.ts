/** The register of documents (来文、发文, Art. 61, 62) as XLSX or CSV: the same writers as the ledger. */
import type { AppDb } from '../../db/types';
import { numberOf } from '../core/documents/cards';
import { loadDocs } from '../core/documents/store';
import { KIND_ZH, ROLE_ZH, STATUS_ZH, STEP_STATUS_ZH, type Doc } from '../core/documents/types';
import type { Directory } from '../core/org/directory';
import { formatInstantZh, localDate } from '../core/time';
import { toCsv } from './ledger-csv';
import type { ExportFormat, LedgerFile } from './ledger-export';
import { toXlsx } from './ledger-xlsx';

export const DOCUMENT_SHEET = '公文登记簿';

const name = (dir: Directory, id: string | null) => (id ? (dir.person(id)?.name ?? id) : '区政府办');

export const DOCUMENT_COLUMNS: ReadonlyArray<{ header: string; width: number; value(d: Doc, dir: Directory): string }> = [
  { header: '编号', width: 8, value: ({ doc }) => String(doc.id) },
  { header: '收发', width: 6, value: ({ doc }) => (doc.direction === 'incoming' ? '来文' : '发文') },
  { header: '类别', width: 12, value: ({ doc }) => KIND_ZH[doc.kind] },
  { header: '标题', width: 36, value: ({ doc }) => doc.title },
  { header: '文号', width: 22, value: ({ doc }) => numberOf(doc) ?? doc.reference ?? '' },
  { header: '来文单位/起草单位', width: 14, value: ({ doc }, dir) => doc.sender ?? (doc.unitId ? (dir.unit(doc.unitId)?.name ?? doc.unitId) : '') },
  { header: '收文日期', width: 12, value: ({ doc }) => doc.receivedOn ?? '' },
  { header: '状态', width: 18, value: ({ doc }) => STATUS_ZH[doc.status] },
  { header: '轮次', width: 6, value: ({ doc }) => String(doc.round) },
  {
    header: '审签记录',
    width: 60,
    value: ({ steps }, dir) =>
      steps
        .filter((s) => s.status !== 'waiting' && s.status !== 'void')
        .map(
          (s) =>
            `第${s.round}轮 ${ROLE_ZH[s.role]}（${name(dir, s.addresseeId)}）：${s.decidedById ? `${name(dir, s.decidedById)} ` : ''}${STEP_STATUS_ZH[s.status]}${s.comment ? `「${s.comment}」` : ''}`,
        )
        .join('；'),
  },
  { header: '督查事项', width: 14, value: ({ doc }) => doc.itemId ?? '' },
  { header: '登记时间', width: 18, value: ({ doc }) => formatInstantZh(doc.createdAt) },
];

export function documentTable(docs: readonly Doc[], dir: Directory): string[][] {
  return [DOCUMENT_COLUMNS.map((c) => c.header), ...docs.map((d) => DOCUMENT_COLUMNS.map((c) => c.value(d, dir)))];
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

export async function exportDocuments(input: { db: AppDb; dir: Directory; now: Date }, format: ExportFormat): Promise<LedgerFile> {
  const docs = await loadDocs(input.db);
  const table = documentTable(docs, input.dir);
  const body =
    format === 'xlsx'
      ? await toXlsx(table, { title: DOCUMENT_SHEET, now: input.now }, { sheet: DOCUMENT_SHEET, columns: DOCUMENT_COLUMNS })
      : new TextEncoder().encode(toCsv(table));
  return { filename: `${DOCUMENT_SHEET}-${localDate(input.now)}.${format}`, contentType: CONTENT_TYPES[format], body, rows: docs.length };
}
