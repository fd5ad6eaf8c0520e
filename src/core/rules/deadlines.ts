import type { CalendarDate, WorkCalendar } from '../calendar/types';
import type { LocalDate } from '../time';

/**
 * The sources of supervision items (Art. 39) and their deadline rules (Art. 40 办理期限), as one
 * table a reader can check line by line against Art. 40 as docs/rules.md quotes it (rules are data).
 */
export const SUPERVISION_SOURCES = [
  'leader_instruction',
  'upper_directive',
  'upper_document',
  'upper_notice',
  'district_document',
  'key_project',
  'standing_meeting',
  'topic_meeting',
  'plenary_meeting',
  'npc_suggestion',
  'cppcc_proposal',
  'other_decision',
] as const;
export type SupervisionSource = (typeof SUPERVISION_SOURCES)[number];

/** The facts a rule may need, as registered by the office (dates are Beijing dates). */
export interface DeadlineFacts {
  /** 收文日期: the day the instruction or document was received. */
  receivedOn?: LocalDate;
  /** 会议日期: the day of the meeting that decided the item. */
  meetingOn?: LocalDate;
  /** 交办日期: the day an NPC suggestion or CPPCC proposal was assigned to the district. */
  assignedOn?: LocalDate;
  /** 期限: a deadline stated by the document, notice or leader. */
  explicitDue?: LocalDate;
  /** 节点: the time nodes set by a meeting. */
  milestones?: ReadonlyArray<{ dueOn: LocalDate; title: string }>;
  /** 复杂: 涉及面广、处理难度大 (NPC/CPPCC: up to 6 months). */
  complex?: boolean;
}
export type DeadlineFact = keyof DeadlineFacts;

/** The key of the `/督办 新建` line that carries each fact (a stable contract, docs/reference/supervision.md), for error messages. */
export const FACT_KEYS_ZH: Record<DeadlineFact, string> = {
  receivedOn: '收文日期',
  meetingOn: '会议日期',
  assignedOn: '交办日期',
  explicitDue: '期限',
  milestones: '节点',
  complex: '复杂',
};

export type DeadlineRule =
  /** The deadline must be given (the supervision notice states it). */
  | { kind: 'explicit_required' }
  /** The stated deadline if any, else N working days after receipt. */
  | { kind: 'explicit_or_working_days_after_receipt'; days: number }
  /** N working days after the meeting date; not set by hand. */
  | { kind: 'working_days_after_meeting'; days: number }
  /** The meeting's time nodes; the item is due at the last one. */
  | { kind: 'milestones_required' }
  /** N months after assignment, a complex one at most M months (month periods, 民法典 第二百零三条). */
  | { kind: 'months_after_assignment'; months: number; complexMonths: number };

export interface SourceRule {
  source: SupervisionSource;
  /** The name used in the ledger and in `来源=`. */
  label: string;
  /** Other words accepted for `来源=`, shown as `label`. */
  aliases: readonly string[];
  rule: DeadlineRule;
  article: number;
  /** One line for the card, when the rule computes the date. */
  explanation: string;
  /** One line for the card, when the date was given explicitly (where the rule allows it). */
  explicitExplanation?: string;
  /** For a complex NPC suggestion or CPPCC proposal. */
  complexExplanation?: string;
  /** "办结或回复进展情况": a progress reply by the deadline satisfies it (computed dates only). */
  progressSatisfies: boolean;
}

/** 上级批示、文件和督查通知: one sentence of Art. 40 for three sources, each shown by its own name. */
function upperRules(kinds: ReadonlyArray<Pick<SourceRule, 'source' | 'label' | 'aliases'>>): SourceRule[] {
  return kinds.map((kind) => ({
    ...kind,
    rule: { kind: 'explicit_or_working_days_after_receipt', days: 5 },
    article: 40,
    explanation: '依据第四十条：上级批示、文件和督查通知无明确办理时限的，应在5个工作日内办结或回复进展情况',
    explicitExplanation: '依据第四十条：上级批示、文件和督查通知有明确办理时限的，应严格在规定时限内办结',
    progressSatisfies: true,
  }));
}

/** Art. 40 办理期限, sentence by sentence (article 39 lists the kinds of item). */
export const DEADLINE_RULES: readonly SourceRule[] = [
  {
    source: 'leader_instruction',
    label: '领导批示',
    aliases: ['区领导批示', '领导指示'],
    rule: { kind: 'explicit_or_working_days_after_receipt', days: 3 },
    article: 40,
    explanation: '依据第四十条：区政府领导批示事项要即接即办，一般应在3个工作日内办结或回复进展情况',
    explicitExplanation: '依据第四十条：区政府领导批示事项要即接即办，按批示明确的时限办结',
    progressSatisfies: true,
  },
  ...upperRules([
    { source: 'upper_directive', label: '上级批示', aliases: [] },
    { source: 'upper_document', label: '上级文件', aliases: [] },
    { source: 'upper_notice', label: '上级督查通知', aliases: ['督查通知'] },
  ]),
  {
    source: 'district_document',
    label: '区政府文件',
    aliases: ['区政府办文件'],
    rule: { kind: 'explicit_required' },
    article: 40,
    explanation: '依据第四十条：区政府及办公室印发的重要文件需办理落实的事项，应严格按照督查通知明确的时限报送',
    progressSatisfies: false,
  },
  {
    source: 'key_project',
    label: '重点项目',
    aliases: ['重点工程', '重大项目', '重要改革'],
    rule: { kind: 'explicit_required' },
    article: 40,
    explanation: '依据第四十条：全区重点工程、重大项目、重大举措和重要领域改革推进情况，应严格按照督查通知明确的时限报送',
    progressSatisfies: false,
  },
  {
    source: 'standing_meeting',
    label: '常务会议',
    aliases: ['区政府常务会议'],
    rule: { kind: 'working_days_after_meeting', days: 10 },
    article: 40,
    explanation: '依据第四十条：区政府常务会议决定事项的落实情况，应在会后10个工作日内报送',
    progressSatisfies: true,
  },
  {
    source: 'topic_meeting',
    label: '专题会议',
    aliases: ['现场办公会议', '现场办公会'],
    rule: { kind: 'milestones_required' },
    article: 40,
    explanation: '依据第四十条：区政府专题会议、现场办公会议确定事项，应按照会议决定的时间节点要求报送',
    progressSatisfies: false,
  },
  {
    // Art. 40 sets no period for the plenary meeting's decisions (Art. 51): the notice must name one.
    source: 'plenary_meeting',
    label: '全体会议',
    aliases: ['区政府全体会议'],
    rule: { kind: 'explicit_required' },
    article: 40,
    explanation: '依据第四十条：区政府全体会议决定事项的落实情况，按照督查通知明确的时限报送（第四十条未另定期限）',
    progressSatisfies: false,
  },
  {
    source: 'npc_suggestion',
    label: '人大建议',
    aliases: ['人大代表建议'],
    rule: { kind: 'months_after_assignment', months: 3, complexMonths: 6 },
    article: 40,
    explanation: '依据第四十条：人大代表建议应在3个月内办理答复',
    complexExplanation: '依据第四十条：人大代表建议涉及面广、处理难度大的，最迟不得超过6个月办理答复',
    progressSatisfies: false,
  },
  {
    source: 'cppcc_proposal',
    label: '政协提案',
    aliases: ['政协委员提案'],
    rule: { kind: 'months_after_assignment', months: 3, complexMonths: 6 },
    article: 40,
    explanation: '依据第四十条：政协提案应在3个月内办理答复',
    complexExplanation: '依据第四十条：政协提案涉及面广、处理难度大的，最迟不得超过6个月办理答复',
    progressSatisfies: false,
  },
  {
    source: 'other_decision',
    label: '其他会议',
    aliases: ['区委全会', '常委会议', '区人代会', '人大常委会'],
    rule: { kind: 'explicit_required' },
    article: 40,
    explanation: '依据第三十九条、第四十条：区委全会、常委会议、人代会等决定事项，按照督查通知明确的时限报送',
    progressSatisfies: false,
  },
];

const BY_SOURCE = new Map(DEADLINE_RULES.map((r) => [r.source, r]));

export function ruleFor(source: SupervisionSource): SourceRule {
  return BY_SOURCE.get(source)!;
}

export const sourceLabel = (source: SupervisionSource): string => ruleFor(source).label;

/** `来源=` text → source: the label or an alias (e.g. 督查通知 → upper_notice). */
export function sourceFromZh(text: string): SupervisionSource | undefined {
  const word = text.trim();
  return DEADLINE_RULES.find((r) => r.label === word || r.aliases.includes(word) || r.source === word)?.source;
}

/** The words documented for `来源=` (a stable contract, docs/reference/supervision.md); each resolves through `sourceFromZh`. */
export const SOURCE_LABELS_ZH = [
  '领导批示',
  '上级批示',
  '上级文件',
  '上级督查通知',
  '区政府文件',
  '重点项目',
  '常务会议',
  '专题会议',
  '全体会议',
  '人大建议',
  '政协提案',
  '其他会议',
];

export interface Deadline {
  dueDate: LocalDate;
  /** True when any day the computation touched lies in a year whose schedule is not published. */
  provisional: boolean;
  article: number;
  explanation: string;
  /** True when a progress reply by the due date meets the rule ("办结或回复进展情况"). */
  satisfiedByProgress: boolean;
  /** True when the date came from the facts as given (期限 or the last 节点), not from arithmetic. */
  explicit: boolean;
}

export type DeadlineError = { kind: 'missing_fact'; fact: DeadlineFact; message: string } | { kind: 'fact_not_allowed'; fact: DeadlineFact; message: string };

export type DeadlineResult = { ok: true; deadline: Deadline } | { ok: false; error: DeadlineError };

const missing = (fact: DeadlineFact, message: string): DeadlineResult => ({ ok: false, error: { kind: 'missing_fact', fact, message } });
const notAllowed = (fact: DeadlineFact, message: string): DeadlineResult => ({ ok: false, error: { kind: 'fact_not_allowed', fact, message } });

/**
 * The due date of an item from its source and facts (Art. 40 办理期限). Working-day periods do not
 * count the start day (民法典 第二百零一条); month periods that end on a day off move to the next
 * working day (第二百零三条); explicit dates are kept as given.
 */
export function computeDeadline(source: SupervisionSource, facts: DeadlineFacts, calendar: WorkCalendar): DeadlineResult {
  const entry = ruleFor(source);
  const { rule, article, label } = entry;
  const ok = (dueDate: LocalDate, provisional: boolean, explanation: string, explicit: boolean): DeadlineResult => ({
    ok: true,
    deadline: { dueDate, provisional, article, explanation, satisfiedByProgress: entry.progressSatisfies && !explicit, explicit },
  });
  const computedOnly = (fact: DeadlineFact, how: string) =>
    notAllowed(fact, `${entry.explanation}。${label}事项${how}，不能另填「${FACT_KEYS_ZH[fact]}=」，请删去后重新提交。`);

  switch (rule.kind) {
    case 'explicit_required':
      if (!facts.explicitDue) return missing('explicitDue', `${entry.explanation}。${label}事项须填写督查通知明确的期限，例如「期限=2026-12-20」。`);
      return ok(facts.explicitDue, false, entry.explanation, true);
    case 'explicit_or_working_days_after_receipt': {
      if (facts.explicitDue) return ok(facts.explicitDue, false, entry.explicitExplanation ?? entry.explanation, true);
      if (!facts.receivedOn) return missing('receivedOn', `${entry.explanation}。请填写收文日期，例如「收文日期=2026-09-30」。`);
      const due = calendar.addWorkingDays(facts.receivedOn, rule.days);
      return ok(due.date, due.provisional, entry.explanation, false);
    }
    case 'working_days_after_meeting': {
      if (facts.explicitDue) return computedOnly('explicitDue', `的期限为会后${rule.days}个工作日`);
      if (!facts.meetingOn) return missing('meetingOn', `${entry.explanation}。请填写会议日期，例如「会议日期=2026-09-24」。`);
      const due = calendar.addWorkingDays(facts.meetingOn, rule.days);
      return ok(due.date, due.provisional, entry.explanation, false);
    }
    case 'milestones_required':
      if (facts.explicitDue) return computedOnly('explicitDue', '的期限为最后一个时间节点');
      if (!facts.milestones?.length)
        return missing('milestones', `${entry.explanation}。请填写会议确定的时间节点，例如「节点=2026-12-10:完成方案;2026-12-20:完成验收」。`);
      return ok(lastMilestone(facts.milestones), false, entry.explanation, true);
    case 'months_after_assignment': {
      if (facts.explicitDue) return computedOnly('explicitDue', `的期限为交办后${rule.months}个月（复杂的${rule.complexMonths}个月）`);
      if (!facts.assignedOn) return missing('assignedOn', `${entry.explanation}。请填写交办日期，例如「交办日期=2026-06-12」。`);
      const months = facts.complex ? rule.complexMonths : rule.months;
      const due = calendar.addMonths(facts.assignedOn, months);
      return ok(due.date, due.provisional, (facts.complex && entry.complexExplanation) || entry.explanation, false);
    }
  }
}

function lastMilestone(milestones: ReadonlyArray<{ dueOn: LocalDate }>): LocalDate {
  return milestones.map((m) => m.dueOn).reduce((a, b) => (b > a ? b : a));
}

/** Art. 40's words for the outer limit of an NPC suggestion's or CPPCC proposal's reply. */
export const ASSIGNMENT_CEILING_QUOTE = '对人大代表建议和政协提案，应在3个月内办理答复，涉及面广、处理难度大的问题，最迟不得超过6个月';

/**
 * The latest day an extension may reach, if the source has one (Art. 40): an NPC suggestion or
 * CPPCC proposal, complex or not, is answered at most `complexMonths` after assignment, counted
 * like the deadline itself (a period ending on a day off moves on, 民法典 第二百零三条).
 */
export function extensionCeiling(source: SupervisionSource, facts: Pick<DeadlineFacts, 'assignedOn'>, calendar: WorkCalendar): CalendarDate | undefined {
  const { rule } = ruleFor(source);
  if (rule.kind !== 'months_after_assignment' || !facts.assignedOn) return undefined;
  return calendar.addMonths(facts.assignedOn, rule.complexMonths);
}

/** Whether the rule lets the office state a deadline (期限=) for this source. */
export function allowsExplicitDeadline(source: SupervisionSource): boolean {
  const kind = ruleFor(source).rule.kind;
  return kind === 'explicit_required' || kind === 'explicit_or_working_days_after_receipt';
}

/**
 * The facts the office fills in for each kind of rule (the registration form shows only these;
 * 节点 may be given for any item, as its node tasks).
 */
export const RULE_FACTS: Record<DeadlineRule['kind'], ReadonlyArray<{ fact: DeadlineFact; required?: true }>> = {
  explicit_required: [{ fact: 'explicitDue', required: true }, { fact: 'milestones' }],
  explicit_or_working_days_after_receipt: [{ fact: 'receivedOn' }, { fact: 'explicitDue' }, { fact: 'milestones' }],
  working_days_after_meeting: [{ fact: 'meetingOn', required: true }, { fact: 'milestones' }],
  milestones_required: [{ fact: 'meetingOn' }, { fact: 'milestones', required: true }],
  months_after_assignment: [{ fact: 'assignedOn' }, { fact: 'complex' }, { fact: 'milestones' }],
};

/** The rule in words, for the docs/reference/supervision.md table and the `/帮助` card. */
export function describeRule(rule: DeadlineRule): string {
  switch (rule.kind) {
    case 'explicit_required':
      return '按督查通知明确的时限（须填写期限）';
    case 'explicit_or_working_days_after_receipt':
      return `有明确时限按时限，否则收文后${rule.days}个工作日`;
    case 'working_days_after_meeting':
      return `会后${rule.days}个工作日`;
    case 'milestones_required':
      return '按会议确定的时间节点（须填写节点，期限为最后一个节点）';
    case 'months_after_assignment':
      return `交办后${rule.months}个月，复杂的最迟${rule.complexMonths}个月`;
  }
}
