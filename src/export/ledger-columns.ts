/**
 * The columns of the exported ledger (台账, Art. 40), as one table: the XLSX sheet and the CSV
 * file share it, so the two never drift. Archived items stay in the export (read-only).
 */
import type { Directory } from '../core/org/directory';
import { sourceLabel } from '../core/rules/deadlines';
import { personName, unitName } from '../core/supervision/cards';
import type { LedgerRow } from '../core/supervision/ledger';
import { REPORT_KIND_ZH, REPORT_STATUS_ZH, STATUS_ZH } from '../core/supervision/types';
import { formatInstantZh } from '../core/time';

export interface LedgerColumn {
  header: string;
  /** Character width in the XLSX sheet. */
  width: number;
  value(row: LedgerRow, dir: Directory): string;
}

const when = (at: Date | null) => (at ? formatInstantZh(at) : '');

export const LEDGER_SHEET = '督查台账';

export const LEDGER_COLUMNS: readonly LedgerColumn[] = [
  { header: '编号', width: 14, value: ({ item }) => item.id },
  { header: '督办灯', width: 8, value: ({ light }) => `${light.emoji}${light.label}` },
  { header: '状态', width: 16, value: ({ item }) => STATUS_ZH[item.status] },
  { header: '来源', width: 10, value: ({ item }) => sourceLabel(item.source) },
  { header: '文号/批示', width: 20, value: ({ item }) => item.reference ?? '' },
  { header: '标题', width: 30, value: ({ item }) => item.title },
  { header: '内容', width: 40, value: ({ item }) => item.content },
  { header: '主办单位', width: 12, value: ({ item }, dir) => unitName(dir, item.leadUnitId) },
  { header: '协办单位', width: 16, value: ({ item }, dir) => item.assistingUnitIds.map((u) => unitName(dir, u)).join('、') },
  { header: '责任人', width: 10, value: ({ item }) => item.responsiblePerson ?? '' },
  { header: '收文日期', width: 12, value: ({ item }) => item.receivedOn ?? '' },
  { header: '会议日期', width: 12, value: ({ item }) => item.meetingOn ?? '' },
  { header: '交办日期', width: 12, value: ({ item }) => item.assignedOn ?? '' },
  { header: '办理期限', width: 12, value: ({ item }) => item.dueOn },
  { header: '期限暂定', width: 8, value: ({ item }) => (item.dueProvisional ? '是' : '否') },
  // The explanation names its article(s) itself (依据第四十条：…).
  { header: '期限依据', width: 40, value: ({ item }) => item.dueExplanation },
  { header: '交办领导', width: 10, value: ({ item }, dir) => (item.assigningLeaderId ? personName(dir, item.assigningLeaderId) : '') },
  { header: '交办时间', width: 17, value: ({ item }) => when(item.issuedAt) },
  {
    header: '签收情况',
    width: 24,
    // A draft has not been sent to anyone yet: it owes no acknowledgement (Art. 40 督查交办).
    value: ({ item, acks }, dir) =>
      item.status === 'draft'
        ? '未交办'
        : [item.leadUnitId, ...item.assistingUnitIds].map((u) => `${unitName(dir, u)}${acks.some((a) => a.unitId === u) ? '已签收' : '未签收'}`).join('；'),
  },
  {
    header: '最新报告',
    width: 30,
    value: ({ reports }, dir) => {
      const last = reports[reports.length - 1];
      return last
        ? `${unitName(dir, last.unitId)} ${REPORT_KIND_ZH[last.kind]} 第${last.round}轮：${REPORT_STATUS_ZH[last.status]}${last.late ? '（逾期）' : ''}`
        : '';
    },
  },
  { header: '佐证材料', width: 10, value: ({ attachmentCount }) => (attachmentCount ? `${attachmentCount} 份` : '') },
  { header: '退回次数', width: 8, value: ({ reports }) => String(reports.filter((r) => r.status === 'returned').length) },
  {
    header: '延期',
    width: 24,
    value: ({ extensions }) =>
      extensions.map((e) => `申请延至${e.requestedDue}：${{ pending: '待审批', granted: '已同意', refused: '未同意' }[e.status]}`).join('；'),
  },
  { header: '周报制', width: 8, value: ({ item }) => (item.longRunning ? '是' : '否') },
  { header: '办结时间', width: 17, value: ({ item }) => when(item.completedAt) },
  { header: '归档时间', width: 17, value: ({ item }) => when(item.archivedAt) },
  { header: '办理答复', width: 40, value: ({ item }) => item.replyText ?? '' },
  { header: '答复公开', width: 8, value: ({ item }) => (item.publish === null ? '' : item.publish ? '是' : '否') },
];

export function ledgerTable(rows: LedgerRow[], dir: Directory): string[][] {
  return [LEDGER_COLUMNS.map((c) => c.header), ...rows.map((row) => LEDGER_COLUMNS.map((c) => c.value(row, dir)))];
}
