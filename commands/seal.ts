import { parseSealArgs, requestSealUse, SEAL_EXAMPLE } from '../src/core/seals/seal-use';
import { cardMessage, md } from '../src/core/messages';
import { sealFormCard } from '../src/core/seals/form-card';
import type { SealFields } from '../src/core/seals/seal-use';
import { SEALS, type Seal } from '../src/core/seals/seal-use';
import { defineCommand, type CardAction } from './types';

/** `/用印`: a seal use, signed off by the head (or his entrusted deputy) or the office director (Art. 64). */
export const sealCommand = defineCommand<SealFields | null>({
  name: 'seal',
  zh: '用印',
  summary: '申请使用区政府、区政府党组或区政府办印章（第六十四条）',
  usage: [SEAL_EXAMPLE, '/用印 印章=区政府办 事由=会议通知 份数=30', '/用印'],
  parse: (args) => (args.trim() ? parseSealArgs(args) : null),
  async run(ctx, fields) {
    if (fields) await requestSealUse(ctx, fields);
    else ctx.reply(cardMessage(sealFormCard()));
  },
});

export const sealActions: CardAction[] = [
  {
    action: 'seal.submit',
    async run(ctx, _payload, form) {
      const seal = form.seal && form.seal in SEALS ? SEALS[form.seal as Seal].words[0] : form.seal;
      await requestSealUse(ctx, { 印章: seal, 事由: form.purpose, 份数: form.copies });
      return {
        toast: { kind: 'success', text: '用印申请已提交。' },
        card: { title: '用印申请已提交', colour: 'green', blocks: [{ type: 'markdown', text: md`签批进度见随后发送的卡片。` }] },
      };
    },
  },
];
