import { afterEach, describe, expect, it } from 'vitest';
import { createWorkCalendar } from '../../src/core/calendar';
import {
  computeDeadline,
  DEADLINE_RULES,
  extensionCeiling,
  SOURCE_LABELS_ZH,
  sourceFromZh,
  sourceLabel,
  SUPERVISION_SOURCES,
  type DeadlineFacts,
  type SupervisionSource,
} from '../../src/core/rules/deadlines';

/** 2026 from chinese-days; 2027 unknown until a schedule is imported (docs/calendar.md). */
const published = createWorkCalendar();
/** The same after importing a 2027 schedule whose New Year's Day (a Friday) is a holiday. */
const with2027 = createWorkCalendar({ days: new Map([['2027-01-01', { kind: 'holiday', name: '元旦' }]]), years: new Set([2027]) });

type Case = [name: string, source: SupervisionSource, facts: DeadlineFacts, due: string, provisional: boolean];

const due = (source: SupervisionSource, facts: DeadlineFacts, calendar = published) => {
  const result = computeDeadline(source, facts, calendar);
  if (!result.ok) throw new Error(result.error.message);
  return result.deadline;
};

describe('Art. 40 办理期限: every source across 2026 holidays and make-up days', () => {
  const cases: Case[] = [
    // 领导批示: 3 working days after receipt, the receipt day not counted.
    [
      'leader instruction received 2026-09-30 ends on the make-up Saturday 10-10 after National Day',
      'leader_instruction',
      { receivedOn: '2026-09-30' },
      '2026-10-10',
      false,
    ],
    [
      'leader instruction received 2026-02-12 counts make-up day 02-14 and skips Spring Festival',
      'leader_instruction',
      { receivedOn: '2026-02-12' },
      '2026-02-24',
      false,
    ],
    ['leader instruction received 2026-04-02 skips Qingming (04-04 to 04-06)', 'leader_instruction', { receivedOn: '2026-04-02' }, '2026-04-08', false],
    [
      'leader instruction with a deadline stated by the leader keeps it',
      'leader_instruction',
      { receivedOn: '2026-04-02', explicitDue: '2026-04-03' },
      '2026-04-03',
      false,
    ],
    // 上级批示/文件: the stated deadline, else 5 working days.
    ['upper directive received 2026-04-29 skips May Day and ends on make-up day 05-09', 'upper_directive', { receivedOn: '2026-04-29' }, '2026-05-09', false],
    [
      'upper directive with a stated deadline keeps it as given',
      'upper_directive',
      { receivedOn: '2026-04-29', explicitDue: '2026-05-20' },
      '2026-05-20',
      false,
    ],
    ['upper document (上级文件) received 2026-04-29: the same five working days', 'upper_document', { receivedOn: '2026-04-29' }, '2026-05-09', false],
    [
      'upper inspection notice (上级督查通知) with a stated deadline keeps it',
      'upper_notice',
      { receivedOn: '2026-04-29', explicitDue: '2026-05-20' },
      '2026-05-20',
      false,
    ],
    // 区政府文件, 重点项目, 其他会议: the notice's deadline, kept as given even on a holiday.
    ['district document keeps the notice deadline', 'district_document', { explicitDue: '2026-11-20' }, '2026-11-20', false],
    ['key project keeps a notice deadline that falls on National Day', 'key_project', { explicitDue: '2026-10-03' }, '2026-10-03', false],
    ['other decision keeps the notice deadline', 'other_decision', { explicitDue: '2026-12-31' }, '2026-12-31', false],
    [
      'plenary meeting (Art. 51) keeps the notice deadline: Art. 40 sets none',
      'plenary_meeting',
      { meetingOn: '2026-12-01', explicitDue: '2027-01-29' },
      '2027-01-29',
      false,
    ],
    // 常务会议: 10 working days after the meeting.
    [
      'standing meeting on 2026-09-24 reports by 10-15, across Mid-Autumn and National Day',
      'standing_meeting',
      { meetingOn: '2026-09-24' },
      '2026-10-15',
      false,
    ],
    ['standing meeting on 2026-09-17 counts make-up Sunday 09-20', 'standing_meeting', { meetingOn: '2026-09-17' }, '2026-10-08', false],
    ['standing meeting on 2026-06-15 skips Dragon Boat (06-19 to 06-21)', 'standing_meeting', { meetingOn: '2026-06-15' }, '2026-06-30', false],
    // 专题会议: the last time node, kept as given (a Sunday here).
    [
      'topic meeting is due at its last milestone',
      'topic_meeting',
      {
        milestones: [
          { dueOn: '2026-12-20', title: '完成验收' },
          { dueOn: '2026-12-10', title: '完成方案' },
        ],
      },
      '2026-12-20',
      false,
    ],
    // 人大建议 / 政协提案: 3 months, complex 6; a month period ending on a day off moves on (民法典 第二百零三条).
    [
      'NPC suggestion assigned 2026-06-12 ends on Saturday 09-12 and moves to Monday 09-14',
      'npc_suggestion',
      { assignedOn: '2026-06-12' },
      '2026-09-14',
      false,
    ],
    ['NPC suggestion assigned 2026-07-01 ends on National Day and moves to 10-08', 'npc_suggestion', { assignedOn: '2026-07-01' }, '2026-10-08', false],
    ['CPPCC proposal assigned 2025-11-16 ends in Spring Festival and moves to 02-24', 'cppcc_proposal', { assignedOn: '2025-11-16' }, '2026-02-24', false],
    ['CPPCC proposal from 30 Nov 2025 ends on make-up Saturday 2026-02-28, a working day', 'cppcc_proposal', { assignedOn: '2025-11-30' }, '2026-02-28', false],
    [
      'a complex NPC suggestion assigned 2026-04-10 has 6 months, to make-up day 10-10',
      'npc_suggestion',
      { assignedOn: '2026-04-10', complex: true },
      '2026-10-10',
      false,
    ],
    ['CPPCC proposal from 31 Oct 2025 ends on Saturday 2026-01-31 and moves to 02-02', 'cppcc_proposal', { assignedOn: '2025-10-31' }, '2026-02-02', false],
    ['NPC suggestion from 29 Aug ends on Sunday 11-29 and moves to 11-30', 'npc_suggestion', { assignedOn: '2026-08-29' }, '2026-11-30', false],
    ['NPC suggestion from 31 Aug ends on 30 Nov (no 31 Nov)', 'npc_suggestion', { assignedOn: '2026-08-31' }, '2026-11-30', false],
  ];
  it.each(cases)('%s', (_name, source, facts, dueDate, provisional) => {
    expect(due(source, facts)).toMatchObject({ dueDate, provisional, article: 40 });
  });

  it('covers every source', () => {
    expect(new Set(cases.map((c) => c[1]))).toEqual(new Set(SUPERVISION_SOURCES));
  });
});

describe('Art. 40 办理期限 into 2027 (schedule not yet published: provisional)', () => {
  const cases: Array<[string, SupervisionSource, DeadlineFacts, string, string]> = [
    ['leader instruction received 2026-12-30', 'leader_instruction', { receivedOn: '2026-12-30' }, '2027-01-04', '2027-01-05'],
    ['upper directive received 2026-12-28', 'upper_directive', { receivedOn: '2026-12-28' }, '2027-01-04', '2027-01-05'],
    ['standing meeting on 2026-12-21', 'standing_meeting', { meetingOn: '2026-12-21' }, '2027-01-04', '2027-01-05'],
  ];
  it.each(cases)('%s is provisional before 2027 is imported and exact after', (_name, source, facts, before, after) => {
    expect(due(source, facts)).toMatchObject({ dueDate: before, provisional: true });
    expect(due(source, facts, with2027)).toMatchObject({ dueDate: after, provisional: false });
  });

  it('a 3-month period from 30 Nov 2026 ends on Sunday 2027-02-28 and moves to a provisional 03-01', () => {
    expect(due('npc_suggestion', { assignedOn: '2026-11-30' })).toMatchObject({ dueDate: '2027-03-01', provisional: true });
  });

  it('explicit dates in 2027 are kept as given and are not provisional', () => {
    expect(due('key_project', { explicitDue: '2027-01-01' })).toMatchObject({ dueDate: '2027-01-01', provisional: false, explicit: true });
  });
});

describe('Art. 40 explanations and "办结或回复进展情况"', () => {
  it('explains a leader instruction in one line for the card', () => {
    expect(due('leader_instruction', { receivedOn: '2026-09-30' })).toMatchObject({
      explanation: '依据第四十条：区政府领导批示事项要即接即办，一般应在3个工作日内办结或回复进展情况',
      satisfiedByProgress: true,
      explicit: false,
    });
  });

  it('a stated upper deadline must be met by completion, not by a progress reply', () => {
    const stated = due('upper_directive', { receivedOn: '2026-04-29', explicitDue: '2026-05-20' });
    expect(stated.satisfiedByProgress).toBe(false);
    expect(stated.explanation).toContain('应严格在规定时限内办结');
    expect(due('upper_directive', { receivedOn: '2026-04-29' }).satisfiedByProgress).toBe(true);
  });

  it('a complex NPC suggestion cites the 6-month limit', () => {
    expect(due('npc_suggestion', { assignedOn: '2026-04-10', complex: true }).explanation).toContain('最迟不得超过6个月');
  });

  it('every rule cites an article and explains itself in Chinese', () => {
    for (const rule of DEADLINE_RULES) {
      expect(rule.article).toBeGreaterThanOrEqual(39);
      expect(rule.explanation).toMatch(/^依据第[三四]十/);
    }
  });
});

describe('Art. 40 missing or unwanted facts are typed errors naming the key', () => {
  it.each([
    ['district_document', {}, 'explicitDue', '期限='],
    ['key_project', {}, 'explicitDue', '期限='],
    ['other_decision', {}, 'explicitDue', '期限='],
    ['plenary_meeting', {}, 'explicitDue', '期限='],
    ['standing_meeting', {}, 'meetingOn', '会议日期='],
    ['topic_meeting', { milestones: [] }, 'milestones', '节点='],
    ['leader_instruction', {}, 'receivedOn', '收文日期='],
    ['npc_suggestion', {}, 'assignedOn', '交办日期='],
  ] as Array<[SupervisionSource, DeadlineFacts, string, string]>)('%s without the fact names %s', (source, facts, fact, key) => {
    const result = computeDeadline(source, facts, published);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ kind: 'missing_fact', fact });
    expect(result.error.message).toContain(key);
  });

  it.each(['standing_meeting', 'topic_meeting', 'npc_suggestion', 'cppcc_proposal'] as SupervisionSource[])('%s refuses a hand-set deadline', (source) => {
    const result = computeDeadline(
      source,
      { meetingOn: '2026-09-24', assignedOn: '2026-06-12', milestones: [{ dueOn: '2026-12-10', title: 'x' }], explicitDue: '2026-12-01' },
      published,
    );
    expect(result).toMatchObject({ ok: false, error: { kind: 'fact_not_allowed', fact: 'explicitDue' } });
  });
});

describe('来源= words', () => {
  it('every documented word resolves to a source', () => {
    for (const word of SOURCE_LABELS_ZH) expect(sourceFromZh(word), word).toBeDefined();
    expect(sourceFromZh('小道消息')).toBeUndefined();
  });

  it('every source keeps its own label: the word typed is the word shown (上级文件 stays 上级文件)', () => {
    for (const word of SOURCE_LABELS_ZH) expect(sourceLabel(sourceFromZh(word)!), word).toBe(word);
    expect(sourceLabel(sourceFromZh('督查通知')!)).toBe('上级督查通知');
  });

  it('Art. 40: 上级文件 and 上级督查通知 follow the rule of 上级批示 (5 working days, or the stated deadline)', () => {
    const facts = { receivedOn: '2026-11-16' };
    for (const word of ['上级文件', '上级督查通知']) {
      expect(due(sourceFromZh(word)!, facts), word).toEqual(due('upper_directive', facts));
      expect(due(sourceFromZh(word)!, { ...facts, explicitDue: '2026-12-31' }), word).toEqual(due('upper_directive', { ...facts, explicitDue: '2026-12-31' }));
    }
  });
});

describe('host time zone does not change a deadline', () => {
  const original = process.env.TZ;
  afterEach(() => {
    process.env.TZ = original;
  });
  it.each(['UTC', 'America/Los_Angeles', 'Asia/Shanghai'])('TZ=%s', (tz) => {
    process.env.TZ = tz;
    const calendar = createWorkCalendar();
    expect(computeDeadline('standing_meeting', { meetingOn: '2026-09-24' }, calendar)).toMatchObject({ ok: true, deadline: { dueDate: '2026-10-15' } });
    expect(computeDeadline('npc_suggestion', { assignedOn: '2026-06-12' }, calendar)).toMatchObject({ ok: true, deadline: { dueDate: '2026-09-14' } });
  });
});

describe('Art. 40 extension ceiling: 最迟不得超过6个月 from assignment', () => {
  it.each([
    ['an NPC suggestion assigned 2026-06-12: Saturday 12-12 moves to Monday 12-14', 'npc_suggestion', '2026-06-12', { date: '2026-12-14', provisional: false }],
    [
      'a CPPCC proposal assigned 2026-07-01 reaches Friday 2027-01-01, provisional while 2027 is unpublished',
      'cppcc_proposal',
      '2026-07-01',
      { date: '2027-01-01', provisional: true },
    ],
    ['a leader instruction has no ceiling', 'leader_instruction', '2026-06-12', undefined],
  ] as const)('%s', (_, source, assignedOn, ceiling) => {
    expect(extensionCeiling(source, { assignedOn }, published)).toEqual(ceiling);
  });
});
