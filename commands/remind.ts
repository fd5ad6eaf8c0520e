import { applyRemind, parseRemind, REMIND_USAGE, type RemindRequest } from '../src/core/reminders/pauses';
import { localDate } from '../src/core/time';
import { defineCommand } from './types';

/** `/提醒` (`/remind`): see, pause or resume my daily digest (docs/guide/digest.md). */
export const remindCommand = defineCommand<RemindRequest>({
  name: 'remind',
  zh: '提醒',
  summary: '查看、暂停或恢复每日提醒（只暂停每日提醒，审批和催办照常）',
  usage: REMIND_USAGE,
  parse: (args, ctx) => parseRemind(args, localDate(ctx.now)),
  async run(ctx, request) {
    ctx.reply(await applyRemind(ctx, request));
  },
});
