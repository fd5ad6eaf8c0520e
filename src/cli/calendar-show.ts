import { eq } from 'drizzle-orm';
import { calendarYears } from '../../db/schema';
import { loadCalendar } from '../core/calendar/load';
import { PROVISIONAL_NOTE } from '../core/calendar/types';
import { summarizeYear } from '../core/calendar/year-summary';
import { parseDateZh } from '../core/dates/parse-zh';
import { formatDateZh, formatInstantZh, localDate } from '../core/time';
import type { CliCommand } from './types';

/** `calendar show <date|year>`: what the working-day calendar says, and on what authority. */
export const calendarShow: CliCommand = {
  path: ['calendar', 'show'],
  summary: '查看某一天是否上班，或某一年的节假日安排及其来源',
  usage: '<YYYY-MM-DD|YYYY>',
  positionals: ['YYYY-MM-DD|YYYY'],
  details: [
    '示例：',
    '  calendar show 2026-10-08     某一天：上班/休息、节日名称、依据',
    '  calendar show 明天           也接受 明天、下周一、12.1 等写法（按北京时间）',
    '  calendar show 2027           某一年：来源（数据包 / 已导入的通知 / 未公布）、放假安排、调休上班日、工作日天数',
  ],
  async run(ctx, { positionals: [what] }) {
    const db = await ctx.db();
    const calendar = await loadCalendar(db);
    if (/^\d{4}$/.test(what!.trim())) {
      const year = Number(what);
      const [record] = await db.select().from(calendarYears).where(eq(calendarYears.year, year));
      const s = summarizeYear(calendar, year);
      const source = {
        imported: `已导入国务院通知（${record?.sourceUrl}，${record ? `${formatInstantZh(record.importedAt)} 由 ${record.importedBy} 导入` : ''}）`,
        'chinese-days': 'chinese-days 数据包（国务院通知）',
        unknown: `未公布 —— ${PROVISIONAL_NOTE}。公布后用 calendar import 导入`,
      }[s.source];
      ctx.out(
        [
          `${year} 年：${source}`,
          `放假：${s.holidays.map((h) => `${h.name} ${h.from.slice(5)}${h.days > 1 ? `～${h.to.slice(5)}` : ''}（${h.days} 天）`).join('；') || '无'}`,
          `调休上班：${s.makeUpDays.map((d) => `${d.date.slice(5)} ${d.name}`).join('；') || '无'}`,
          `工作日：${s.workingDays} 天${s.source === 'unknown' ? '（暂定）' : ''}`,
        ].join('\n'),
      );
      return 0;
    }
    const date = parseDateZh(what!, localDate(ctx.now), 'nearest');
    const day = calendar.day(date);
    const lines = [`${formatDateZh(date)}：${day.working ? '上班' : '休息'}${day.name ? `（${day.name}）` : ''}`];
    lines.push(
      `依据：${{ override: '已导入的国务院通知', 'chinese-days': 'chinese-days 数据包（国务院通知）', 'weekday-guess': `按周末推算 —— ${PROVISIONAL_NOTE}` }[day.source]}`,
    );
    if (!day.working) {
      const next = calendar.nextWorkingDayOnOrAfter(date);
      lines.push(`下一个工作日：${formatDateZh(next.date)}${next.provisional ? '（暂定）' : ''}`);
    }
    ctx.out(lines.join('\n'));
    return 0;
  },
};
