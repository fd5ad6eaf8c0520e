import { md, mdJoin, mdText, type Block, type Button, type Card, type Md } from '../messages';
import type { Directory } from '../org/directory';
import { unitName } from './cards';
import type { SearchPage } from './search';
import { highlight, type Segment } from './search-query';
import { STATUS_ZH } from './types';

/** Matching words in bold; every piece stays text, so a typed `**` or link never becomes markup. */
export function segmentsMd(segments: readonly Segment[]): Md {
  return { md: segments.flatMap((s) => (s.hit ? md`**${s.text}**`.md : mdText(s.text).md)) };
}

/** The `/台账 搜索` command for a page: what the page buttons send on platforms without callbacks. */
export const searchCommand = (text: string, page: number) => `/台账 搜索 ${text}${page > 1 ? ` 第${page}页` : ''}`;

export function searchCard(result: SearchPage, dir: Directory): Card {
  const { query, hits, total, page, pages } = result;
  const blocks: Block[] = [{ type: 'markdown', text: md`搜索「${query.text}」：共 **${total}** 项${pages > 1 ? `，第 ${page}/${pages} 页` : ''}` }];
  if (hits.length) {
    blocks.push({
      type: 'markdown',
      text: mdJoin(
        hits.map(({ item, light, title, match }) => {
          // The number stays plain (bold only where a word hits it): bold is the highlight alone, so a
          // highlighted word at the start of the title does not run into a bold number.
          const number = segmentsMd(highlight(item.id, query.words));
          const line = md`${light.emoji} ${number}｜${segmentsMd(title)}｜${unitName(dir, item.leadUnitId)}｜${item.dueOn}｜${STATUS_ZH[item.status]}`;
          return match ? md`${line}\n　${match.label}：${segmentsMd(match.snippet)}` : line;
        }),
      ),
    });
  } else {
    blocks.push({
      type: 'note',
      text: md`没有找到包含「${query.text}」的督查事项。可换个说法，或少写几个字再试（搜索范围：编号、标题、内容、文号、单位、责任人、报告）。`,
    });
  }
  const buttons: Button[] = [];
  const pageButton = (label: string, to: number): Button => ({
    label,
    action: 'sup.search',
    payload: { q: query.text, page: String(to) },
    command: searchCommand(query.text, to),
  });
  if (page > 1) buttons.push(pageButton('上一页', page - 1));
  if (page < pages) buttons.push(pageButton('下一页', page + 1));
  if (buttons.length) blocks.push({ type: 'buttons', buttons });
  blocks.push({ type: 'note', text: md`多个词用空格分开表示同时包含；查看详情：/督办 查看 编号` });
  return { title: '台账搜索', colour: 'blue', blocks };
}
