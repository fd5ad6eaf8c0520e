import { inArray } from 'drizzle-orm';
import { supervisionItems } from '../db/schema';
import { UserError } from '../src/core/errors';
import { cardMessage, md, type Card, type FormInput } from '../src/core/messages';
import { weeklyFormCard, WEEKLY_USAGE } from '../src/core/reminders/weekly-card';
import { submitWeeklyReport } from '../src/core/reminders/weekly-submit';
import { actorUnitsOn, authorize } from '../src/core/supervision/permissions';
import { requireDetail } from '../src/core/supervision/store';
import { replyOutcome, splitItem, toRecord } from './task-shared';
import type { CardAction, CommandContext } from './types';
import { UNIT_ROLES } from './roles';
import { defineCommand } from './types';

/** Typed without a number: the actor's units' long-running open items to choose from. */
async function pickerCard(ctx: CommandContext): Promise<Card> {
  const items = (
    await ctx.db
      .select()
      .from(supervisionItems)
      .where(inArray(supervisionItems.status, ['issued', 'in_progress']))
  ).filter((item) => item.longRunning && actorUnitsOn(ctx.dir, ctx.actor, item).length > 0);
  if (items.length === 0) throw new UserError(`您所在单位目前没有实行周报制的督查事项。用法：${WEEKLY_USAGE}`);
  const inputs: FormInput[] = [
    { kind: 'select', name: 'item', label: '督查事项', required: true, options: items.map((i) => ({ label: `${i.id} ${i.title}`, value: i.id })) },
    { kind: 'textarea', name: 'text', label: '本周办理进展', required: true },
  ];
  return {
    title: '报送周报',
    colour: 'blue',
    blocks: [
      { type: 'form', name: 'weekly', inputs, submit: { label: '提交', action: 'weekly.submit', style: 'primary' } },
      { type: 'note', text: md`也可直接发送：${WEEKLY_USAGE}` },
    ],
  };
}

/** `/周报` (`/weekly`): the weekly progress report of a long-running item (Art. 40 周报制). */
export const weeklyCommand = defineCommand<{ itemId?: string; text: string }>({
  name: 'weekly',
  zh: '周报',
  roles: UNIT_ROLES,
  summary: '报送周报（实行周报制的督查事项，每周一次；逾期报送照收并标记逾期）',
  usage: [WEEKLY_USAGE, '/周报'],
  parse: (args) => {
    const { itemId, rest } = splitItem(args);
    if (!itemId && rest) throw new UserError(`请先写督查事项编号，例如：${WEEKLY_USAGE}`);
    return { itemId, text: rest };
  },
  async run(ctx, { itemId, text }) {
    if (!itemId) return ctx.reply(cardMessage(await pickerCard(ctx)));
    if (!text) {
      const { item } = await requireDetail(ctx.db, itemId);
      authorize(ctx.dir, ctx.actor, 'report', { item });
      return ctx.reply(cardMessage(weeklyFormCard(item)));
    }
    replyOutcome(ctx, await submitWeeklyReport(ctx, itemId, text));
  },
});

export const weeklyActions: CardAction[] = [
  {
    action: 'weekly.submit',
    async run(ctx, payload, form) {
      const itemId = payload.item ?? form.item;
      if (!itemId) throw new UserError('请选择督查事项。');
      const outcome = await submitWeeklyReport(ctx, itemId, form.text);
      const { item } = await requireDetail(ctx.db, itemId);
      return toRecord(outcome, weeklyFormCard(item), form);
    },
  },
];
