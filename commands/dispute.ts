import { UserError } from '../src/core/errors';
import { decideDispute, DISPUTE_ACTION, DISPUTE_EXAMPLE, raiseDispute, type DisputeOutcome } from '../src/core/supervision/disputes';
import { UNIT_ROLES } from './roles';
import { replyOutcome, splitItem, toResponse } from './task-shared';
import type { CardAction } from './types';
import { defineCommand } from './types';

const OUTCOME_WORDS: Record<string, DisputeOutcome> = { 一致: 'agreed', 一致意见: 'agreed', 建议: 'proposed', 倾向性建议: 'proposed' };
const DECIDE_EXAMPLE = '/异议 协调 1 一致 由城东街道牵头，住建局配合';

type DisputeArgs = { kind: 'raise'; itemId: string; reason: string } | { kind: 'decide'; id: string; outcome: DisputeOutcome; note: string };

/**
 * `/异议` (Art. 61): a unit raises a disagreement on a forwarded 来文's item; `/异议 协调` records the
 * supervising deputy's coordination where the card's form cannot be used (DingTalk).
 */
export const disputeCommand = defineCommand<DisputeArgs>({
  name: 'dispute',
  zh: '异议',
  roles: [...UNIT_ROLES, 'deputy_head', 'executive_deputy', 'district_head', 'office_staff'],
  summary: '对转办来文的督查事项提出异议，由分管副区长协调（第六十一条）',
  usage: [DISPUTE_EXAMPLE, DECIDE_EXAMPLE],
  parse(args) {
    const decide = /^协调\s+(\S+)\s+(\S+)\s*([\s\S]*)$/.exec(args.trim());
    if (decide) {
      const outcome = OUTCOME_WORDS[decide[2]!];
      if (!outcome) throw new UserError(`协调结果须为「一致」或「建议」，例如：${DECIDE_EXAMPLE}`);
      return { kind: 'decide', id: decide[1]!, outcome, note: decide[3]! };
    }
    const { itemId, rest } = splitItem(args);
    if (!itemId) throw new UserError(`请写明督查事项编号和异议内容，例如：${DISPUTE_EXAMPLE}`);
    return { kind: 'raise', itemId, reason: rest };
  },
  async run(ctx, args) {
    const outcome = args.kind === 'raise' ? await raiseDispute(ctx, args.itemId, args.reason) : await decideDispute(ctx, args.id, args.outcome, args.note);
    replyOutcome(ctx, { text: outcome.text });
  },
});

/** 记录协调意见 on the dispute card. */
export const disputeAction: CardAction = {
  action: DISPUTE_ACTION,
  run: async (ctx, payload, form) => toResponse(await decideDispute(ctx, payload.dispute, form.outcome, form.note)),
};
