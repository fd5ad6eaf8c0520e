import { acknowledge } from '../src/core/supervision/units';
import { cardMessage } from '../src/core/messages';
import { itemPickerCard, replyOutcome, splitItem } from './task-shared';
import { UNIT_ROLES } from './roles';
import { defineCommand } from './types';

const USAGE = '/签收 DB-2026-0001';

/** `/签收`: a unit acknowledges a supervision notice (Art. 40 承办落实). */
export const ackCommand = defineCommand<{ itemId?: string }>({
  name: 'ack',
  zh: '签收',
  roles: UNIT_ROLES,
  summary: '签收督查通知（主办、协办单位主要负责人或联络员）',
  usage: [USAGE],
  parse: (args) => ({ itemId: splitItem(args).itemId ?? (args.trim() || undefined) }),
  async run(ctx, { itemId }) {
    if (!itemId) return ctx.reply(cardMessage(await itemPickerCard(ctx, 'ack', USAGE)));
    replyOutcome(ctx, await acknowledge(ctx, itemId));
  },
});
