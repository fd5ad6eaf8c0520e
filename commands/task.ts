import { UserError } from '../src/core/errors';
import { cardMessage } from '../src/core/messages';
import { hasRole } from '../src/core/org/types';
import { archiveItem } from '../src/core/supervision/archive';
import { editItem } from '../src/core/supervision/edit';
import { recordApproval, sendForApproval } from '../src/core/supervision/issue';
import { ledgerCard } from '../src/core/supervision/ledger-card';
import { ledgerScope, loadLedger, parseLedgerFilters } from '../src/core/supervision/ledger';
import { mayDo, relationsOf } from '../src/core/supervision/permissions';
import { registerItem } from '../src/core/supervision/register';
import { parseKeyValues, REGISTRATION_EXAMPLE } from '../src/core/supervision/registration';
import { configure } from '../src/core/supervision/settings';
import { viewItem } from '../src/core/supervision/timeline';
import { urgeItem } from '../src/core/supervision/urge';
import { registrationSourceCard } from './task-form';
import { replyOutcome, splitItem } from './task-shared';
import type { CommandContext } from './types';
import { SUPERVISION_ROLES } from './roles';
import { defineCommand } from './types';

type Sub = 'new' | 'edit' | 'submit' | 'issue' | 'show' | 'list' | 'archive' | 'urge' | 'config';

const SUBCOMMANDS: Record<string, Sub> = {
  新建: 'new',
  new: 'new',
  修改: 'edit',
  edit: 'edit',
  送审: 'submit',
  submit: 'submit',
  交办: 'issue',
  issue: 'issue',
  查看: 'show',
  show: 'show',
  列表: 'list',
  list: 'list',
  归档: 'archive',
  archive: 'archive',
  催办: 'urge',
  urge: 'urge',
  设置: 'config',
  config: 'config',
};

const USAGE = [
  REGISTRATION_EXAMPLE,
  '/督办 新建 来源=常务会议 标题=老旧小区改造 主办=住建局 会议日期=2026-09-24',
  '/督办 新建 来源=专题会议 标题=学校扩建 主办=教育局 会议日期=2026-11-20 节点=2026-12-10:完成方案;2026-12-20:完成验收',
  '/督办 修改 DB-2026-0001 期限=2026-12-20',
  '/督办 送审 DB-2026-0001 领导=赵明',
  '/督办 交办 DB-2026-0001 领导=赵明',
  '/督办 查看 DB-2026-0001',
  '/督办 列表 单位=住建局',
  '/督办 归档 DB-2026-0001',
  '/督办 催办 DB-2026-0001',
  '/督办 设置 延期审批=区政府办',
];

function leaderOf(rest: string): string | undefined {
  return /(?:^|\s)领导[=＝](\S+)/.exec(rest)?.[1];
}

async function run(ctx: CommandContext, sub: Sub | undefined, rest: string): Promise<void> {
  const { itemId, rest: after } = splitItem(rest);
  const needItem = () => {
    if (itemId) return itemId;
    const verb = Object.keys(SUBCOMMANDS).find((k) => SUBCOMMANDS[k] === sub)!;
    throw new UserError(`请在「/督办 ${verb}」后写明督查事项编号，例如：/督办 ${verb} DB-2026-0001`);
  };
  switch (sub) {
    case undefined:
    case 'new':
      if (!rest) {
        if (!hasRole(ctx.actor, 'office_staff')) throw new UserError('督查事项由区政府办督查人员登记。查看事项请发送 /督办 查看 编号 或 /台账。');
        return ctx.reply(cardMessage(registrationSourceCard()));
      }
      return replyOutcome(ctx, await registerItem(ctx, parseKeyValues(rest)));
    case 'edit':
      return replyOutcome(ctx, await editItem(ctx, needItem(), after ? parseKeyValues(after) : {}));
    case 'submit':
      return replyOutcome(ctx, await sendForApproval(ctx, needItem(), leaderOf(after)));
    case 'issue':
      return ctx.reply((await recordApproval(ctx, needItem(), leaderOf(after))).text);
    case 'show':
      return replyOutcome(ctx, await viewItem(ctx, needItem(), ctx.link));
    case 'archive':
      return replyOutcome(ctx, await archiveItem(ctx, needItem()));
    case 'urge':
      return replyOutcome(ctx, await urgeItem(ctx, needItem()));
    case 'config': {
      const [key, value] = rest.split(/[=＝]/, 2);
      return replyOutcome(ctx, await configure(ctx, key?.trim(), value?.trim()));
    }
    case 'list': {
      const filters = parseLedgerFilters(rest, ctx.dir);
      const rows = await loadLedger(ctx.db, await ctx.calendar(), ctx.now, filters, ledgerScope(ctx.dir, ctx.actor));
      return ctx.reply(cardMessage(ledgerCard(rows, filters, ctx.dir, { canExport: mayDo('export_ledger', relationsOf(ctx.dir, ctx.actor)) })));
    }
  }
}

/** `/督办`: the office registers (新建), edits, sends for approval, issues, shows and archives items (Art. 40). */
export const taskCommand = defineCommand<{ sub: Sub | undefined; rest: string }>({
  name: 'task',
  zh: '督办',
  roles: SUPERVISION_ROLES,
  summary: '督查事项：登记（新建）、修改、送审、交办、查看、列表、归档、催办',
  usage: USAGE,
  parse(args) {
    const text = args.trim();
    if (!text) return { sub: undefined, rest: '' };
    const [word, ...more] = text.split(/\s+/);
    const sub = SUBCOMMANDS[word!.toLowerCase()];
    if (sub) return { sub, rest: text.slice(word!.length).trim() };
    // `/督办 来源=…` is a registration without the word 新建; `/督办 DB-…` shows the item.
    if (word!.includes('=')) return { sub: 'new', rest: text };
    if (/^db[-－]/i.test(word!)) return { sub: 'show', rest: [word, ...more].join(' ') };
    throw new UserError(
      `不认识「/督办 ${word}」。可用：新建、修改、送审、交办、查看、列表、归档、设置。例如：\n${USAGE.slice(0, 1).concat(USAGE.slice(3, 7)).join('\n')}`,
    );
  },
  run: (ctx, { sub, rest }) => run(ctx, sub, rest),
});
