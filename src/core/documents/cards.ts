/**
 * The document card. Copies, each refreshed in place under its own subject: the one sent for each
 * step (`document:<id>:step:<round>:<idx>`, with buttons only while that step is pending), the
 * office's (`:office`: forward, resubmit), the drafting unit's (`:unit`: resubmit after 退回修改)
 * and a leader's looked-up copy (`:decider`, buttons of the current step).
 */
import { articleZh, citing } from '../errors';
import { md, mdJoin, type Block, type Card, type Colour, type Field } from '../messages';
import { delegationLabel } from '../org/acting-authority';
import type { Directory } from '../org/directory';
import { formatInstantZh } from '../time';
import { RULE_OF, ART61_FORWARD, formatNumber } from './chains';
import { currentRound, currentStepOf } from './store';
import { docName, KIND_ZH, ROLE_ZH, STATUS_ZH, type Doc, type DocAudience, type DocumentStep } from './types';

export const DOC_ACTIONS = {
  agree: 'doc.agree',
  instruct: 'doc.instruct',
  return: 'doc.return',
  resubmit: 'doc.resubmit',
  forward: 'doc.forward',
} as const;

const COLOURS: Record<Doc['doc']['status'], Colour> = { reviewing: 'blue', returned: 'orange', to_forward: 'purple', forwarded: 'green', archived: 'green' };

const name = (dir: Directory, id: string | null) => (id ? (dir.person(id)?.name ?? id) : '区政府办');

/** `牡东政发〔2026〕3号` once signed, else null. */
export function numberOf(d: Doc['doc']): string | null {
  return d.numberPrefix && d.numberYear && d.numberSeq ? formatNumber(d.kind, d.numberYear, d.numberSeq) : null;
}

function stepLine(dir: Directory, step: DocumentStep, current: boolean, signs: boolean) {
  const who = `${ROLE_ZH[step.role]}（${name(dir, step.addresseeId)}）`;
  if (step.status === 'waiting' || step.status === 'void') return md`${step.idx + 1}. ${who}：${step.status === 'void' ? '未送达' : '待送达'}`;
  if (step.status === 'pending') return md`${step.idx + 1}. ${who}：**${current ? '办理中' : '待办'}**`;
  const by =
    step.decidedById && step.decidedById !== step.addresseeId
      ? `${name(dir, step.decidedById)}${delegationLabel(step.delegation) ? `（${delegationLabel(step.delegation)}）` : ''}`
      : name(dir, step.decidedById);
  const when = step.decidedAt ? ` · ${formatInstantZh(step.decidedAt)}` : '';
  const verb = step.status === 'agreed' ? (signs ? '签发' : '同意') : step.status === 'instructed' ? '批示' : '退回';
  return step.comment ? md`${step.idx + 1}. ${who}：${by} ${verb}${when}\n　「${step.comment}」` : md`${step.idx + 1}. ${who}：${by} ${verb}${when}`;
}

function facts(dir: Directory, { doc }: Doc): Field[] {
  const fields: Field[] = [{ label: '类别', value: KIND_ZH[doc.kind] }];
  if (doc.direction === 'incoming') {
    if (doc.reference) fields.push({ label: '来文文号', value: doc.reference });
    if (doc.sender) fields.push({ label: '来文单位', value: `${doc.sender}${doc.upperLevel ? '（上级来文）' : ''}` });
    if (doc.receivedOn) fields.push({ label: '收文日期', value: doc.receivedOn });
    if (doc.deputyId) fields.push({ label: '分管领导', value: name(dir, doc.deputyId) });
    if (doc.proposal) fields.push({ label: '拟办意见', value: doc.proposal });
  } else {
    if (doc.unitId) fields.push({ label: '起草单位', value: dir.unit(doc.unitId)?.name ?? doc.unitId });
    if (doc.proposal) fields.push({ label: '起草说明', value: doc.proposal });
    const number = numberOf(doc);
    if (number) fields.push({ label: '文号', value: number });
  }
  if (doc.itemId) fields.push({ label: '督查事项', value: doc.itemId });
  fields.push({ label: '状态', value: `${STATUS_ZH[doc.status]}${doc.round > 1 ? `（第${doc.round}轮）` : ''}` });
  return fields;
}

function actionBlocks(d: Doc, audience: DocAudience, forStep?: DocumentStep): Block[] {
  const { doc } = d;
  const id = String(doc.id);
  if (audience === 'decider' && doc.status === 'reviewing') {
    const step = currentStepOf(d);
    if (!step || (forStep && forStep.id !== step.id)) return [];
    const payload = { id, round: String(doc.round), step: String(step.idx) };
    // The last sign-off of an outgoing document is its signing (签发, Art. 62).
    const signs = doc.direction === 'outgoing' && step.idx === currentRound(d).length - 1;
    // The typed commands that do the same: DingTalk cards hold no inputs.
    const verb = doc.direction === 'incoming' ? '/来文' : '/发文';
    const blocks: Block[] = [
      {
        type: 'buttons',
        buttons: [
          { label: signs ? '签发' : '同意', action: DOC_ACTIONS.agree, payload, style: 'primary', command: `${verb} ${signs ? '签发' : '同意'} ${id}` },
        ],
      },
    ];
    if (doc.direction === 'incoming') {
      blocks.push({
        type: 'form',
        name: `doc_instruct_${id}`,
        inputs: [{ kind: 'textarea', name: 'text', label: '批示意见', required: true, placeholder: '例如：请住建局牵头，月底前拿出方案。' }],
        submit: { label: '批示', action: DOC_ACTIONS.instruct, payload, style: 'primary', command: `/来文 批示 ${id} 批示意见` },
      });
    }
    blocks.push({
      type: 'form',
      name: `doc_return_${id}`,
      inputs: [{ kind: 'textarea', name: 'reason', label: '退回理由', required: true }],
      submit: {
        label: doc.direction === 'incoming' ? '退回' : '退回修改',
        action: DOC_ACTIONS.return,
        payload,
        style: 'danger',
        command: `${verb} 退回 ${id} 理由`,
      },
    });
    return blocks;
  }
  if (doc.status === 'returned' && (audience === 'office' || audience === 'unit')) {
    return [
      {
        type: 'form',
        name: `doc_resubmit_${id}`,
        inputs: [{ kind: 'textarea', name: 'note', label: '修改说明', required: true }],
        submit: {
          label: '修改后重新报送',
          action: DOC_ACTIONS.resubmit,
          payload: { id, round: String(doc.round) },
          style: 'primary',
          command: `/${doc.direction === 'incoming' ? '来文' : '发文'} 重报 ${id} 修改说明`,
        },
      },
    ];
  }
  if (doc.status === 'to_forward' && audience === 'office') {
    return [
      {
        type: 'note',
        text: md`${citing(61, `${ART61_FORWARD}。`)}转办即按第四十条登记督查事项（来源：${doc.upperLevel ? '上级批示' : '领导批示'}，期限自批示之日起算）。`,
      },
      {
        type: 'form',
        name: `doc_forward_${id}`,
        inputs: [
          { kind: 'text', name: 'lead', label: '主办单位', required: true, placeholder: '例如：住建局' },
          { kind: 'text', name: 'assisting', label: '协办单位（可空，多个用顿号分隔）' },
          { kind: 'date', name: 'due', label: '期限（可空：按第四十条计算）' },
        ],
        submit: { label: '转办并立项督办', action: DOC_ACTIONS.forward, payload: { id }, style: 'primary', command: `/来文 转办 ${id} 主办=单位 协办=单位` },
      },
    ];
  }
  return [];
}

export function documentCard(dir: Directory, d: Doc, audience: DocAudience, forStep?: DocumentStep): Card {
  const { doc } = d;
  const rule = RULE_OF[doc.kind];
  const steps = currentRound(d);
  const earlier = d.steps.filter((s) => s.round < doc.round && s.status === 'returned');
  const blocks: Block[] = [
    { type: 'markdown', text: md`**${doc.title}**` },
    { type: 'fields', fields: facts(dir, d) },
    {
      type: 'markdown',
      text: md`**审签进程**\n${mdJoin(steps.map((s) => stepLine(dir, s, s.idx === doc.currentStep, doc.direction === 'outgoing' && s.idx === steps.length - 1)))}`,
    },
  ];
  if (earlier.length) {
    blocks.push({ type: 'note', text: mdJoin(earlier.map((s) => md`第${s.round}轮 ${ROLE_ZH[s.role]} ${name(dir, s.decidedById)} 退回：${s.comment ?? ''}`)) });
  }
  blocks.push({ type: 'note', text: md`${citing(rule.article, `${rule.sentence}。`)}` });
  blocks.push(...actionBlocks(d, audience, forStep));
  const number = numberOf(doc);
  return { title: `${docName(doc)}｜${number ?? KIND_ZH[doc.kind]}`, colour: COLOURS[doc.status], blocks };
}

export const articleOfDoc = (d: Doc['doc']) => articleZh(RULE_OF[d.kind].article);
