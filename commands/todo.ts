import { UserError } from '../src/core/errors';
import { cardMessage } from '../src/core/messages';
import { handedOverBlock, OPEN_TODO_ACTION, todoCard } from '../src/core/todo/card';
import { todoViewOf } from '../src/core/todo/load';
import { openTodo } from '../src/core/todo/open';
import type { CardAction } from './types';
import { defineCommand } from './types';

/** `/待办` (`/todo`): everything waiting for me and for those I stand in for today, oldest first. */
export const todoCommand = defineCommand<Record<string, never>>({
  name: 'todo',
  zh: '待办',
  summary: '查看等待我处理的全部事项（审批、审签、审定、签收、报送等），可逐件打开办理',
  usage: ['/待办'],
  parse(args) {
    if (args.trim()) throw new UserError('/待办 不需要参数，直接发送 /待办 即可。');
    return {};
  },
  async run(ctx) {
    const { todos, handedOver, awayUntil } = await todoViewOf(ctx);
    if (handedOver.length) {
      // Away (Art. 9, 11): his own list says who handles what is addressed to him meanwhile.
      const card = todos.length
        ? todoCard('待办', todos, ctx.now)
        : { title: `待办 · 外出期间由他人代办 ${handedOver.length} 件`, colour: 'blue' as const, blocks: [] };
      return ctx.reply(cardMessage({ ...card, blocks: [handedOverBlock(ctx.dir, handedOver, awayUntil), ...card.blocks] }));
    }
    if (todos.length === 0) return ctx.reply('目前没有等待您处理的事项。');
    ctx.reply(cardMessage(todoCard('待办', todos, ctx.now)));
  },
});

/** 「打开」 on a to-do line: the matter's live card, sent to the clicker. */
export const openTodoAction: CardAction = {
  action: OPEN_TODO_ACTION,
  async run(ctx, payload) {
    const { card, subject } = await openTodo(ctx, payload.ref);
    ctx.reply(cardMessage(card), { subject });
    return { toast: { kind: 'info', text: `已发送「${card.title}」卡片，请在卡片上办理。` } };
  },
};
