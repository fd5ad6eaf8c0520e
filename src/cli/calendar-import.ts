import { formatImportReport, importYear } from '../core/calendar/import-year';
import type { CliCommand } from './types';

/** `calendar import <file.json>`: load a year's State Council holiday schedule (docs/calendar.md). */
export const calendarImport: CliCommand = {
  path: ['calendar', 'import'],
  summary: '导入某一年的国务院节假日安排（放假与调休上班），并重新计算已存储的暂定日期',
  usage: '<file.json> [--by <姓名>] [--dry-run]',
  positionals: ['file.json'],
  options: { by: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  details: [
    '文件格式（holiday-calendar 包 data/CN/YYYY.json 的格式，另加必填的 source_url）：',
    '  {',
    '    "year": 2027,',
    '    "region": "CN",',
    '    "source_url": "https://www.gov.cn/zhengce/content/…（国务院办公厅通知）",',
    '    "dates": [',
    '      { "date": "2027-01-01", "name": "元旦", "type": "public_holiday" },',
    '      { "date": "2027-02-20", "name": "春节补班", "type": "transfer_workday" }',
    '    ]',
    '  }',
    '',
    '选项：',
    '  --by <姓名>   导入人，记入导入记录（默认当前系统用户）',
    '  --dry-run     只校验并显示差异和将受影响的日期，不写入',
    '',
    '先显示与现有日历（数据包或此前导入）的逐日差异，再写入；文件有错时列出全部问题，不写入任何数据。',
    '同一文件重复导入不会产生任何变化。导入后，按周末推算的暂定截止日期会按新日历重新计算并列出变化。',
  ],
  async run(ctx, { positionals: [file], options }) {
    const source = ctx.readFile(file!);
    const result = await importYear(await ctx.db(), source, {
      by: typeof options.by === 'string' ? options.by : ctx.actor,
      now: ctx.now,
      dryRun: options['dry-run'] === true,
    });
    ctx.out(formatImportReport(result));
    return 0;
  },
};
