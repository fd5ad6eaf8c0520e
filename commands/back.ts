import { UserError } from '../src/core/errors';
import { applyMove, leaveForMove } from '../src/core/leave/lifecycle';
import { defineCommand } from './types';

/** `/销假` (`/back`): report back after an approved leave (Art. 68). */
export const backCommand = defineCommand<{ id?: number }>({
  name: 'back',
  zh: '销假',
  summary: '外出返回后销假',
  usage: ['/销假', '/销假 12'],
  parse(args) {
    const raw = args.trim().replace(/^#|^编号/, '');
    if (!raw) return {};
    const id = Number(raw);
    if (!Number.isInteger(id) || id <= 0) throw new UserError('请假编号应为数字，例如：/销假 12（编号见请假卡片标题）。');
    return { id };
  },
  async run(ctx, { id }) {
    const leave = await leaveForMove(ctx, 'back', id);
    ctx.reply((await applyMove(ctx, leave, 'back')).message);
  },
});
