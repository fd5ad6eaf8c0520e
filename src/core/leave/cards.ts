/** How a leave request looks on cards and in messages (the same card for everyone who sees it). */
import { articleZh } from '../errors';
import { md, mdJoin, type Block, type Button, type Card, type Colour, type Field, type Md } from '../messages';
import type { Directory } from '../org/directory';
import { isGovernmentLeader, type Person } from '../org/types';
import { calendarDaysBetween, formatDateZh, formatInstantZh, type LocalDate } from '../time';
import { delegationLabel } from './delegation';
import { APPROVAL_CHAINS, DECISION_WORDS, DESTINATION_SCOPES, LEAVE_ARTICLE, PURPOSES, STEP_TEMPLATES, type StepWords } from './policy';
import type { RefreshDraft } from '../effects';
import { leaveSlipSubject, leaveSubject, type Leave, type LeaveAudience, type LeaveRequest, type LeaveStep } from './types';

export const STATUS_ZH: Record<LeaveRequest['status'], string> = {
  pending: '审批中',
  approved: '已批准',
  rejected: '已驳回',
  withdrawn: '已撤回',
  cancelled: '已取消',
};

const STATUS_COLOUR: Record<LeaveRequest['status'], Colour> = {
  pending: 'orange',
  approved: 'green',
  rejected: 'red',
  withdrawn: 'grey',
  cancelled: 'grey',
};

/** A trip's dates: a one-day trip is "当天往返". */
export function describeDates(start: LocalDate, end: LocalDate): string {
  return start === end ? `${formatDateZh(start)}，当天往返` : describeSpan(start, end);
}

/** Days that are part of longer trips (an overlap): one day is just that day, never "当天往返". */
export function describeSpan(start: LocalDate, end: LocalDate): string {
  if (start === end) return formatDateZh(start);
  return `${formatDateZh(start)} 至 ${formatDateZh(end)}，共 ${calendarDaysBetween(start, end) + 1} 天`;
}

export function personName(dir: Directory, id: string | null | undefined): string {
  if (!id) return '区政府办';
  return dir.person(id)?.name ?? id;
}

/** "住建局局长 邓鹏" — how people are named on slips and notices. */
export function personWithPost(dir: Directory, id: string): string {
  const person = dir.person(id);
  return person ? `${person.post} ${person.name}` : id;
}

/** "兴隆镇镇长", "住建局局长", "常务副区长": the post, with the unit when the post does not name it. */
export function postOf(dir: Directory, person: Person): string {
  const unit = dir.unit(person.unitId);
  if (isGovernmentLeader(person) || !unit || person.post.includes(unit.name)) return person.post;
  return `${unit.name}${person.post}`;
}

export function tripFields(dir: Directory, request: LeaveRequest): Field[] {
  const requester = dir.person(request.requesterId);
  const fields: Field[] = [
    { label: '请假人', value: requester ? `${requester.name}（${postOf(dir, requester)}）` : request.requesterId },
    { label: '外出日期', value: describeDates(request.startDate, request.endDate) },
    { label: '外出范围', value: DESTINATION_SCOPES[request.scope].zh },
    { label: '性质', value: PURPOSES[request.purpose].zh },
    { label: '目的地', value: request.destination },
    { label: '事由', value: request.reason },
  ];
  if (request.filedById !== request.requesterId) fields.push({ label: '代为请假', value: personName(dir, request.filedById) });
  if (request.emergency) fields.push({ label: '紧急情况书面报告', value: request.emergencyReport ?? '' });
  if (request.entrusteeId) fields.push({ label: '外出期间委托代行区长职务（第九条）', value: personWithPost(dir, request.entrusteeId) });
  return fields;
}

function stepLine(dir: Directory, step: LeaveStep): Md {
  const template = STEP_TEMPLATES[step.template];
  const office = template.addressee.kind === 'office';
  // A waiting step is resolved only when it becomes current: until then it names its addressee.
  const who = office ? '区政府办' : personName(dir, step.status === 'waiting' ? step.addresseeId : step.resolvedApproverId);
  const label = delegationLabel(step.delegation);
  const delegated =
    label && !office
      ? `（${label}${step.addresseeId && step.addresseeId !== step.resolvedApproverId ? `，原审批人 ${personName(dir, step.addresseeId)}` : ''}）`
      : '';
  const head = md`${step.idx + 1}. ${template.zh} · ${who}${delegated}`;
  switch (step.status) {
    case 'approved':
      return md`${head} — ✅ ${template.words.approve}（${personName(dir, step.decidedById)}${template.words.byline}，${formatInstantZh(step.decidedAt!)}）`;
    case 'rejected':
      return md`${head} — ❌ ${template.words.reject}（${personName(dir, step.decidedById)}${template.words.byline}，${formatInstantZh(step.decidedAt!)}）：${step.reason ?? ''}`;
    case 'pending':
      return md`${head} — ⏳ 待处理`;
    case 'waiting':
      return md`${head} — 待前一步完成`;
    case 'void':
      return md`${head} — 不再需要`;
  }
}

export function stepLines(dir: Directory, steps: LeaveStep[]): Md {
  return mdJoin(steps.map((s) => stepLine(dir, s)));
}

function statusLine(leave: Leave): Md {
  const { request, steps } = leave;
  if (request.status === 'pending') return md`**状态：${STATUS_ZH.pending}（第 ${(request.currentStep ?? 0) + 1}/${steps.length} 步）**`;
  if (request.status === 'approved' && request.returnedAt) return md`**状态：${STATUS_ZH.approved}，已销假（${formatInstantZh(request.returnedAt)}）**`;
  return md`**状态：${STATUS_ZH[request.status]}**`;
}

function buttonsFor(leave: Leave, audience: LeaveAudience, today: LocalDate | undefined): Button[] {
  const { request } = leave;
  const id = String(request.id);
  if (request.status === 'pending' && audience === 'approver') {
    const words = currentStepWords(leave);
    const step = String(request.currentStep);
    return [
      { label: words.approve, action: 'leave.approve', payload: { id, step }, style: 'primary' },
      { label: words.reject, action: 'leave.reject', payload: { id, step }, style: 'danger' },
    ];
  }
  if (request.status === 'pending') return [{ label: '撤回申请', action: 'leave.withdraw', payload: { id } }];
  if (request.status === 'approved' && !request.returnedAt && audience === 'requester') {
    // Before departure the trip can be called off (取消); from the departure day on, only reported
    // back (销假, also on an early return) — the same line lifecycle.ts draws for the commands.
    const back: Button = { label: '销假', action: 'leave.back', payload: { id }, style: 'primary' };
    const cancel: Button = { label: '取消请假', action: 'leave.cancel', payload: { id } };
    if (!today) return [back, cancel];
    return today < request.startDate ? [cancel] : [back];
  }
  return [];
}

/**
 * The request card, in two versions that differ only in their buttons: the approvers' (subject
 * `leave:<id>`) and the requester's (`leave:<id>:requester`); both are refreshed in place on every change.
 * `warning` is shown above the buttons of the card pushed to an approver (A/B partners both away, Art. 11).
 * `today` (Beijing) decides the requester's moves on an approved request: 取消 before departure, 销假 after.
 */
export function leaveCard(dir: Directory, leave: Leave, audience: LeaveAudience = 'approver', warning?: string, today?: LocalDate): Card {
  const { request, steps } = leave;
  const buttons = buttonsFor(leave, audience, today);
  const blocks: Block[] = [
    { type: 'fields', fields: tripFields(dir, request) },
    { type: 'markdown', text: statusLine(leave) },
    { type: 'markdown', text: md`**审批流程**\n${stepLines(dir, steps)}` },
  ];
  if (warning) blocks.push({ type: 'markdown', text: md`**${warning}**` });
  if (buttons.length) blocks.push({ type: 'buttons', buttons });
  blocks.push({ type: 'note', text: md`依据《工作规则》${articleZh(LEAVE_ARTICLE)}：${APPROVAL_CHAINS[request.rank].quote}` });
  return {
    title: `${request.emergency ? '【紧急】' : ''}请假申请 · ${personName(dir, request.requesterId)}（编号 ${request.id}）`,
    colour: STATUS_COLOUR[request.status],
    blocks,
  };
}

/** The moves that undo a request: asked once on the card before they act (nothing is written until 确认). */
export type UndoMove = 'withdraw' | 'cancel';

const UNDO_QUESTIONS: Record<UndoMove, { question: string; yes: string; no: string }> = {
  withdraw: { question: '确认撤回？撤回后审批人无需再处理，如仍需外出须重新申请。', yes: '确认撤回', no: '不撤回' },
  cancel: { question: '确认取消？取消后原请假作废，已审批的领导和报备单位会收到通知。', yes: '确认取消', no: '不取消' },
};

/**
 * The requester's card asking once before 撤回 or 取消 acts: the question and 确认 / 不 in place of
 * the buttons. `confirm: '1'` acts; `confirm: '0'` puts the card back as it was.
 */
export function confirmUndoCard(dir: Directory, leave: Leave, move: UndoMove): Card {
  const card = leaveCard(dir, leave, 'requester');
  const { question, yes, no } = UNDO_QUESTIONS[move];
  const payload = { id: String(leave.request.id) };
  const ask: Block[] = [
    { type: 'markdown', text: md`**${question}**` },
    {
      type: 'buttons',
      buttons: [
        { label: yes, action: `leave.${move}`, payload: { ...payload, confirm: '1' }, style: 'danger' },
        { label: no, action: `leave.${move}`, payload: { ...payload, confirm: '0' } },
      ],
    },
  ];
  const blocks: Block[] = card.blocks.filter((b) => b.type !== 'buttons');
  blocks.splice(blocks.length - 1, 0, ...ask);
  return { ...card, blocks };
}

/**
 * Refreshes both versions of the request card after a change (`version` = the request's new
 * version), and the leave slip where one was copied to the offices at filing. `warning` stays on the
 * approvers' version while the request is pending.
 */
export function leaveCardRefreshes(dir: Directory, leave: Leave, version: number, today: LocalDate, warning?: string): RefreshDraft[] {
  const { id } = leave.request;
  const cards: RefreshDraft[] = (['approver', 'requester'] as const).map((audience) => ({
    subject: leaveSubject(id, audience),
    card: leaveCard(dir, leave, audience, audience === 'approver' ? warning : undefined, today),
    key: `leave:${id}:v${version}:${audience}`,
  }));
  if (APPROVAL_CHAINS[leave.request.rank].copyOnFiling.length)
    cards.push({ subject: leaveSlipSubject(id), card: leaveSlipCard(dir, leave), key: `leave:${id}:v${version}:slip` });
  return cards;
}

/** The leave slip (请假单) copied to 区委办 and 区政府办 at filing, kept current with the request's state. */
export function leaveSlipCard(dir: Directory, leave: Leave): Card {
  const { request, steps } = leave;
  const requester = dir.person(request.requesterId);
  const decided = steps.filter((s) => s.status === 'approved');
  return {
    title: `请假单（报备）· ${personName(dir, request.requesterId)}（编号 ${request.id}）`,
    colour: 'blue',
    blocks: [
      {
        type: 'fields',
        fields: [
          { label: '姓名', value: requester?.name ?? request.requesterId },
          { label: '单位', value: requester ? (dir.unit(requester.unitId)?.name ?? '') : '' },
          { label: '职务', value: requester?.post ?? '' },
          ...tripFields(dir, request).slice(1),
        ],
      },
      { type: 'markdown', text: statusLine(leave) },
      {
        type: 'markdown',
        text: md`**审批情况**\n${decided.length ? stepLines(dir, decided) : md`已提交，待主管领导审核`}\n\n**审批流程**\n${stepLines(dir, steps)}`,
      },
      { type: 'note', text: md`依据《工作规则》${articleZh(LEAVE_ARTICLE)}：${APPROVAL_CHAINS.unit_head.quote}` },
    ],
  };
}

/** How the pending step's buttons, toasts and form read (a leader's decision, or the city's answer the office records). */
export function currentStepWords(leave: Leave): StepWords {
  const current = leave.steps.find((s) => s.idx === leave.request.currentStep);
  return current ? STEP_TEMPLATES[current.template].words : DECISION_WORDS;
}

/** The form that asks for the reason of a rejection (驳回需填写理由), or for the city government's answer. */
export function rejectFormCard(dir: Directory, leave: Leave): Card {
  const { request } = leave;
  const words = currentStepWords(leave);
  return {
    title: `${words.formTitle} · ${personName(dir, request.requesterId)}（编号 ${request.id}）`,
    colour: 'red',
    blocks: [
      { type: 'fields', fields: tripFields(dir, request) },
      {
        type: 'form',
        name: 'reject',
        inputs: [{ kind: 'textarea', name: 'reason', label: words.reasonLabel, required: true, placeholder: `请填写${words.reasonLabel}，将告知请假人` }],
        // `confirm` tells the submission from the first click (a platform may omit an empty field).
        submit: {
          label: words.submit,
          action: 'leave.reject',
          payload: { id: String(request.id), step: String(request.currentStep), confirm: '1' },
          style: 'danger',
        },
      },
    ],
  };
}
