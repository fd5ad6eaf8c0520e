import { cardMessage } from '../src/core/messages';
import { submitPlan } from '../src/core/supervision/units';
import { itemFormCard, itemPickerCard, replyOutcome, splitItem } from './task-shared';
import { UNIT_ROLES } from './roles';
import { defineCommand } from './types';

const USAGE = '/计划 DB-2026-0001 1. 12月5日前完成排查；2. 12月15日前完成整改';

/** `/计划`: a unit submits its work plan (工作计划, Art. 40 承办落实). */
export const planCommand = defineCommand<{ itemId?: string; text: string }>({
  name: 'plan',
  zh: '计划',
  roles: UNIT_ROLES,
  summary: '提交工作计划（落实措施和时间安排）',
  usage: [USAGE],
  parse: (args) => ({ ...splitItem(args), text: splitItem(args).rest }),
  async run(ctx, { itemId, text }) {
    if (!itemId) return ctx.reply(cardMessage(await itemPickerCard(ctx, 'plan', USAGE)));
    if (!text) return ctx.reply(cardMessage(await itemFormCard(ctx, itemId, 'plan')));
    replyOutcome(ctx, await submitPlan(ctx, itemId, text));
  },
});
