import { UserError } from '../src/core/errors';
import { cardMessage } from '../src/core/messages';
import { OUTGOING_EXAMPLE, startOutgoing } from '../src/core/documents/register';
import { decideByCommand, listCard, needId, resubmitByCommand, showDoc, splitDoc } from './document-shared';
import { SUPERVISION_ROLES, UNIT_ROLES } from './roles';
import { defineCommand } from './types';

type Sub = 'draft' | 'show' | 'list' | 'resubmit' | 'agree' | 'return';
const SUBS: Record<string, Sub> = { 起草: 'draft', 新建: 'draft', 查看: 'show', 列表: 'list', 重报: 'resubmit', 同意: 'agree', 签发: 'agree', 退回: 'return' };

/** `/发文` (`/outgoing`): a draft travels the Art. 62 chain of its kind to its 文号. */
export const outgoingCommand = defineCommand<{ sub: Sub; rest: string }>({
  name: 'outgoing',
  zh: '发文',
  summary: '起草发文，按第六十二条逐级审签，签发后编文号归档',
  roles: [...SUPERVISION_ROLES, ...UNIT_ROLES],
  usage: [
    OUTGOING_EXAMPLE,
    '/发文 起草 类别=区政府办名义 标题=关于调整值班安排的通知',
    '/发文 起草 类别=议案 标题=关于提请审议2027年财政预算的议案 单位=财政局',
    '/发文 列表',
    '/发文 查看 2',
    '/发文 同意 2',
    '/发文 签发 2',
    '/发文 退回 2 第三条与现行规定不一致',
    '/发文 重报 2 已按意见修改第三条',
  ],
  parse(args) {
    const text = args.trim();
    if (!text) return { sub: 'list', rest: '' };
    const [word = ''] = text.split(/\s+/);
    const sub = SUBS[word];
    if (!sub)
      throw new UserError(
        `不认识「/发文 ${word}」。可用：${Object.keys(SUBS)
          .map((k) => `/发文 ${k}`)
          .join('、')}。例如：\n${OUTGOING_EXAMPLE}`,
      );
    return { sub, rest: text.slice(word.length).trim() };
  },
  async run(ctx, { sub, rest }) {
    switch (sub) {
      case 'draft': {
        const created = await startOutgoing(ctx, rest);
        ctx.reply(created.text);
        return ctx.reply(cardMessage(created.card), { subject: created.subject });
      }
      case 'list':
        return ctx.reply(cardMessage(await listCard(ctx, 'outgoing')));
      case 'show':
        return showDoc(ctx, needId(splitDoc(rest).id, '/发文 查看 1'), 'outgoing');
      case 'resubmit': {
        const { id, rest: note } = splitDoc(rest);
        return resubmitByCommand(ctx, needId(id, '/发文 重报 1 修改说明'), note);
      }
      case 'agree':
        return decideByCommand(ctx, 'outgoing', 'agree', rest, '/发文 同意 1');
      case 'return':
        return decideByCommand(ctx, 'outgoing', 'return', rest, '/发文 退回 1 理由');
    }
  },
});
