import { UserError } from '../src/core/errors';
import { cardMessage } from '../src/core/messages';
import { todoCard } from '../src/core/todo/card';
import { isDecision } from '../src/core/todo/items';
import { todoViewOf } from '../src/core/todo/load';
import { defineCommand } from './types';

/** `/审批` (`/approvals`): the decisions part of `/待办` — leave, meeting absence, 审定, 审签, extensions. */
export const approvalsCommand = defineCommand<Record<string, never>>({
  name: 'approvals',
  zh: '审批',
  summary: '查看等待我决定的事项：请假、会议请假、审定交办、审签报告、延期申请',
  usage: ['/审批'],
  parse(args) {
    if (args.trim()) throw new UserError('/审批 不需要参数，直接发送 /审批 即可。');
    return {};
  },
  async run(ctx) {
    const { todos, handedOver } = await todoViewOf(ctx);
    const decisions = todos.filter(isDecision);
    if (decisions.length) return ctx.reply(cardMessage(todoCard('待您审批', decisions, ctx.now)));
    // Away (Art. 9, 11): never a bare "nothing" while his decisions are with a stand-in.
    const handed = handedOver.filter((h) => isDecision(h.todo)).length;
    const away = handed ? `您请假外出期间，有 ${handed} 件待审批事项由他人代为处理，发送 /待办 查看办理人。` : '';
    ctx.reply(todos.length ? `目前没有等待您审批的事项。${away}您还有 ${todos.length} 件其他待办，发送 /待办 查看。` : `目前没有等待您审批的事项。${away}`);
  },
});
