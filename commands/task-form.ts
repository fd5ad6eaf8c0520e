/**
 * The `/督办 新建` form cards: first the source, then the form for that source with only the facts
 * its Art. 40 deadline rule needs (the same keys as the one-line form).
 */
import { md, type Card, type FormInput } from '../src/core/messages';
import type { Directory } from '../src/core/org/directory';
import { DEADLINE_RULES, describeRule, ruleFor, RULE_FACTS, type DeadlineFact, type SupervisionSource } from '../src/core/rules/deadlines';
import { REGISTRATION_EXAMPLE, type RegistrationFields, type RegistrationKey } from '../src/core/supervision/registration';

/** Form input names are ASCII (platform form fields); each maps to a registration key. */
const INPUT_KEYS: Record<string, RegistrationKey> = {
  source: '来源',
  title: '标题',
  content: '内容',
  reference: '文号',
  lead: '主办',
  assisting: '协办',
  responsible: '责任人',
  received: '收文日期',
  meeting: '会议日期',
  assigned: '交办日期',
  due: '期限',
  milestones: '节点',
  complex: '复杂',
  longRunning: '长期',
};

const YES_NO = [
  { label: '否', value: '否' },
  { label: '是', value: '是' },
];

/** The input for each deadline fact, shown only for the sources whose rule uses it. */
const FACT_INPUTS: Record<DeadlineFact, FormInput> = {
  receivedOn: { kind: 'date', name: 'received', label: '收文日期（默认今天）' },
  meetingOn: { kind: 'date', name: 'meeting', label: '会议日期' },
  assignedOn: { kind: 'date', name: 'assigned', label: '交办日期（默认今天）' },
  explicitDue: { kind: 'date', name: 'due', label: '期限' },
  milestones: { kind: 'textarea', name: 'milestones', label: '节点（2026-12-10:完成方案;2026-12-20:完成验收）' },
  complex: { kind: 'select', name: 'complex', label: '复杂（涉及面广、处理难度大，最长6个月）', initial: '否', options: YES_NO },
};

/** How each fact is written on one line, for the example under a source's form. */
const FACT_EXAMPLES: Record<DeadlineFact, string> = {
  receivedOn: '收文日期=2026-09-30',
  meetingOn: '会议日期=2026-09-30',
  assignedOn: '交办日期=2026-09-30',
  explicitDue: '期限=2026-10-30',
  milestones: '节点=2026-10-16:完成方案;2026-10-30:完成验收',
  complex: '复杂=否',
};

/** The one-line form of a source's registration: its own 来源 and the facts its rule asks for first. */
function registrationExample(source: SupervisionSource): string {
  const rule = ruleFor(source);
  const facts = RULE_FACTS[rule.rule.kind].filter(({ fact, required }) => required || !['milestones', 'complex', 'explicitDue'].includes(fact));
  return ['/督办 新建', `来源=${rule.label}`, '标题=冬季供暖投诉处理 主办=住建局 协办=兴隆镇', ...facts.map(({ fact }) => FACT_EXAMPLES[fact])].join(' ');
}

/** The first card: which source (Art. 39), so the form can ask for what its rule needs. */
export function registrationSourceCard(): Card {
  return {
    title: '登记督查事项',
    colour: 'blue',
    blocks: [
      {
        type: 'form',
        name: 'register_source',
        inputs: [
          {
            kind: 'select',
            name: 'source',
            label: '来源',
            required: true,
            options: DEADLINE_RULES.map((r) => ({ label: `${r.label}（${describeRule(r.rule)}）`, value: r.label })),
          },
        ],
        submit: { label: '下一步', action: 'sup.register_form', style: 'primary' },
      },
      { type: 'note', text: md`也可一行登记：${REGISTRATION_EXAMPLE}` },
    ],
  };
}

/** The registration form for one source: the common fields and the facts its deadline rule needs. */
export function registrationFormCard(dir: Directory, source: SupervisionSource): Card {
  const rule = ruleFor(source);
  const units = dir.units.filter((u) => !u.function && u.kind !== 'office').map((u) => ({ label: u.name, value: u.name }));
  const inputs: FormInput[] = [
    { kind: 'text', name: 'title', label: '标题', required: true },
    { kind: 'textarea', name: 'content', label: '内容' },
    { kind: 'text', name: 'reference', label: '文号或批示' },
    { kind: 'select', name: 'lead', label: '主办单位', required: true, options: units },
    { kind: 'select', name: 'assisting', label: '协办单位（可多选）', multiple: true, options: units },
    { kind: 'text', name: 'responsible', label: '责任人' },
    ...RULE_FACTS[rule.rule.kind].map(({ fact, required }) => ({ ...FACT_INPUTS[fact], required })),
    { kind: 'select', name: 'longRunning', label: '长期（实行周报制）', initial: '否', options: YES_NO },
  ];
  return {
    title: `登记督查事项 · ${rule.label}`,
    colour: 'blue',
    blocks: [
      { type: 'markdown', text: md`**来源：${rule.label}**｜办理期限：${describeRule(rule.rule)}（第四十条）` },
      { type: 'form', name: 'register', inputs, submit: { label: '登记', action: 'sup.register', payload: { source: rule.label }, style: 'primary' } },
      { type: 'note', text: md`也可一行登记：${registrationExample(source)}` },
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
