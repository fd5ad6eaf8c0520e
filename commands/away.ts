import { readDateZh, type ReadDate } from '../src/core/dates/parse-zh';
import { awayCard } from '../src/core/leave/away';
import { approvedCovering, pendingCovering } from '../src/core/leave/store';
import { cardMessage } from '../src/core/messages';
import { localDate } from '../src/core/time';
import { defineCommand } from './types';

/** `/谁请假` (`/away`) `[日期]`: who is away; leaders and the office see everyone, others their unit. */
export const awayCommand = defineCommand<ReadDate>({
  name: 'away',
  zh: '谁请假',
  summary: '查看某天（默认今天）谁请假外出',
  usage: ['/谁请假', '/谁请假 明天', '/谁请假 12月1日'],
  // A query: a date without a year is the nearest such date, past or future.
  parse: (args, ctx) => {
    const today = localDate(ctx.now);
    return args.trim() ? readDateZh(args, today, 'nearest') : { date: today };
  },
  async run(ctx, { date, yearNote }) {
    const [approved, pending] = await Promise.all([approvedCovering(ctx.db, date), pendingCovering(ctx.db, date)]);
    ctx.reply(cardMessage(awayCard(ctx.dir, ctx.actor, date, approved, pending, yearNote)));
  },
});
