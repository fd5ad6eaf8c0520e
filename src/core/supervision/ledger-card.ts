import { md, mdJoin, type Block, type Card } from '../messages';
import type { Directory } from '../org/directory';
import { sourceLabel } from '../rules/deadlines';
import { unitName } from './cards';
import { LIGHT_KEYS, lightEmoji } from './light';
import { describeFilters, type LedgerFilters, type LedgerRow } from './ledger';
import { STATUS_ZH } from './types';

/** Rows shown on the card; the export has all of them. */
export const LEDGER_CARD_ROWS = 30;

export function ledgerCard(rows: LedgerRow[], filters: LedgerFilters, dir: Directory, options: { canExport: boolean }): Card {
  const counts = LIGHT_KEYS.map((k) => `${lightEmoji(k)} ${rows.filter((r) => r.light.key === k).length}`).join('　');
  const condition = describeFilters(filters, dir);
  const blocks: Block[] = [{ type: 'markdown', text: md`${condition ? `筛选：${condition}\n` : ''}共 **${rows.length}** 项　${counts}` }];
  if (rows.length) {
    const lines = rows
      .slice(0, LEDGER_CARD_ROWS)
      .map(
        ({ item, light }) =>
          md`${light.emoji} **${item.id}** ${item.title}｜${sourceLabel(item.source)}｜${unitName(dir, item.leadUnitId)}｜${item.dueOn}${item.dueProvisional ? '（暂定）' : ''}｜${STATUS_ZH[item.status]}`,
      );
    blocks.push({ type: 'markdown', text: mdJoin(lines) });
    if (rows.length > LEDGER_CARD_ROWS) blocks.push({ type: 'note', text: md`仅显示前 ${LEDGER_CARD_ROWS} 项，请加筛选条件或导出查看全部。` });
  } else {
    blocks.push({ type: 'note', text: md`没有符合条件的督查事项。` });
  }
  blocks.push({
    type: 'note',
    text: md`筛选示例：/台账 单位=住建局 来源=领导批示 状态=办理中 灯=红 3个工作日内到期；按关键词找：/台账 搜索 供暖；查看详情：/督办 查看 编号`,
  });
  if (options.canExport) {
    blocks.push({
      type: 'buttons',
      buttons: [{ label: '导出台账', action: 'sup.export', payload: { filters: condition }, command: `/台账 导出 ${condition}`.trim() }],
    });
  }
  return { title: '督查台账', colour: 'blue', blocks };
}
