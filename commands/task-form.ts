/** The `/督办 新建` form card: the same keys as the one-line form, filled in a card. */
import { md, type Card, type FormInput } from '../src/core/messages';
import type { Directory } from '../src/core/org/directory';
import { DEADLINE_RULES, describeRule } from '../src/core/rules/deadlines';
import { REGISTRATION_EXAMPLE, type RegistrationFields, type RegistrationKey } from '../src/core/supervision/registration';

/** Form input names are ASCII (platform form fields); each maps to a registration key. */
const INPUT_KEYS: Record<string, RegistrationKey> = {
  source: '来源', title: '标题', content: '内容', reference: '文号', lead: '主办', assisting: '协办', responsible: '责任人',
  received: '收文日期', meeting: '会议日期', assigned: '交办日期', due: '期限', milestones: '节点', complex: '复杂', longRunning: '长期',
};

export function registrationFormCard(dir: Directory): Card {
  const units = dir.units.filter((u) => !u.function && u.kind !== 'office').map((u) => ({ label: u.name, value: u.name }));
  const yesNo = [{ label: '否', value: '否' }, { label: '是', value: '是' }];
  const inputs: FormInput[] = [
    { kind: 'select', name: 'source', label: '来源', required: true, options: DEADLINE_RULES.map((r) => ({ label: `${r.label}（${describeRule(r.rule)}）`, value: r.label })) },
    { kind: 'text', name: 'title', label: '标题', required: true },
    { kind: 'textarea', name: 'content', label: '内容' },
    { kind: 'text', name: 'reference', label: '文号或批示' },
    { kind: 'select', name: 'lead', label: '主办单位', required: true, options: units },
    { kind: 'text', name: 'assisting', label: '协办单位（逗号分隔）' },
    { kind: 'text', name: 'responsible', label: '责任人' },
    { kind: 'date', name: 'received', label: '收文日期（默认今天）' },
    { kind: 'date', name: 'meeting', label: '会议日期（常务会议、专题会议）' },
    { kind: 'date', name: 'assigned', label: '交办日期（人大建议、政协提案，默认今天）' },
    { kind: 'date', name: 'due', label: '期限（规则要求或允许时填写）' },
    { kind: 'textarea', name: 'milestones', label: '节点（2026-12-10:完成方案;2026-12-20:完成验收）' },
    { kind: 'select', name: 'complex', label: '复杂（人大建议、政协提案最长6个月）', initial: '否', options: yesNo },
    { kind: 'select', name: 'longRunning', label: '长期（实行周报制）', initial: '否', options: yesNo },
  ];
  return {
    title: '登记督查事项',
    colour: 'blue',
    blocks: [
      { type: 'form', name: 'register', inputs, submit: { label: '登记', action: 'sup.register', style: 'primary' } },
      { type: 'note', text: md`也可一行登记：${REGISTRATION_EXAMPLE}` },
    ],
  };
}

/** Form values → registration fields (empty inputs are left out, as if the key was not typed). */
export function fieldsFromForm(form: Record<string, string>): RegistrationFields {
  const fields: RegistrationFields = {};
  for (const [name, key] of Object.entries(INPUT_KEYS)) {
    const value = form[name]?.trim();
    if (value) fields[key] = value;
  }
  return fields;
}
