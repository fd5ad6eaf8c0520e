/** `/请假 记录 [年份]`: one person's requests of a year and the days away by purpose and scope (Art. 68). */
import { md, mdJoin, type Card, type Md } from '../messages';
import { PROVISIONAL_NOTE } from '../calendar/types';
import { describeSpan, STATUS_ZH } from './cards';
import { DESTINATION_SCOPES, PURPOSES } from './policy';
import type { DaysAway, YearRecord } from './record';

/** `工作日 3 天，日历日 5 天`: both measures, always named. */
export const daysText = (d: DaysAway) => `工作日 ${d.workingDays} 天，日历日 ${d.calendarDays} 天`;

export const DAYS_NOTE =
  '工作日按国家法定节假日和调休安排计算（调休上班的周六、周日算工作日，节假日不算）；日历日含周末和节假日。' +
  '只统计已批准的请假，销假早于返回日期的算到销假当日，跨年的请假按各年的天数分别统计；审批中、已驳回、已撤回、已取消的只列出、不计入。';

export function recordCard(name: string, record: YearRecord): Card {
  const { year, totals, overall, entries } = record;
  const blocks: Card['blocks'] = [];
  const totalLines: Md[] = totals.map((t) => md`- ${PURPOSES[t.purpose].zh} · ${DESTINATION_SCOPES[t.scope].zh}：${t.trips} 次，${daysText(t)}`);
  blocks.push({
    type: 'markdown',
    text: overall.trips ? md`**合计：${overall.trips} 次，${daysText(overall)}**\n${mdJoin(totalLines)}` : md`${year} 年没有已批准的请假外出。`,
  });
  if (entries.length) {
    const line = (e: YearRecord['entries'][number]) => {
      const r = e.request;
      const days = e.counted ? `本年${daysText(e.days)}` : '不计入';
      return md`- 编号 ${r.id} · ${describeSpan(r.startDate, r.endDate)} · ${PURPOSES[r.purpose].zh}${DESTINATION_SCOPES[r.scope].zh} · ${r.destination} · ${r.reason} · ${STATUS_ZH[r.status]}${r.emergency ? '（紧急）' : ''}${r.returnedAt ? '，已销假' : ''} · ${days}`;
    };
    blocks.push({ type: 'markdown', text: md`**请假明细（${entries.length} 件）**\n${mdJoin(entries.map(line))}` });
  }
  blocks.push({ type: 'note', text: md`${DAYS_NOTE}${overall.provisional ? `部分日期：${PROVISIONAL_NOTE}。` : ''}` });
  return { title: `${name} · ${year} 年请假记录`, colour: 'blue', blocks };
}
