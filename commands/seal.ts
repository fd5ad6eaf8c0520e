import { requestSealUse, SEAL_EXAMPLE } from '../src/core/seals/seal-use';
import { defineCommand } from './types';

/** `/用印`: a seal use, signed off by the head (or his entrusted deputy) or the office director (Art. 64). */
export const sealCommand = defineCommand<string>({
  name: 'seal',
  zh: '用印',
  summary: '申请使用区政府、区政府党组或区政府办印章（第六十四条）',
  usage: [SEAL_EXAMPLE, '/用印 印章=区政府办 事由=会议通知 份数=30'],
  parse: (args) => args,
  run: (ctx, args) => requestSealUse(ctx, args),
});
