import { UserError } from '../src/core/errors';
import { decideSignoff, resubmitSignoff } from '../src/core/signoffs/engine';
import { currentRound } from '../src/core/signoffs/store';
import { SIGNOFF_WORDS } from '../src/core/signoffs/words';
import { adapterOf } from '../src/core/signoffs/subjects';
import type { SubjectType } from '../src/core/signoffs/types';
import { defineCommand } from './types';

interface SignoffArgs {
  type: SubjectType;
  id: string;
  verb: '同意' | '退回' | '重新提交';
  reason: string;
}

const EXAMPLE = '/签批 议题 1 同意，或 /签批 用印 3 退回 请补充用印依据';

/**
 * `/签批`: the typed form of the 同意 / 退回 / 重新提交 buttons of a sign-off card (议题, 纪要, 全区会议,
 * 用印), for clients without card buttons or forms (DingTalk robot messages).
 */
export const signoffCommand = defineCommand<SignoffArgs>({
  name: 'signoff',
  zh: '签批',
  summary: '同意、退回或重新提交议题、会议纪要、全区性会议申请、用印申请（卡片按钮的文字用法）',
  roles: ['district_head', 'executive_deputy', 'deputy_head', 'office_staff', 'unit_head', 'unit_liaison'],
  usage: ['/签批 议题 1 同意', '/签批 纪要 2 退回 请补充议定事项的协办单位', '/签批 用印 3 重新提交'],
  parse(args) {
    const [word = '', id = '', verb = '', ...reason] = args.trim().split(/\s+/);
    const type = SIGNOFF_WORDS[word];
    if (!type) throw new UserError(`请写明签批的事项：议题、纪要、全区会议或用印。例如：${EXAMPLE}`);
    if (!/^\d+$/.test(id)) throw new UserError(`请写明编号（卡片标题中的编号）。例如：${EXAMPLE}`);
    if (verb !== '同意' && verb !== '退回' && verb !== '重新提交') throw new UserError(`请写明 同意、退回 或 重新提交。例如：${EXAMPLE}`);
    return { type, id, verb, reason: reason.join(' ') };
  },
  async run(ctx, args) {
    const adapter = adapterOf(args.type);
    const payload: Record<string, string> = { type: args.type, id: args.id };
    const pending = (await currentRound(ctx.db, args.type, Number(args.id))).find((s) => s.status === 'pending');
    if (pending) payload.step = `${pending.round}.${pending.idx}`;
    const response =
      args.verb === '重新提交'
        ? await resubmitSignoff(ctx, adapter, payload)
        : await decideSignoff(ctx, adapter, payload, args.verb === '同意' ? 'approve' : 'return', args.reason);
    if (response.toast.kind === 'error') throw new UserError(response.toast.text);
    // The answer is the toast's sentence; the cards themselves are refreshed (or re-sent) by the engine.
    ctx.reply(response.toast.text);
  },
});
