import { articleZh, citing } from '../errors';
import { md, mdJoin, mdText, type Block, type Card } from '../messages';
import type { Directory } from '../org/directory';
import { unitName } from '../supervision/cards';
import { formatDateZh, formatInstantZh, localDate } from '../time';
import type { Bulletin, LateItem, UnitFigures } from './bulletin';
import { BULLETIN_ARTICLES } from './policy';

export function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`;
}

/** The chart series, in this order, one bar per unit each (Feishu renders a grouped bar chart). */
export const BULLETIN_SERIES = ['在办', '逾期', '按期办结', '逾期办结'] as const;

export function seriesValues(f: UnitFigures): number[] {
  return [f.open.length, f.overdue.length, f.completedOnTime.length, f.completedLate.length];
}

const ids = (list: readonly string[]) => list.join('、');
const late = (list: readonly LateItem[]) => list.map((l) => `${l.itemId}（${l.workingDaysLate} 个工作日）`).join('、');

/** The numbers of one unit, then each non-zero figure with its items and the command that lists them. */
function unitBlock(dir: Directory, f: UnitFigures): Block {
  const name = unitName(dir, f.unitId);
  const ledger = (filter: string) => `/台账 单位=${name} ${filter}`;
  const lines = [
    md`**${name}**　在办 ${f.open.length} · 逾期 ${f.overdue.length} · 按期办结 ${f.completedOnTime.length} · 逾期办结 ${f.completedLate.length} · 退回 ${f.returned.length} · 延期 ${f.extensions.length} · 按期办结率 ${percent(f.onTimeRate)}`,
  ];
  if (f.open.length) lines.push(md`- 在办：${ids(f.open)}（${ledger('状态=已交办')}；${ledger('状态=办理中')}）`);
  if (f.overdue.length) lines.push(md`- 逾期：${late(f.overdue)}（${ledger('灯=红')}）`);
  if (f.completedOnTime.length) lines.push(md`- 按期办结：${ids(f.completedOnTime)}（${ledger('状态=已办结')}；${ledger('状态=已归档')}）`);
  if (f.completedLate.length) lines.push(md`- 逾期办结：${late(f.completedLate)}（${ledger('状态=已办结')}；${ledger('状态=已归档')}）`);
  if (f.returned.length)
    lines.push(md`- 退回报告：${f.returned.map((r) => `${r.itemId} ${r.title} 第${r.round}轮退回`).join('、')}（/督办 查看 ${f.returned[0]!.itemId}）`);
  if (f.extensions.length) lines.push(md`- 延期：${f.extensions.map((e) => e.itemId).join('、')}（/督办 查看 ${f.extensions[0]!.itemId}）`);
  return { type: 'markdown', text: mdJoin(lines) };
}

/** The bulletin card (Art. 37, 38): totals, a bar chart per unit, then each unit's figures with their items. */
export function bulletinCard(bulletin: Bulletin, dir: Directory): Card {
  const t = bulletin.totals;
  const blocks: Block[] = [
    {
      type: 'markdown',
      text: md`**全区**　在办 ${t.open.length} · 逾期 ${t.overdue.length} · 按期办结 ${t.completedOnTime.length} · 逾期办结 ${t.completedLate.length} · 退回报告 ${t.returned.length} · 延期 ${t.extensions.length} · 按期办结率 ${percent(t.onTimeRate)}`,
    },
  ];
  if (bulletin.units.length === 0) {
    blocks.push({ type: 'note', text: md`台账中尚无已交办的督查事项。` });
  } else {
    blocks.push({
      type: 'chart',
      title: '各单位督查事项办理情况',
      categories: bulletin.units.map((f) => unitName(dir, f.unitId)),
      series: BULLETIN_SERIES.map((name, i) => ({ name, values: bulletin.units.map((f) => seriesValues(f)[i]!) })),
    });
    blocks.push({ type: 'divider' }, ...bulletin.units.map((f) => unitBlock(dir, f)));
  }
  blocks.push(
    {
      type: 'note',
      text: md`按主办单位统计（退回、延期按报送或申请的单位）。按期办结率 = 按期办结 ÷（按期办结 + 逾期办结 + 在办逾期）；逾期天数按工作日计算；延期仅计在期限前申请并获批的。/台账 单位=… 也会列出该单位协办的事项。`,
    },
    {
      type: 'note',
      text: mdText(
        citing(BULLETIN_ARTICLES[0], `健全情况通报制度；并依据${articleZh(BULLETIN_ARTICLES[1])}加强考核评估。数据截至 ${formatInstantZh(bulletin.asOf)}。`),
      ),
    },
  );
  return { title: `督查通报 · ${formatDateZh(localDate(bulletin.asOf))}`, colour: t.overdue.length ? 'red' : 'blue', blocks };
}
