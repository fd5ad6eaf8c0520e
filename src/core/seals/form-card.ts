/** `/用印` without arguments: the form that files the same request. */
import { citing } from '../errors';
import { mdText, type Card } from '../messages';
import { SEAL_ARTICLE, SEALS, type Seal } from './seal-use';

export function sealFormCard(): Card {
  return {
    title: '用印申请',
    colour: 'blue',
    blocks: [
      {
        type: 'form',
        name: 'seal',
        inputs: [
          {
            kind: 'select',
            name: 'seal',
            label: '印章',
            required: true,
            options: (Object.keys(SEALS) as Seal[]).map((s) => ({ label: SEALS[s].zh, value: s })),
          },
          { kind: 'textarea', name: 'purpose', label: '事由', required: true },
          { kind: 'text', name: 'copies', label: '份数', required: true, initial: '1' },
        ],
        submit: { label: '提交', action: 'seal.submit', style: 'primary', command: '/用印 印章=区政府 事由=… 份数=1' },
      },
      {
        type: 'note',
        text: mdText(citing(SEAL_ARTICLE, '区政府及区政府党组印信的使用须经区长或由区长委托副区长签批，区政府办公室印信的使用须经区政府办公室主任签批。')),
      },
    ],
  };
}
