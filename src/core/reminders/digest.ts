/**
 * The daily digest (docs/reference/reminders.md): for each person, what concerns them today. Pure: everything comes in
 * as preloaded facts, so one pass serves every person of a large organisation.
 *
 * Who sees what:
 * - unit heads and liaisons — their units' items (lead or assisting): overdue, due today, due within
 *   2 working days; notices their unit has not acknowledged; the lead unit's weekly reports;
 *   heads also the reports waiting for their sign-off (审签, Art. 40);
 * - deputies — items of the units they supervise (分管) and items they assigned;
 * - every government leader — drafts waiting for their approval (督查交办), extension requests
 *   they decide, and who is away today;
 * - office staff (督查人员) — all open deadlines, lapsed acknowledgements, reports to receive and
 *   review, weekly reports overdue, extensions the office decides, and leaves not reported back;
 * - everyone — leave requests waiting for their decision (the same test as `/审批`).
 *
 * Everything that waits for the person's own action comes from the to-do book (src/core/todo), the
 * source `/待办` lists too, so the digest and `/待办` never disagree; the rest is what they watch.
 *
 * Nobody on approved leave gets a digest; what waits for their own action (sign-offs, approvals,
 * extension decisions) is shown to whoever stands in for them (Art. 9, 11: the leave delegation
 * resolver), or to the office when nobody does. A paused digest (`/提醒 暂停`) is simply not sent.
 */
import type { WorkCalendar } from '../calendar/types';
import { standIn } from '../leave/away';
import { describeDates, postOf } from '../leave/cards';
import { DESTINATION_SCOPES, PURPOSES } from '../leave/policy';
import type { Directory } from '../org/directory';
import { hasRole, isGovernmentLeader, type Person } from '../org/types';
import { personName, unitName } from '../supervision/cards';
import { unitsAnsweredForBy, unitsSupervisedBy } from '../org/units-of-person';
import { todoBook, weeklyOverdueText, type TodoBook, type TodoItem, type TodoKind } from '../todo/items';
import type { Dispute } from '../supervision/disputes';
import type { PendingSignoff } from '../todo/signoffs';
import { formatDateZh, localDate, type LocalDate } from '../time';
import { deadlineLine, type ItemView } from './item-views';
import type { LeaveFacts } from './leave-facts';
import { DIGEST_SECTION_LIMIT } from './policy';
import { md, type Md } from '../messages';
import type { Doc } from '../documents/types';

export type SectionKey =
  | 'overdue'
  | 'dueToday'
  | 'dueSoon'
  | 'unacked'
  | 'owed'
  | 'signoff'
  | 'review'
  | 'decisions'
  | 'following'
  | 'weekly'
  | 'leave'
  | 'notBack'
  | 'delegated'
  | 'away'
  | 'documents';

export interface DigestSection {
  key: SectionKey;
  title: string;
  /** Its lines; a built digest renders only the first DIGEST_SECTION_LIMIT, the card shows no more. */
  lines: Md[];
  /** How many lines the section has, when more than `lines` holds. */
  total?: number;
  /** The command that lists everything, shown when the section is cut at DIGEST_SECTION_LIMIT lines. */
  more?: string;
  /** The command that acts on every line (`/审批`), said once under the section instead of on each line. */
  act?: string;
}

export interface Digest {
  person: Person;
  sections: DigestSection[];
  /** Everything waiting for this person: the same list `/待办` shows (src/core/todo). */
  todo: TodoItem[];
  /** A deadline shown was computed on a year whose holiday schedule is not published. */
  provisional: boolean;
}

export interface DigestFacts {
  dir: Directory;
  calendar: WorkCalendar;
  now: Date;
  items: readonly ItemView[];
  leave: LeaveFacts;
  /** Documents waiting for someone (Art. 61, 62); absent: none. */
  documents?: readonly Doc[];
  /** Person → last paused day (inclusive). */
  pausedUntil: ReadonlyMap<string, LocalDate>;
  signoffs?: readonly PendingSignoff[];
  disputes?: readonly Dispute[];
}

const TITLES: Record<SectionKey, string> = {
  overdue: '🔴 已逾期',
  dueToday: '🟡 今天到期',
  dueSoon: '🟡 2个工作日内到期',
  unacked: '未签收的督查通知',
  owed: '本单位待报送',
  signoff: '待您审签的报告',
  review: '待签收、审核的报告',
  decisions: '待您审定、审批',
  following: '跟踪：待领导审批的延期申请',
  weekly: '周报',
  leave: '待您审批的请假',
  notBack: '尚未销假',
  delegated: '代为关注（请假外出人员待处理的事项）',
  away: '今日请假外出',
  documents: '公文待办（来文、发文）',
};

const ORDER: readonly SectionKey[] = [
  'overdue',
  'dueToday',
  'dueSoon',
  'unacked',
  'owed',
  'signoff',
  'review',
  'decisions',
  'documents',
  'following',
  'weekly',
  'leave',
  'notBack',
  'delegated',
  'away',
];

/** The digest section of each waiting matter; a stand-in's are all under 代为关注. */
const TODO_SECTION: Record<TodoKind, SectionKey> = {
  leave: 'leave',
  meeting: 'leave',
  signoff: 'decisions',
  approve_draft: 'decisions',
  sign_off: 'signoff',
  extension: 'decisions',
  receive: 'review',
  review: 'review',
  extension_watch: 'following',
  ack: 'unacked',
  plan: 'owed',
  redo: 'owed',
  weekly: 'weekly',
  document: 'documents',
  document_forward: 'documents',
  redraft: 'documents',
  dispute: 'decisions',
};

const sectionOf = (todo: TodoItem): SectionKey => (todo.standsInFor ? 'delegated' : TODO_SECTION[todo.kind]);

/** A unit that has not acknowledged a notice past its limit (the office's 逾期未签收). */
interface Lapse {
  v: ItemView;
  unitId: string;
}

interface Deadlines {
  overdue: ItemView[];
  dueToday: ItemView[];
  dueSoon: ItemView[];
  /** One of them has a deadline computed on a year whose holiday schedule is not published. */
  provisional: boolean;
}

/** Lookups built once, so each person's digest touches only their own items. */
interface Index {
  involving: Map<string, ItemView[]>;
  leading: Map<string, ItemView[]>;
  assignedBy: Map<string, ItemView[]>;
  open: ItemView[];
  /** What every office staff member's digest lists, worked out for the first of them. */
  office?: Deadlines;
  lapses?: Lapse[];
  /** Open items whose lead unit's weekly report is overdue (the office lists those not its own). */
  weeklyOverdue?: ItemView[];
  /** Each item's deadline line, rendered for the first digest that shows it (a unit's head and liaisons see the same). */
  deadlineLines: WeakMap<ItemView, Md>;
  /** Each shared to-do list (a unit's, book.of) by digest section, grouped once. */
  sectionsOfList: WeakMap<readonly TodoItem[], Map<SectionKey, TodoItem[]>>;
  /** Unit → the deadlines of its items, for people who follow that one unit only. */
  unitDeadlines: Map<string, Deadlines>;
}

function mapGetOrSet<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}

/** `YYYY-MM-DD` in date order; as localeCompare orders them, without the cost of a collator per comparison. */
const byDueOn = (a: ItemView, b: ItemView) => (a.item.dueOn < b.item.dueOn ? -1 : a.item.dueOn > b.item.dueOn ? 1 : 0);

function deadlinesOf(views: readonly ItemView[]): Deadlines {
  const deadlines: Deadlines = { overdue: [], dueToday: [], dueSoon: [], provisional: false };
  for (const v of views) {
    const light = v.deadline;
    if (!light || light.light === 'green' || light.light === 'white') continue;
    if (light.light === 'red') deadlines.overdue.push(v);
    else if (light.light === 'yellow') (light.workingDaysLeft === 0 ? deadlines.dueToday : deadlines.dueSoon).push(v);
    if (v.item.dueProvisional || light.provisional) deadlines.provisional = true;
  }
  deadlines.overdue.sort(byDueOn);
  return deadlines;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function indexOf(items: readonly ItemView[]): Index {
  const index: Index = {
    involving: new Map(),
    leading: new Map(),
    assignedBy: new Map(),
    open: [],
    unitDeadlines: new Map(),
    deadlineLines: new WeakMap(),
    sectionsOfList: new WeakMap(),
  };
  for (const view of items) {
    const { item } = view;
    if (item.status !== 'issued' && item.status !== 'in_progress') continue;
    index.open.push(view);
    push(index.leading, item.leadUnitId, view);
    for (const unitId of [item.leadUnitId, ...item.assistingUnitIds]) {
      const list = index.involving.get(unitId);
      if (!list) index.involving.set(unitId, [view]);
      // Each item once in a unit's list, even were the lead unit also listed as assisting.
      else if (list[list.length - 1] !== view) list.push(view);
    }
    if (item.assigningLeaderId) push(index.assignedBy, item.assigningLeaderId, view);
  }
  return index;
}

const asIs = (line: Md) => line;

/** A section of `entries`, only the lines the card shows rendered (the office's run to thousands). */
function section<T>(key: SectionKey, entries: readonly T[], render: (entry: T) => Md, more?: string, act?: string): DigestSection | undefined {
  if (!entries.length) return undefined;
  return { key, title: TITLES[key], lines: entries.slice(0, DIGEST_SECTION_LIMIT).map(render), total: entries.length, more, act };
}

function digestFor(facts: DigestFacts, index: Index, person: Person, todo: TodoItem[]): Digest {
  const { dir, calendar, leave } = facts;
  const today = localDate(facts.now);
  const office = hasRole(person, 'office_staff');
  const leader = isGovernmentLeader(person) || hasRole(person, 'party_secretary');
  const myUnits = unitsAnsweredForBy(dir, person);
  const supervised = unitsSupervisedBy(dir, person);

  // Deadlines of the items that concern them, each item once. The office sees every open item, in
  // ledger order, whatever else it follows: the same lists for each of its staff, worked out once.
  const relevant = (): readonly ItemView[] => {
    const lists = [
      ...myUnits.map((unit) => index.involving.get(unit.id)),
      ...supervised.map((unit) => index.leading.get(unit.id)),
      index.assignedBy.get(person.id),
    ].filter((list) => list !== undefined);
    // One list holds each item once (indexOf): only lists put together need merging.
    if (lists.length <= 1) return lists[0] ?? [];
    const views = new Map<string, ItemView>();
    for (const list of lists) for (const v of list) views.set(v.item.id, v);
    return [...views.values()];
  };
  // A head and the liaisons of one unit, and nothing else, see that unit's: worked out once per unit.
  const unitOnly = myUnits.length === 1 && supervised.length === 0 && !index.assignedBy.has(person.id) ? myUnits[0]!.id : undefined;
  const { overdue, dueToday, dueSoon, provisional } = office
    ? (index.office ??= deadlinesOf(index.open))
    : unitOnly
      ? mapGetOrSet(index.unitDeadlines, unitOnly, () => deadlinesOf(relevant()))
      : deadlinesOf(relevant());
  const scope = office || myUnits.length !== 1 ? '' : ` 单位=${myUnits[0]!.name}`;

  // What waits for them (src/core/todo), in the section of its kind, plus what the office watches.
  let bySection = index.sectionsOfList.get(todo);
  if (!bySection) {
    index.sectionsOfList.set(todo, (bySection = new Map()));
    for (const t of todo) push(bySection, sectionOf(t), t);
  }
  const waiting = (key: SectionKey): readonly TodoItem[] => bySection.get(key) ?? [];
  const lineOf = (t: TodoItem) => t.line;
  const line = (view: ItemView) => {
    let rendered = index.deadlineLines.get(view);
    if (!rendered) index.deadlineLines.set(view, (rendered = deadlineLine(dir, view)));
    return rendered;
  };
  const mine = (view: ItemView) => myUnits.some((u) => u.id === view.item.leadUnitId);
  const lapses = office
    ? (index.lapses ??= index.open.filter((v) => v.ackLimit && v.ackLimit < today).flatMap((v) => v.unacked.map((unitId) => ({ v, unitId }))))
    : [];
  const lapseLine = ({ v, unitId }: Lapse) => md`**${v.item.id}** ${v.item.title}｜${unitName(dir, unitId)} 逾期未签收（时限 ${formatDateZh(v.ackLimit!)}）`;
  const weeksOverdue = office ? (index.weeklyOverdue ??= index.open.filter((v) => v.weekly.overdue)).filter((v) => !mine(v)) : [];
  const weekLine = (v: ItemView) => md`**${v.item.id}** ${v.item.title}｜${weeklyOverdueText(dir, v)}`;
  const notBack = office
    ? leave.notBack.map((r) => md`${personName(dir, r.requesterId)}（编号 ${r.id}，${describeDates(r.startDate, r.endDate)}）已返回期满，尚未销假`)
    : [];
  const away = leader
    ? leave.absences.map((r) => {
        const who = dir.person(r.requesterId);
        return md`${personName(dir, r.requesterId)}${who ? `（${postOf(dir, who)}）` : ''} · ${describeDates(r.startDate, r.endDate)} · ${PURPOSES[r.purpose].zh}${DESTINATION_SCOPES[r.scope].zh} · ${r.destination}${who ? standIn(dir, who, leave.away) : ''}`;
      })
    : [];

  const sections = [
    section('overdue', overdue, line, `/台账${scope} 灯=红`),
    section('dueToday', dueToday, line, `/台账${scope} 灯=黄`),
    section('dueSoon', dueSoon, line, `/台账${scope} 2个工作日内到期`),
    section<TodoItem | Lapse>('unacked', [...waiting('unacked'), ...lapses], (e) => ('v' in e ? lapseLine(e) : e.line), '/台账'),
    section('owed', waiting('owed'), lineOf, '/待办'),
    section('signoff', waiting('signoff'), lineOf, '/待办'),
    section('review', waiting('review'), lineOf, '/待办'),
    section('decisions', waiting('decisions'), lineOf, '/待办'),
    section('documents', waiting('documents'), lineOf, '/待办'),
    section('following', waiting('following'), lineOf, '/待办'),
    section<TodoItem | ItemView>('weekly', [...waiting('weekly'), ...weeksOverdue], (e) => ('item' in e ? weekLine(e) : e.line)),
    section('leave', waiting('leave'), lineOf, '/审批', '/审批'),
    section('notBack', notBack, asIs),
    section('delegated', waiting('delegated'), lineOf, '/待办'),
    section('away', away, asIs, '/谁请假'),
  ]
    .filter((s): s is DigestSection => s !== undefined)
    .sort((a, b) => ORDER.indexOf(a.key) - ORDER.indexOf(b.key));
  return { person, sections, todo, provisional: provisional || calendar.day(today).known === false };
}

/**
 * Nothing waits for them and they watch no deadlines, lapses or absences: most of the staff of a
 * large directory, whose digest would be empty.
 */
function followsNothing(dir: Directory, index: Index, person: Person): boolean {
  return (
    !hasRole(person, 'office_staff') &&
    !isGovernmentLeader(person) &&
    !hasRole(person, 'party_secretary') &&
    unitsAnsweredForBy(dir, person).length === 0 &&
    unitsSupervisedBy(dir, person).length === 0 &&
    !index.assignedBy.has(person.id)
  );
}

/** Every digest to send today: people not away, not paused, with something to say; made one at a time. */
export function* buildDigests(facts: DigestFacts, book: TodoBook = todoBook(facts)): Generator<Digest> {
  const index = indexOf(facts.items);
  const today = localDate(facts.now);
  for (const person of facts.dir.people) {
    if (facts.leave.away.has(person.id)) continue;
    const paused = facts.pausedUntil.get(person.id);
    if (paused && paused >= today) continue;
    const todo = book.of(person);
    if (!todo.length && followsNothing(facts.dir, index, person)) continue;
    const digest = digestFor(facts, index, person, todo);
    if (digest.sections.length) yield digest;
  }
}

/** The cut applied on the card: the first DIGEST_SECTION_LIMIT lines and how many were left out. */
export function visibleLines(s: DigestSection): { lines: Md[]; hidden: number } {
  const lines = s.lines.slice(0, DIGEST_SECTION_LIMIT);
  return { lines, hidden: Math.max(0, (s.total ?? s.lines.length) - lines.length) };
}
