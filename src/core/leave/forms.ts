/** The cards that ask for input: the leave form, the late-filing refusal, the emergency report form. */
import { citing } from '../errors';
import { md, mdText, type Card, type FormInput } from '../messages';
import type { Directory } from '../org/directory';
import { formatDateZh } from '../time';
import { describeDates, personName } from './cards';
import { entrusteeInput } from './entrustment';
import { DESTINATION_SCOPES, EMERGENCY_RULE_ZH, LEAVE_ARTICLE, NOTICE_RULES, PURPOSES, type DestinationScope, type NoticeCheck, type Purpose } from './policy';
import type { LeaveDraft } from './parse';

const scopeOptions = (Object.keys(DESTINATION_SCOPES) as DestinationScope[]).map((s) => ({ label: DESTINATION_SCOPES[s].zh, value: s }));
const purposeOptions = (Object.keys(PURPOSES) as Purpose[]).map((p) => ({ label: PURPOSES[p].zh, value: p }));

/** `/请假` with no arguments: the whole request as a form (docs/commands.md). */
export function leaveFormCard(dir: Directory, requesterId: string, actorId: string): Card {
  const inputs: FormInput[] = [
    { kind: 'date', name: 'start', label: '出发日期', required: true, placeholder: '例如 2026-12-01 或 12月1日' },
    { kind: 'date', name: 'end', label: '返回日期（当天往返可不填）', placeholder: '例如 2026-12-03' },
    { kind: 'select', name: 'scope', label: '外出范围', required: true, options: scopeOptions },
    { kind: 'select', name: 'purpose', label: '性质', required: true, options: purposeOptions },
    { kind: 'text', name: 'destination', label: '目的地', required: true, placeholder: '例如 哈尔滨' },
    { kind: 'textarea', name: 'reason', label: '事由', required: true, placeholder: '例如 参加全省培训' },
    {
      kind: 'select',
      name: 'emergency',
      label: '紧急情况（不能提前报批）',
      initial: 'no',
      options: [
        { label: '否', value: 'no' },
        { label: '是，当日书面报告', value: 'yes' },
      ],
    },
    { kind: 'textarea', name: 'emergency_report', label: '紧急情况书面报告（选“是”时必填）', placeholder: '写明特殊情况和原因' },
    ...entrusteeInput(dir, dir.person(requesterId)),
  ];
  const forOther = requesterId !== actorId;
  return {
    title: forOther ? `代为请假 · ${personName(dir, requesterId)}` : '请假申请',
    colour: 'blue',
    blocks: [
      { type: 'markdown', text: md`${NOTICE_RULES.same_day.zh}；${NOTICE_RULES.multi_day.zh}。市内外出无需请假。` },
      {
        type: 'form',
        name: 'leave',
        inputs,
        submit: { label: '提交', action: 'leave.submit', payload: forOther ? { for: requesterId } : {}, style: 'primary' },
      },
      { type: 'note', text: mdText(citing(LEAVE_ARTICLE, '区政府组成人员及乡镇、街道、部门主要负责人离开本市须按规定请假。')) },
    ],
  };
}

/** The draft as button payload (compact strings), so the emergency path can reuse what was typed. */
export function draftPayload(draft: LeaveDraft): Record<string, string> {
  return {
    for: draft.requesterId,
    start: draft.start,
    end: draft.end,
    scope: draft.scope,
    purpose: draft.purpose,
    destination: draft.destination,
    reason: draft.reason,
    ...(draft.entrustee ? { entrustee: draft.entrustee } : {}),
  };
}

/** A request filed too late: the rule, the latest compliant date, and the emergency path (Art. 68). */
export function lateFilingCard(dir: Directory, draft: LeaveDraft, check: NoticeCheck): Card {
  const rule = NOTICE_RULES[check.rule];
  return {
    title: '请假未提交：未按规定提前报告',
    colour: 'red',
    blocks: [
      {
        type: 'markdown',
        text: mdText(citing(LEAVE_ARTICLE, `${rule.zh}。本次外出 ${describeDates(draft.start, draft.end)}，最迟应于 ${formatDateZh(check.latest)} 提交请假。`)),
      },
      {
        type: 'fields',
        fields: [
          { label: '请假人', value: personName(dir, draft.requesterId) },
          { label: '目的地', value: draft.destination },
          { label: '事由', value: draft.reason },
        ],
      },
      { type: 'note', text: md`${EMERGENCY_RULE_ZH}。如确属特殊情况，请点击下方按钮填写书面报告，或在命令末尾加“紧急 原因：…”重新发送。` },
      { type: 'buttons', buttons: [{ label: '紧急请假（当日书面报告）', action: 'leave.emergency', payload: draftPayload(draft), style: 'danger' }] },
    ],
  };
}

/** The emergency path's form: the same-day written report, then the request goes in as usual. */
export function emergencyFormCard(dir: Directory, payload: Record<string, string>): Card {
  return {
    title: `紧急请假 · ${personName(dir, payload.for)}`,
    colour: 'orange',
    blocks: [
      { type: 'markdown', text: md`${describeDates(payload.start ?? '', payload.end ?? '')} · ${payload.destination ?? ''} · ${payload.reason ?? ''}` },
      {
        type: 'form',
        name: 'emergency',
        inputs: [{ kind: 'textarea', name: 'emergency_report', label: '书面报告：特殊情况和原因', required: true }],
        submit: { label: '提交书面报告并请假', action: 'leave.submit', payload: { ...payload, emergency: 'yes' }, style: 'danger' },
      },
      { type: 'note', text: mdText(citing(LEAVE_ARTICLE, `${EMERGENCY_RULE_ZH}。`)) },
    ],
  };
}
