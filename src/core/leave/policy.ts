/**
 * The leave policy of Art. 68 as data a reader can check against the seed line by line
 * (Art. 68, quoted in docs/rules.md). Who must file, how far ahead, along which chain, and who is told.
 */
import { articleZh, citing } from '../errors';
import type { Directory } from '../org/directory';
import { hasRole, isGovernmentLeader, type Person, type UnitFunction } from '../org/types';
import { addCalendarDays, type LocalDate } from '../time';

export const LEAVE_ARTICLE = 68;
/** 区政府组成人员 (Art. 8): 区长、副区长、区政府组成部门的各局（办）局长（主任）. */
export const MEMBERS_ARTICLE = 8;

// ── Destinations ──────────────────────────────────────────────────────────────────────────────

export type DestinationScope = 'abroad' | 'out_of_province' | 'other_city' | 'within_city';

/**
 * Art. 68: "因公因私出国(境)、出省及离开市域到省内其他市(地)" need leave; travel inside the city does not.
 * `words` are what people type (the first is the canonical label).
 */
export const DESTINATION_SCOPES: Record<DestinationScope, { zh: string; needsLeave: boolean; words: readonly string[] }> = {
  abroad: { zh: '出国(境)', needsLeave: true, words: ['出国(境)', '出国（境）', '出国境', '出国', '出境'] },
  out_of_province: { zh: '出省', needsLeave: true, words: ['出省', '省外'] },
  other_city: {
    zh: '省内其他市(地)',
    needsLeave: true,
    words: ['省内其他市(地)', '省内其他市（地）', '省内其他市', '省内其他地市', '省内外市', '离开市域', '省内'],
  },
  within_city: { zh: '市内', needsLeave: false, words: ['市内', '本市', '市域内', '区内'] },
};

export const WITHIN_CITY_MESSAGE = citing(LEAVE_ARTICLE, '市内外出无需请假，本次未登记。');

/** The scope a typed word names, or undefined. */
export function scopeFromWord(word: string): DestinationScope | undefined {
  const w = word.trim();
  return (Object.keys(DESTINATION_SCOPES) as DestinationScope[]).find((s) => DESTINATION_SCOPES[s].words.includes(w));
}

export type Purpose = 'official' | 'private';
/** Art. 68 covers both: "因公因私". */
export const PURPOSES: Record<Purpose, { zh: string }> = { official: { zh: '因公' }, private: { zh: '因私' } };

export function purposeFromWord(word: string): Purpose | undefined {
  const w = word.trim();
  return w === '因公' || w === '公务' ? 'official' : w === '因私' || w === '私事' ? 'private' : undefined;
}

// ── Advance notice ────────────────────────────────────────────────────────────────────────────

export type TripLength = 'same_day' | 'multi_day';

/** Art. 68: "当天能够返回的，要提前1天请假报告；外出1天以上的，须提前3天请假报告" (calendar days). */
export const NOTICE_RULES: Record<TripLength, { daysAhead: number; zh: string }> = {
  same_day: { daysAhead: 1, zh: '当天能够返回的，要提前1天请假报告' },
  multi_day: { daysAhead: 3, zh: '外出1天以上的，须提前3天请假报告' },
};

export function tripLength(start: LocalDate, end: LocalDate): TripLength {
  return start === end ? 'same_day' : 'multi_day';
}

/** The last date on which a request for this trip complies with the notice rule. */
export function latestFilingDate(start: LocalDate, end: LocalDate): LocalDate {
  return addCalendarDays(start, -NOTICE_RULES[tripLength(start, end)].daysAhead);
}

export interface NoticeCheck {
  onTime: boolean;
  rule: TripLength;
  latest: LocalDate;
}

export function checkNotice(filedOn: LocalDate, start: LocalDate, end: LocalDate): NoticeCheck {
  const latest = latestFilingDate(start, end);
  return { onTime: filedOn <= latest, rule: tripLength(start, end), latest };
}

/** Art. 68: "如遇特殊情况不能提前报批的，须当日履行书面报告程序并向区政府办公室报告，由区政府办公室代为请假". */
export const EMERGENCY_RULE_ZH = '如遇特殊情况不能提前报批的，须当日履行书面报告程序并向区政府办公室报告，由区政府办公室代为请假';
/** Art. 68: the last sentence, quoted on the departure-day reminder. */
export const NO_DEPARTURE_WITHOUT_APPROVAL_ZH = '未按程序经领导批准，不得离开本市';

// ── Who files, and along which chain ─────────────────────────────────────────────────────────

/**
 * Art. 68 names three groups: 区长; 副区长 and 政府党组成员 (the executive deputy is a 副区长);
 * heads of towns, subdistricts and departments (部门 includes the government office, a 区政府组成部门
 * under Art. 8). Anyone else (staff, liaisons, the party committee and its office) is not covered.
 */
export type RequesterRank = 'district_head' | 'government_leader' | 'unit_head';

export function requesterRankOf(person: Person, dir: Directory): RequesterRank | undefined {
  if (hasRole(person, 'district_head')) return 'district_head';
  if (hasRole(person, 'executive_deputy') || hasRole(person, 'deputy_head') || hasRole(person, 'party_group_member')) return 'government_leader';
  if (hasRole(person, 'unit_head')) {
    const unit = dir.unit(person.unitId);
    const governmentUnit = unit && (unit.kind !== 'office' || unit.function === 'gov_office');
    if (governmentUnit) return 'unit_head';
  }
  return undefined;
}

export const NOT_COVERED_MESSAGE = citing(
  LEAVE_ARTICLE,
  `本请假审批流程适用于区政府组成人员（${articleZh(MEMBERS_ARTICLE)}：区长、副区长、各局（办）局长（主任））、区政府党组成员，以及乡镇政府、街道办事处、各部门主要负责人。您不在此范围，请按本单位的请假规定办理。`,
);

/** How a step's addressee is found from the directory. */
export type AddresseeRule =
  | { kind: 'holder'; role: 'party_secretary' | 'district_head' }
  | { kind: 'supervising_deputy' }
  | { kind: 'office'; fn: UnitFunction };

export type StepTemplate = 'party_secretary_approval' | 'city_report' | 'head_consent' | 'supervising_deputy_review' | 'head_approval';

/** How a step's buttons, toasts, reason form, card line and the requester's notice read. */
export interface StepWords {
  /** The buttons, and the decided step's line: 同意 / 驳回. */
  approve: string;
  reject: string;
  /** The toasts after a click. */
  approved: string;
  rejected: string;
  /** After the clicker's name on the decided step's line ("林小梅 记录" when the office records an answer). */
  byline: string;
  /** The reason form: its title (before " · 姓名（编号 N）"), field and submit button. */
  formTitle: string;
  reasonLabel: string;
  submit: string;
  /** What the requester is told on a refusal. */
  refusalNotice(what: string, by: string, reason: string): string;
}

/** A leader's own decision. */
export const DECISION_WORDS: StepWords = {
  approve: '同意',
  reject: '驳回',
  approved: '已同意',
  rejected: '已驳回',
  byline: '',
  formTitle: '驳回请假申请',
  reasonLabel: '驳回理由',
  submit: '确认驳回',
  refusalNotice: (what, by, reason) => `您的${what}被驳回。\n驳回人：${by}\n理由：${reason}`,
};

/** The city government's answer, given outside the bot and recorded by 区政府办 (Art. 68: 向市政府…请假). */
const CITY_ANSWER_WORDS: StepWords = {
  approve: '市政府同意',
  reject: '市政府不同意',
  approved: '已记录市政府同意',
  rejected: '已记录市政府不同意',
  byline: ' 记录',
  formTitle: '记录市政府不同意',
  reasonLabel: '市政府的意见',
  submit: '确认记录',
  refusalNotice: (what, by, reason) => `市政府不同意您的${what}。\n记录人：区政府办 ${by}\n意见：${reason}`,
};

export interface StepTemplateRule {
  /** What the step is, for cards: "区委主要领导批准". */
  zh: string;
  addressee: AddresseeRule;
  words: StepWords;
  quote: string;
}

export const STEP_TEMPLATES: Record<StepTemplate, StepTemplateRule> = {
  party_secretary_approval: {
    zh: '区委主要领导批准',
    addressee: { kind: 'holder', role: 'party_secretary' },
    words: DECISION_WORDS,
    quote: '报区委主要领导批准',
  },
  // The head asks leave of the city government, not just reports: 区政府办 records its answer.
  // (The stored key keeps its first name, `city_report`.)
  city_report: {
    zh: '向市政府请假（区政府办记录市政府意见）',
    addressee: { kind: 'office', fn: 'gov_office' },
    words: CITY_ANSWER_WORDS,
    quote: '区长离开本市，要向市政府和区委主要领导请假',
  },
  head_consent: {
    zh: '区长同意',
    addressee: { kind: 'holder', role: 'district_head' },
    words: DECISION_WORDS,
    quote: '向区长请假，区长同意后',
  },
  supervising_deputy_review: {
    zh: '主管领导（分管副区长）审核',
    addressee: { kind: 'supervising_deputy' },
    words: DECISION_WORDS,
    quote: '必须向区政府主管领导书面请假',
  },
  head_approval: {
    zh: '区长批准',
    addressee: { kind: 'holder', role: 'district_head' },
    words: DECISION_WORDS,
    quote: '报区长批准',
  },
};

export interface ChainRule {
  steps: readonly StepTemplate[];
  /** Offices that get a copy of the leave slip (请假单) when it is filed. */
  copyOnFiling: readonly UnitFunction[];
  /** Art. 68: "区政府办公室负责将领导请假外出情况通报区政府其他领导". */
  notifyOtherLeadersOnApproval: boolean;
  quote: string;
}

/** The approval chains of Art. 68 (docs/reference/leave.md, Chains). */
export const APPROVAL_CHAINS: Record<RequesterRank, ChainRule> = {
  district_head: {
    steps: ['party_secretary_approval', 'city_report'],
    copyOnFiling: [],
    notifyOtherLeadersOnApproval: true,
    quote: '区长离开本市，要向市政府和区委主要领导请假。',
  },
  government_leader: {
    steps: ['head_consent', 'party_secretary_approval'],
    copyOnFiling: [],
    notifyOtherLeadersOnApproval: true,
    quote: '副区长及政府党组成员离开本市，向区长请假，区长同意后，报区委主要领导批准。',
  },
  unit_head: {
    steps: ['supervising_deputy_review', 'head_approval'],
    copyOnFiling: ['party_office', 'gov_office'],
    notifyOtherLeadersOnApproval: false,
    quote: '乡镇政府、街道办事处和各部门主要负责人离开本市，必须向区政府主管领导书面请假，报区长批准，同时向区委办、区政府办报备（提供请假单复印件）。',
  },
};

export interface PlannedStep {
  template: StepTemplate;
  /** The person the template names; null when the government office takes the step, or nobody holds the post. */
  addresseeId: string | null;
}

/** The steps of `requester`'s chain with their addressees from the directory (`approvalChainFor`). */
export function approvalChainFor(requester: Person, rank: RequesterRank, dir: Directory): PlannedStep[] {
  return APPROVAL_CHAINS[rank].steps.map((template) => ({ template, addresseeId: addresseeOf(STEP_TEMPLATES[template].addressee, requester, dir) }));
}

function addresseeOf(rule: AddresseeRule, requester: Person, dir: Directory): string | null {
  switch (rule.kind) {
    case 'holder':
      return dir.holder(rule.role)?.id ?? null;
    case 'supervising_deputy':
      return dir.unit(requester.unitId)?.supervisingDeputyId ?? null;
    case 'office':
      return null;
  }
}

/** The other district government leaders told of a leader's approved absence (Art. 68). */
export function otherGovernmentLeaders(dir: Directory, requesterId: string): Person[] {
  return dir.people.filter((p) => isGovernmentLeader(p) && p.id !== requesterId);
}
