/**
 * The daily digest (SPEC §7): for each person, what concerns them today. Pure: everything comes in
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
 * Nobody on approved leave gets a digest; what waits for their own action (sign-offs, approvals,
 * extension decisions) is shown to whoever stands in for them (Art. 9, 11: the leave delegation
 * resolver), or to the office when nobody does. A paused digest (`/提醒 暂停`) is simply not sent.
 */
import type { WorkCalendar } from '../calendar/types';
import { standIn } from '../leave/away';
import { describeDates, postOf } from '../leave/cards';
import { resolveApprover } from '../leave/delegation';
import { DESTINATION_SCOPES, PURPOSES } from '../leave/policy';
import type { Directory } from '../org/directory';
import { hasRole, isGovernmentLeader, type Person } from '../org/types';
import { personName, unitName } from '../supervision/cards';
import { isLiaison } from '../supervision/permissions';
import { REPORT_KIND_ZH, REPORT_STATUS_ZH, type Extension, type Report } from '../supervision/types';
import { formatDateZh, localDate, type LocalDate } from '../time';
import { deadlineLine, type ItemView } from './item-views';
import { approvalsWaitingFor, type LeaveFacts } from './leave-facts';
import { DIGEST_SECTION_LIMIT } from './policy';
import { md, type Md } from '../messages';

export type SectionKey =
  | 'overdue' | 'dueToday' | 'dueSoon' | 'unacked' | 'signoff' | 'review' | 'decisions' | 'weekly' | 'leave' | 'notBack' | 'delegated' | 'away';

export interface DigestSection {
  key: SectionKey;
  title: string;
  lines: Md[];
  /** The command that lists everything, shown when the section is cut at DIGEST_SECTION_LIMIT lines. */
  more?: string;
}

export interface Digest {
  person: Person;
  sections: DigestSection[];
  /** A deadline shown was computed on a year whose holiday schedule is not published. */
  provisional: boolean;
}

export interface DigestFacts {
  dir: Directory;
  calendar: WorkCalendar;
  now: Date;
  items: readonly ItemView[];
  leave: LeaveFacts;
  /** Person → last paused day (inclusive). */
  pausedUntil: ReadonlyMap<string, LocalDate>;
}

const TITLES: Record<SectionKey, string> = {
  overdue: '🔴 已逾期',
  dueToday: '🟡 今天到期',
  dueSoon: '🟡 2个工作日内到期',
  unacked: '未签收的督查通知',
  signoff: '待您审签的报告',
  review: '待签收、审核的报告',
  decisions: '待您审定、审批',
  weekly: '周报',
  leave: '待您审批的请假',
  notBack: '尚未销假',
  delegated: '代为关注（请假外出人员待处理的事项）',
  away: '今日请假外出',
};

const ORDER: readonly SectionKey[] = ['overdue', 'dueToday', 'dueSoon', 'unacked', 'signoff', 'review', 'decisions', 'weekly', 'leave', 'notBack', 'delegated', 'away'];

/** Lookups built once, so each person's digest touches only their own items. */
interface Index {
  involving: Map<string, ItemView[]>;
  leading: Map<string, ItemView[]>;
  assignedBy: Map<string, ItemView[]>;
  open: ItemView[];
  /** Drafts by the leader asked to approve them. */
  drafts: Map<string, ItemView[]>;
  /** Reports waiting for the head of their unit, by unit. */
  awaitingSignoff: Map<string, Array<{ view: ItemView; report: Report }>>;
  /** Reports the office is to receive or review. */
  inReview: Array<{ view: ItemView; report: Report }>;
  /** Pending extensions by decider (null: the office decides). */
  extensions: Map<string | null, Array<{ view: ItemView; extension: Extension }>>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function indexOf(items: readonly ItemView[]): Index {
  const index: Index = { involving: new Map(), leading: new Map(), assignedBy: new Map(), open: [], drafts: new Map(), awaitingSignoff: new Map(), inReview: [], extensions: new Map() };
  for (const view of items) {
    const { item } = view;
    if (item.status === 'draft' && item.approvalLeaderId) push(index.drafts, item.approvalLeaderId, view);
    for (const report of view.reports) {
      if (report.status === 'awaiting_signoff') push(index.awaitingSignoff, report.unitId, { view, report });
      if (report.status === 'submitted' || report.status === 'received') index.inReview.push({ view, report });
    }
    for (const extension of view.extensions) if (extension.status === 'pending') push(index.extensions, extension.deciderId, { view, extension });
    if (item.status !== 'issued' && item.status !== 'in_progress') continue;
    index.open.push(view);
    push(index.leading, item.leadUnitId, view);
    for (const unitId of [item.leadUnitId, ...item.assistingUnitIds]) push(index.involving, unitId, view);
    if (item.assigningLeaderId) push(index.assignedBy, item.assigningLeaderId, view);
  }
  return index;
}

const reportLine = (dir: Directory, view: ItemView, report: Report, extra = '') =>
  md`**${view.item.id}** ${view.item.title}｜${unitName(dir, report.unitId)}${REPORT_KIND_ZH[report.kind]}（第${report.round}轮${report.late ? '，逾期' : ''}）｜${REPORT_STATUS_ZH[report.status]}${extra}`;

const extensionLine = (dir: Directory, view: ItemView, extension: Extension, who: string) =>
  md`**${view.item.id}** ${view.item.title}｜${unitName(dir, extension.unitId)}申请延期至 ${formatDateZh(extension.requestedDue)}（原期限 ${extension.previousDue}，${who}）`;

/** Sign-offs and decisions that wait for `person` alone: what a delegate must know about while they are away. */
function ownActions(dir: Directory, index: Index, person: Person): { signoff: Md[]; decisions: Md[] } {
  const signoff = dir.units.filter((u) => u.headId === person.id).flatMap((u) => (index.awaitingSignoff.get(u.id) ?? [])
    .map(({ view, report }) => reportLine(dir, view, report, `｜起草人 ${personName(dir, report.authorId)}，请在报告卡片上审签`)));
  const decisions = [
    ...(index.drafts.get(person.id) ?? []).map((view) => md`**${view.item.id}** ${view.item.title}｜督查事项草稿待审定交办（第四十条 督查交办）`),
    ...(index.extensions.get(person.id) ?? []).map(({ view, extension }) => extensionLine(dir, view, extension, '待审批')),
  ];
  return { signoff, decisions };
}

function section(key: SectionKey, lines: Md[], more?: string): DigestSection | undefined {
  return lines.length ? { key, title: TITLES[key], lines, more } : undefined;
}

function digestFor(facts: DigestFacts, index: Index, person: Person, delegated: Md[]): Digest {
  const { dir, calendar, leave } = facts;
  const today = localDate(facts.now);
  const office = hasRole(person, 'office_staff');
  const leader = isGovernmentLeader(person) || hasRole(person, 'party_secretary');
  const myUnits = dir.units.filter((u) => u.headId === person.id || isLiaison(person, u.id));
  const supervised = dir.units.filter((u) => u.supervisingDeputyId === person.id);

  // Deadlines of the items that concern them, each item once.
  const relevant = new Map<string, ItemView>();
  const add = (views: readonly ItemView[] | undefined) => views?.forEach((v) => relevant.set(v.item.id, v));
  if (office) add(index.open);
  for (const unit of myUnits) add(index.involving.get(unit.id));
  for (const unit of supervised) add(index.leading.get(unit.id));
  add(index.assignedBy.get(person.id));
  const withDeadline = [...relevant.values()].filter((v) => v.deadline && v.deadline.light !== 'green' && v.deadline.light !== 'white');
  const overdue = withDeadline.filter((v) => v.deadline!.light === 'red').sort((a, b) => a.item.dueOn.localeCompare(b.item.dueOn));
  const dueToday = withDeadline.filter((v) => v.deadline!.light === 'yellow' && v.deadline!.workingDaysLeft === 0);
  const dueSoon = withDeadline.filter((v) => v.deadline!.light === 'yellow' && v.deadline!.workingDaysLeft !== 0);
  const scope = office || myUnits.length !== 1 ? '' : ` 单位=${myUnits[0]!.name}`;

  // Notices not acknowledged: a unit's own; for the office, those past the limit (lapses).
  const unacked: Md[] = [];
  for (const unit of myUnits) {
    for (const view of index.involving.get(unit.id) ?? []) {
      if (!view.unacked.includes(unit.id)) continue;
      const role = view.item.leadUnitId === unit.id ? '主办' : '协办';
      const limit = view.ackLimit ? `，应于 ${formatDateZh(view.ackLimit)} 下班前签收` : '';
      unacked.push(md`**${view.item.id}** ${view.item.title}｜${unit.name}（${role}）未签收${limit}｜/签收 ${view.item.id}`);
    }
  }
  if (office) {
    for (const view of index.open) {
      if (!view.ackLimit || view.ackLimit >= today) continue;
      for (const unitId of view.unacked) unacked.push(md`**${view.item.id}** ${view.item.title}｜${unitName(dir, unitId)} 逾期未签收（时限 ${formatDateZh(view.ackLimit)}）`);
    }
  }

  const own = ownActions(dir, index, person);
  const review = office ? index.inReview.map(({ view, report }) => reportLine(dir, view, report)) : [];
  const decisions = [
    ...own.decisions,
    ...(office ? (index.extensions.get(null) ?? []).map(({ view, extension }) => extensionLine(dir, view, extension, '由区政府办审批')) : []),
  ];

  // 周报制: the lead unit's own weeks; the office sees every overdue week.
  const weekly: Md[] = [];
  const leadViews = office ? index.open : myUnits.flatMap((u) => index.leading.get(u.id) ?? []);
  for (const view of leadViews) {
    const mine = myUnits.some((u) => u.id === view.item.leadUnitId);
    if (mine && view.weekly.dueToday) weekly.push(md`**${view.item.id}** ${view.item.title}｜本周周报今天（${formatDateZh(view.weekly.dueToday.due)}）报送｜/周报 ${view.item.id} 本周进展…`);
    if (view.weekly.overdue) {
      weekly.push(md`**${view.item.id}** ${view.item.title}｜${unitName(dir, view.item.leadUnitId)} ${view.weekly.overdue.weekStart} 至 ${view.weekly.overdue.weekEnd} 的周报逾期未报（应于 ${formatDateZh(view.weekly.overdue.due)} 报送）${mine ? `，请补报：/周报 ${view.item.id} 进展…` : ''}`);
    }
  }

  const approvals = approvalsWaitingFor(dir, leave, person);
  const leaveLines = [
    ...approvals.leaves.map(({ request }) => md`${personName(dir, request.requesterId)} 请假（编号 ${request.id}，${describeDates(request.startDate, request.endDate)}，${request.destination}）｜/审批`),
    ...approvals.meetings.map((m) => md`${personName(dir, m.requesterId)} 会议请假（${formatDateZh(m.meetingDate)}）｜/审批`),
  ];
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
    section('overdue', overdue.map((v) => deadlineLine(dir, v)), `/台账${scope} 灯=红`),
    section('dueToday', dueToday.map((v) => deadlineLine(dir, v)), `/台账${scope} 灯=黄`),
    section('dueSoon', dueSoon.map((v) => deadlineLine(dir, v)), `/台账${scope} 2个工作日内到期`),
    section('unacked', unacked, '/台账'),
    section('signoff', own.signoff),
    section('review', review, '/台账'),
    section('decisions', decisions),
    section('weekly', weekly),
    section('leave', leaveLines, '/审批'),
    section('notBack', notBack),
    section('delegated', delegated),
    section('away', away, '/谁请假'),
  ].filter((s): s is DigestSection => s !== undefined)
    .sort((a, b) => ORDER.indexOf(a.key) - ORDER.indexOf(b.key));
  const provisional = withDeadline.some((v) => v.item.dueProvisional || v.deadline!.provisional) || calendar.day(today).known === false;
  return { person, sections, provisional };
}

/** Who stands in for an absent person: their delegate (Art. 9, 11), or the office staff present. */
function standIns(facts: DigestFacts, absentId: string): string[] {
  const resolution = resolveApprover(facts.dir, facts.leave.away, absentId, '');
  if (resolution.approverId && resolution.approverId !== absentId) return [resolution.approverId];
  return facts.dir.people.filter((p) => hasRole(p, 'office_staff') && !facts.leave.away.has(p.id)).map((p) => p.id);
}

/** Every digest to send today: people not away, not paused, with something to say. */
export function buildDigests(facts: DigestFacts): Digest[] {
  const index = indexOf(facts.items);
  const today = localDate(facts.now);
  const delegated = new Map<string, Md[]>();
  for (const absentId of facts.leave.away) {
    const absent = facts.dir.person(absentId);
    if (!absent) continue;
    const own = ownActions(facts.dir, index, absent);
    const lines = [...own.signoff, ...own.decisions].map((line) => md`${absent.name}：${line}`);
    if (lines.length === 0) continue;
    for (const standIn of standIns(facts, absentId)) delegated.set(standIn, [...(delegated.get(standIn) ?? []), ...lines]);
  }
  const digests: Digest[] = [];
  for (const person of facts.dir.people) {
    if (facts.leave.away.has(person.id)) continue;
    const paused = facts.pausedUntil.get(person.id);
    if (paused && paused >= today) continue;
    const digest = digestFor(facts, index, person, delegated.get(person.id) ?? []);
    if (digest.sections.length) digests.push(digest);
  }
  return digests;
}

/** The cut applied on the card: the first DIGEST_SECTION_LIMIT lines and how many were left out. */
export function visibleLines(s: DigestSection): { lines: Md[]; hidden: number } {
  return { lines: s.lines.slice(0, DIGEST_SECTION_LIMIT), hidden: Math.max(0, s.lines.length - DIGEST_SECTION_LIMIT) };
}
