import { articleZh } from '../errors';
import { md, type Block, type Card, type Colour } from '../messages';
import { delegationLabel, onBehalfOf, type Resolution } from '../org/acting-authority';
import type { Directory } from '../org/directory';
import { formatInstantZh } from '../time';
import type { Audience, SignoffStep, SubjectStatus, SubjectView } from './types';
import { SIGNOFF_WORD } from './words';

const STATUS: Record<SubjectStatus, { zh: string; colour: Colour }> = {
  in_review: { zh: '审批中', colour: 'orange' },
  returned: { zh: '已退回', colour: 'red' },
  approved: { zh: '已签批', colour: 'green' },
};

const STEP_ZH: Record<SignoffStep['status'], string> = { waiting: '待办', pending: '待处理', approved: '已同意', returned: '退回', void: '—' };

const name = (dir: Directory, id: string | null) => (id ? (dir.person(id)?.name ?? id) : '区政府办');

/**
 * The card of a sign-off subject, refreshed in place by `signoffSubject(type, id, round, audience)`. The
 * pending step's decider's copy carries 同意 / 退回; the requester's carries 重新提交 after a return.
 */
export function signoffCard(dir: Directory, zh: string, view: SubjectView, steps: readonly SignoffStep[], audience: Audience, acting?: Resolution): Card {
  const status = STATUS[view.status];
  const blocks: Block[] = [{ type: 'fields', fields: [...view.fields, { label: '提交人', value: name(dir, view.requesterId) }] }];
  // `acting`: who decides the pending step now, when the card goes to a stand-in (Art. 9, 11).
  const standIn = acting?.approverId ? onBehalfOf(dir, acting) : '';
  const lines = steps.map((s) => {
    const who = s.decidedById
      ? `${name(dir, s.decidedById)}${s.decidedById !== s.addresseeId && s.addresseeId ? `（${delegationLabel(s.delegation) ?? '代理'}，代 ${name(dir, s.addresseeId)}）` : ''}`
      : s.status === 'pending' && standIn
        ? `${name(dir, acting!.approverId)}${standIn}`
        : name(dir, s.addresseeId);
    const when = s.decidedAt ? `，${formatInstantZh(s.decidedAt)}` : '';
    const note = s.note ? `：${s.note}` : '';
    return md`${String(s.idx + 1)}. ${s.stage} · ${who} · ${STEP_ZH[s.status]}${when}${note}`;
  });
  if (lines.length)
    blocks.push({ type: 'markdown', text: md`**签批流程（第${String(steps[0]!.round)}轮）**` }, ...lines.map((text) => ({ type: 'markdown' as const, text })));
  blocks.push({ type: 'markdown', text: md`**状态：${status.zh}**` });
  const pending = steps.find((s) => s.status === 'pending');
  const payload = { type: view.type, id: String(view.id) };
  const typed = `/签批 ${SIGNOFF_WORD[view.type]} ${view.id}`;
  if (pending && pending.idx === audience && view.status === 'in_review') {
    blocks.push({
      type: 'buttons',
      buttons: [
        {
          label: '同意',
          action: 'signoff.approve',
          payload: { ...payload, step: `${pending.round}.${pending.idx}` },
          style: 'primary',
          command: `${typed} 同意`,
        },
        {
          label: '退回',
          action: 'signoff.return',
          payload: { ...payload, step: `${pending.round}.${pending.idx}` },
          style: 'danger',
          command: `${typed} 退回 理由…`,
        },
      ],
    });
  }
  if (audience === 'requester' && view.status === 'returned') {
    blocks.push({ type: 'buttons', buttons: [{ label: '重新提交', action: 'signoff.resubmit', payload, style: 'primary', command: `${typed} 重新提交` }] });
  }
  blocks.push({ type: 'note', text: md`依据《工作规则》${articleZh(view.article)}：${view.quote}。` });
  return { title: `${zh} · ${view.title}（编号 ${view.id}）`, colour: status.colour, blocks };
}

export function returnFormCard(zh: string, view: SubjectView, stepKey: string): Card {
  return {
    title: `退回${zh} · ${view.title}（编号 ${view.id}）`,
    colour: 'red',
    blocks: [
      {
        type: 'form',
        name: 'return',
        inputs: [{ kind: 'textarea', name: 'reason', label: '退回理由', required: true }],
        submit: {
          label: '确认退回',
          action: 'signoff.return',
          payload: { type: view.type, id: String(view.id), step: stepKey, confirm: '1' },
          style: 'danger',
          command: `/签批 ${SIGNOFF_WORD[view.type]} ${view.id} 退回 理由…`,
        },
      },
    ],
  };
}
