import { PROVISIONAL_NOTE } from '../calendar/types';
import { citing } from '../errors';
import { md, mdJoin, mdText, type Block, type Card, type Colour } from '../messages';
import { formatDateZh, type LocalDate } from '../time';
import { visibleLines, type Digest } from './digest';
import { pauseExample } from './pauses';
import { CHASE_ARTICLE } from './policy';

function colourOf(digest: Digest): Colour {
  const keys = new Set(digest.sections.map((s) => s.key));
  if (keys.has('overdue')) return 'red';
  if (keys.has('dueToday') || keys.has('dueSoon') || keys.has('unacked')) return 'orange';
  return 'blue';
}

/** One card a day per person (docs/reference/reminders.md): a section per kind of thing, the longest cut with the command that lists all. */
export function digestCard(digest: Digest, today: LocalDate): Card {
  const blocks: Block[] = digest.sections.map((s) => {
    const { lines, hidden } = visibleLines(s);
    const more = s.act
      ? `
发送 ${s.act} 逐件办理${hidden ? `（另有 ${hidden} 项未列出）` : ''}`
      : hidden
        ? `
…另有 ${hidden} 项${s.more ? `，发送 ${s.more} 查看全部` : ''}`
        : '';
    return {
      type: 'markdown',
      text: md`**${s.title}（${s.total ?? s.lines.length}）**
${mdJoin(lines.map((line) => md`- ${line}`))}${more}`,
    };
  });
  if (digest.sections.some((s) => s.key === 'overdue' || s.key === 'dueToday' || s.key === 'dueSoon')) {
    blocks.push({ type: 'note', text: mdText(citing(CHASE_ARTICLE, '督查事项应严格在规定时限内办结；期限按工作日计算，确需延期的须在期限前申请（/延期）。')) });
  }
  if (digest.provisional) blocks.push({ type: 'note', text: mdText(PROVISIONAL_NOTE) });
  blocks.push({ type: 'note', text: md`每个工作日推送一次。发送 ${pauseExample(today)} 可暂停每日提醒，/提醒 恢复 可恢复。` });
  return { title: `每日提醒 · ${formatDateZh(today)}`, colour: colourOf(digest), blocks };
}
