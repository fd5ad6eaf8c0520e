import { cardMessage } from '../src/core/messages';
import { submitReport } from '../src/core/supervision/reports';
import { itemFormCard, itemPickerCard, replyOutcome, splitItem } from './task-shared';
import { UNIT_ROLES } from './roles';
import { defineCommand } from './types';

/** `/进展` and `/办结` differ only in the kind of report; one module serves both. */
export function reportCommand(spec: { name: string; zh: string; kind: 'progress' | 'completion'; summary: string; usage: string }) {
  return defineCommand<{ itemId?: string; text: string }>({
    name: spec.name,
    zh: spec.zh,
    roles: UNIT_ROLES,
    summary: spec.summary,
    usage: [spec.usage],
    parse: (args) => ({ ...splitItem(args), text: splitItem(args).rest }),
    async run(ctx, { itemId, text }) {
      if (!itemId) return ctx.reply(cardMessage(await itemPickerCard(ctx, spec.kind, spec.usage)));
      if (!text) return ctx.reply(cardMessage(await itemFormCard(ctx, itemId, spec.kind)));
      replyOutcome(ctx, await submitReport(ctx, itemId, spec.kind, text));
    },
  });
}
