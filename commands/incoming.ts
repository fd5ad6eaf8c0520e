import { UserError } from '../src/core/errors';
import { cardMessage } from '../src/core/messages';
import { forwardDocument } from '../src/core/documents/forward';
import { parseFields } from '../src/core/documents/fields';
import { INCOMING_EXAMPLE, registerIncoming } from '../src/core/documents/register';
import { decideByCommand, listCard, needId, replyResponse, resubmitByCommand, showDoc, splitDoc } from './document-shared';
import { SUPERVISION_ROLES } from './roles';
import { defineCommand } from './types';

type Sub = 'register' | 'show' | 'list' | 'forward' | 'resubmit' | 'agree' | 'instruct' | 'return';
const SUBS: Record<string, Sub> = {
  登记: 'register',
  查看: 'show',
  列表: 'list',
  转办: 'forward',
  重报: 'resubmit',
  同意: 'agree',
  批示: 'instruct',
  退回: 'return',
};
const FORWARD_EXAMPLE = '/来文 转办 1 主办=住建局 协办=兴隆镇';

/** `/来文` (`/incoming`): 来文登记 and its Art. 61 sign-offs, then 转办 into a supervision item. */
export const incomingCommand = defineCommand<{ sub: Sub; rest: string }>({
  name: 'incoming',
  zh: '来文',
  summary: '来文登记、领导审定批示（第六十一条）与转办立项督办',
  roles: SUPERVISION_ROLES,
  usage: [
    INCOMING_EXAMPLE,
    '/来文 列表',
    '/来文 查看 1',
    '/来文 同意 1',
    '/来文 批示 1 请住建局牵头，月底前拿出方案',
    '/来文 退回 1 拟办意见不明确',
    FORWARD_EXAMPLE,
    '/来文 重报 1 已补充拟办意见',
  ],
  parse(args) {
    const text = args.trim();
    if (!text) return { sub: 'list', rest: '' };
    const [word = '', ...rest] = text.split(/\s+/);
    const sub = SUBS[word];
    if (!sub)
      throw new UserError(
        `不认识「/来文 ${word}」。可用：${Object.keys(SUBS)
          .map((k) => `/来文 ${k}`)
          .join('、')}。例如：\n${INCOMING_EXAMPLE}`,
      );
    return { sub, rest: text.slice(word.length).trim() || rest.join(' ') };
  },
  async run(ctx, { sub, rest }) {
    switch (sub) {
      case 'register': {
        const created = await registerIncoming(ctx, rest);
        ctx.reply(created.text);
        return ctx.reply(cardMessage(created.card), { subject: created.subject });
      }
      case 'list':
        return ctx.reply(cardMessage(await listCard(ctx, 'incoming')));
      case 'show':
        return showDoc(ctx, needId(splitDoc(rest).id, '/来文 查看 1'), 'incoming');
      case 'forward': {
        const { id, rest: after } = splitDoc(rest);
        const fields = after ? parseFields(after, ['主办', '协办', '期限'] as const, FORWARD_EXAMPLE) : {};
        const response = await forwardDocument(ctx, needId(id, FORWARD_EXAMPLE), { lead: fields.主办, assisting: fields.协办, due: fields.期限 });
        return replyResponse(ctx, response, 'office');
      }
      case 'resubmit': {
        const { id, rest: note } = splitDoc(rest);
        return resubmitByCommand(ctx, needId(id, '/来文 重报 1 修改说明'), note);
      }
      case 'agree':
        return decideByCommand(ctx, 'incoming', 'agree', rest, '/来文 同意 1');
      case 'instruct':
        return decideByCommand(ctx, 'incoming', 'instruct', rest, '/来文 批示 1 批示意见');
      case 'return':
        return decideByCommand(ctx, 'incoming', 'return', rest, '/来文 退回 1 理由');
    }
  },
});
