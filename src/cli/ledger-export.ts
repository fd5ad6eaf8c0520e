import { writeFileSync } from 'node:fs';
import { loadCalendar } from '../core/calendar/load';
import { UserError } from '../core/errors';
import { loadDirectory } from '../core/org/directory';
import { parseLedgerFilters } from '../core/supervision/ledger';
import { EXPORT_FORMATS, exportLedger, type ExportFormat } from '../export/ledger-export';
import type { CliCommand } from './types';

/** `ledger export`: the supervision ledger (台账, Art. 40) as XLSX or CSV with BOM. */
export const ledgerExport: CliCommand = {
  path: ['ledger', 'export'],
  summary: '导出督查台账（Excel XLSX 或带 BOM 的 CSV），含已归档事项',
  usage: '--format xlsx|csv --out <文件> [--filter "单位=住建局 灯=红"]',
  positionals: [],
  options: { format: { type: 'string' }, out: { type: 'string' }, filter: { type: 'string' } },
  details: [
    '选项：',
    '  --format xlsx|csv   文件格式：xlsx（工作表「督查台账」）或 csv（UTF-8 带 BOM，Excel 可直接打开）',
    '  --out <文件>        写入的文件路径',
    '  --filter "<条件>"   与 /台账 相同的筛选：单位=住建局 来源=领导批示 状态=办理中 灯=红 3个工作日内到期',
    '示例：',
    '  ledger export --format xlsx --out 台账.xlsx',
    '  ledger export --format csv --out 住建局.csv --filter "单位=住建局"',
  ],
  async run(ctx, { options }) {
    const format = options.format;
    if (typeof format !== 'string' || !EXPORT_FORMATS.includes(format as ExportFormat)) {
      throw new UserError(`请用 --format 指定格式：${EXPORT_FORMATS.join(' 或 ')}。`);
    }
    const out = options.out;
    if (typeof out !== 'string' || !out.trim()) throw new UserError('请用 --out 指定写入的文件路径，例如 --out 台账.xlsx。');
    const db = await ctx.db();
    const dir = await loadDirectory(db);
    const filters = parseLedgerFilters(typeof options.filter === 'string' ? options.filter : '', dir);
    const file = await exportLedger({ db, dir, calendar: await loadCalendar(db), now: ctx.now }, filters, format as ExportFormat);
    writeFileSync(out, file.body);
    ctx.out(`已导出 ${file.rows} 项督查事项至 ${out}（${format.toUpperCase()}）。`);
    return 0;
  },
};
