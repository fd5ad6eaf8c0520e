/**
 * `/待办` and `/审批` as one compact card: a line per matter, oldest first, with its deadline and
 * light, and a button that opens the matter's live card (the full cards are not re-posted).
 */
import { articleZh } from '../errors';
import { md, mdJoin, type Block, type Card, type Md } from '../messages';
import { articleOf } from '../org/acting-authority';
import type { Directory } from '../org/directory';
import { formatDateZh, type LocalDate } from '../time';
import { TODO_KINDS, type HandedOver, type TodoItem } from './items';

/** Lines on one card; the rest are counted (a card stays small on every platform). */
const TODO_CARD_LIMIT = 20;

export const OPEN_TODO_ACTION = 'todo.open';

/** 「不到 1 小时」「3 小时」「2 天」 */
function waitedZh(since: Date, now: Date): string {
  const hours = Math.floor((now.getTime() - since.getTime()) / 3_600_000);
  if (hours < 1) return '不到 1 小时';
  return hours < 24 ? `${hours} 小时` : `${Math.floor(hours / 24)} 天`;
}

export function todoLine(todo: TodoItem, now: Date): Md {
  const due = todo.due ? `｜${TODO_KINDS[todo.kind].dueZh} ${formatDateZh(todo.due)}` : '';
  return md`${todo.light ? `${todo.light.emoji} ` : ''}**${TODO_KINDS[todo.kind].zh}**｜${todo.line}${due}｜已等待 ${waitedZh(todo.since, now)}`;
}

export function todoCard(title: string, todos: readonly TodoItem[], now: Date): Card {
  const shown = todos.slice(0, TODO_CARD_LIMIT);
  const blocks: Block[] = shown.flatMap((todo, i): Block[] => [
    { type: 'markdown', text: md`${i + 1}. ${todoLine(todo, now)}` },
    { type: 'buttons', buttons: [{ label: '打开', action: OPEN_TODO_ACTION, payload: { ref: todo.ref } }] },
  ]);
  if (todos.length > shown.length) blocks.push({ type: 'note', text: md`另有 ${todos.length - shown.length} 件未列出，处理后再发送 /待办 查看。` });
  blocks.push({ type: 'note', text: md`按等待时间排列，最早的在前；点「打开」查看该事项的卡片并办理。` });
  const urgent = todos.some((t) => t.light?.light === 'red');
  return { title: `${title} · ${todos.length} 件`, colour: urgent ? 'red' : 'blue', blocks };
}

/**
 * Atop an absent person's own `/待办`: what is addressed to them and who handles each meanwhile
 * (Art. 9, 11), so they know it is not lost and whom to ask.
 */
export function handedOverBlock(dir: Directory, handed: readonly HandedOver[], awayUntil: LocalDate | undefined): Block {
  const articles = [...new Set(handed.map((h) => articleOf(h.acting)))]
    .sort((a, b) => a - b)
    .map(articleZh)
    .join('、');
  const lines = handed.map(({ todo, acting }) => {
    const who = acting.approverId ? `${dir.person(acting.approverId)?.name ?? acting.approverId}${acting.label ? `（${acting.label}）` : ''}` : '区政府办转办';
    return md`- **${TODO_KINDS[todo.kind].zh}**｜${todo.line}｜由 ${who} 处理`;
  });
  const until = awayUntil ? `（至 ${formatDateZh(awayUntil)}）` : '';
  return {
    type: 'markdown',
    text: md`**您请假外出期间${until}，以下 ${handed.length} 件由他人代为处理（${articles}）**\n${mdJoin(lines)}\n提前返岗的，发送 /销假 后恢复由您本人办理。`,
  };
}
