/**
 * What waits for each person, computed once from preloaded facts: the one source of `/待办`,
 * `/审批`, the daily digest's action sections and the 4-hour nudges, so they never disagree.
 *
 * - decisions addressed to a named person (审定 of drafts, 审签 of reports, extension decisions)
 *   go to whoever may decide now (acting.ts: Art. 9, 11), marked when a stand-in receives them;
 *   those nobody can take go to the office;
 * - leave steps and meeting absences: the same test as the leave module's own (`/审批` cards);
 * - the office (督查人员): reports to receive (签收) and review (审核), extensions it decides, and
 *   those a leader decides, to follow until decided;
 * - a unit (its head and liaisons): notices to acknowledge, the work plan, a returned report to
 *   redo, the weekly report due today or overdue (Art. 40 承办落实、报送、周报制).
 */
import type { Leave, MeetingAbsence } from '../leave/types';
import { md, type Md } from '../messages';
import { describeDates } from '../leave/cards';
import type { Directory } from '../org/directory';
import { hasRole, type Person } from '../org/types';
import type { ItemView } from '../reminders/item-views';
import { approvalsWaitingFor, type LeaveFacts } from '../reminders/leave-facts';
import type { StatusLight } from '../rules/status-light';
import { personName, unitName } from '../supervision/cards';
import { unitsAnsweredForBy } from '../org/units-of-person';
import { REPORT_KIND_ZH, REPORT_STATUS_ZH, type Extension, type Report, type ReportKind } from '../supervision/types';
import { formatDateZh, startOfLocalDay, type LocalDate } from '../time';
import { deciderNamed, deciderNow } from './acting';
import { resolveApprover, type Resolution } from '../org/acting-authority';
import { documentTodos } from '../documents/todo';
import type { Doc } from '../documents/types';
import type { Dispute } from '../supervision/disputes';
import { SIGNOFF_ZH, type PendingSignoff } from './signoffs';

export type TodoKind =
  | 'leave'
  | 'meeting'
  | 'signoff'
  | 'approve_draft'
  | 'sign_off'
  | 'extension'
  | 'receive'
  | 'review'
  | 'extension_watch'
  | 'ack'
  | 'plan'
  | 'redo'
  | 'weekly'
  | 'document'
  | 'document_forward'
  | 'redraft'
  | 'dispute';

/**
 * Each kind's label, whether it is a decision (listed by `/审批`, nudged after 4 working hours),
 * and what its date is (the item's deadline, the departure day of a trip, …).
 */
export const TODO_KINDS: Record<TodoKind, { zh: string; decision: boolean; dueZh: string }> = {
  leave: { zh: '请假审批', decision: true, dueZh: '出发' },
  meeting: { zh: '会议请假', decision: true, dueZh: '会议' },
  signoff: { zh: '签批', decision: true, dueZh: '期限' },
  approve_draft: { zh: '审定交办', decision: true, dueZh: '期限' },
  sign_off: { zh: '审签报告', decision: true, dueZh: '期限' },
  extension: { zh: '延期审批', decision: true, dueZh: '原期限' },
  receive: { zh: '签收报告', decision: false, dueZh: '期限' },
  review: { zh: '审核报告', decision: false, dueZh: '期限' },
  extension_watch: { zh: '延期跟踪', decision: false, dueZh: '原期限' },
  ack: { zh: '签收通知', decision: false, dueZh: '期限' },
  plan: { zh: '工作计划', decision: false, dueZh: '期限' },
  redo: { zh: '重新报送', decision: false, dueZh: '期限' },
  weekly: { zh: '周报', decision: false, dueZh: '应报' },
  document: { zh: '公文审签', decision: true, dueZh: '收文' },
  document_forward: { zh: '来文转办', decision: false, dueZh: '收文' },
  redraft: { zh: '公文重报', decision: false, dueZh: '收文' },
  dispute: { zh: '异议协调', decision: true, dueZh: '期限' },
};

export interface TodoItem {
  kind: TodoKind;
  /** Stable reference (`report:12`, `ack:DB-2026-0001:zjj`): the open button's payload and the nudge's subject. */
  ref: string;
  /** Waiting since: the list is oldest first. */
  since: Date;
  /** The line the digest and `/待办` show (typed text stays text, see messages.ts). */
  line: Md;
  /** The deadline of the matter, with the item's light where it has one. */
  due?: LocalDate;
  light?: StatusLight;
  /** The absent person whose matter this is, when a stand-in receives it (Art. 9, 11). */
  standsInFor?: string;
}

export interface TodoFacts {
  dir: Directory;
  items: readonly ItemView[];
  leave: LeaveFacts;
  /** Documents in a sign-off chain, returned or awaiting 转办 (Art. 61, 62); absent: none. */
  documents?: readonly Doc[];
  /** Sign-off steps waiting (议题, 纪要, 全区性会议, 用印); absent where a caller has none to show. */
  signoffs?: readonly PendingSignoff[];
  /** Units' disagreements waiting for the supervising deputy's coordination (Art. 61); absent: none. */
  disputes?: readonly Dispute[];
}

/** A matter addressed to someone away, and who acts on it meanwhile (Art. 9, 11). */
export interface HandedOver {
  todo: TodoItem;
  /** Who decides it now, with why; `approverId` null when the office routes it. */
  acting: Resolution;
}

/** Everyone's list, built once; `of(person)` is cheap. */
export interface TodoBook {
  of(person: Person): TodoItem[];
  /** While `person` is away: what is addressed to them and who handles it meanwhile; empty otherwise. */
  handedOver(person: Person): HandedOver[];
}

export const isDecision = (todo: TodoItem) => TODO_KINDS[todo.kind].decision;

const REDO_COMMAND: Record<ReportKind, string> = { progress: '/进展', completion: '/办结', weekly: '/周报', late_explanation: '/延期' };

const reportLine = (dir: Directory, view: ItemView, report: Report, extra = '') =>
  md`**${view.item.id}** ${view.item.title}｜${unitName(dir, report.unitId)}${REPORT_KIND_ZH[report.kind]}（第${report.round}轮${report.late ? '，逾期' : ''}）｜${REPORT_STATUS_ZH[report.status]}${extra}`;

const extensionLine = (dir: Directory, view: ItemView, extension: Extension, who: string) =>
  md`**${view.item.id}** ${view.item.title}｜${unitName(dir, extension.unitId)}申请延期至 ${formatDateZh(extension.requestedDue)}（原期限 ${extension.previousDue}，${who}）`;

/** When the current step of a leave request started to wait: the previous step's decision, else the filing. */
function stepPendingSince(leave: Leave): Date {
  const decided = leave.steps.filter((s) => s.idx < (leave.request.currentStep ?? 0) && s.decidedAt).map((s) => s.decidedAt!.getTime());
  return new Date(Math.max(leave.request.createdAt.getTime(), ...decided));
}

function leaveTodo(dir: Directory, leave: Leave): TodoItem {
  const { request } = leave;
  return {
    kind: 'leave',
    ref: `leave:${request.id}`,
    since: stepPendingSince(leave),
    line: md`${personName(dir, request.requesterId)} 请假（编号 ${request.id}，${describeDates(request.startDate, request.endDate)}，${request.destination}）`,
    due: request.startDate,
  };
}

function meetingTodo(dir: Directory, absence: MeetingAbsence): TodoItem {
  return {
    kind: 'meeting',
    ref: `meeting:${absence.id}`,
    since: absence.createdAt,
    line: md`${personName(dir, absence.requesterId)} 会议请假（${formatDateZh(absence.meetingDate)}）`,
    due: absence.meetingDate,
  };
}

/** `todo` whose line is rendered when first read: a digest shows ten of the office's thousands. */
function lazyLine(todo: Omit<TodoItem, 'line' | 'standsInFor'>, line: () => Md): TodoItem {
  let rendered: Md | undefined;
  // A getter in the literal, not defineProperty: that would turn each of 20,000 to-dos into a slow, large dictionary object.
  // Fields named, not spread: a spread of 20,000 objects cost more than building them.
  return {
    kind: todo.kind,
    ref: todo.ref,
    since: todo.since,
    due: todo.due,
    light: todo.light,
    get line() {
      return (rendered ??= line());
    },
  };
}

const oldestFirst = (a: TodoItem, b: TodoItem) => a.since.getTime() - b.since.getTime() || a.ref.localeCompare(b.ref);

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The latest report of each (unit, kind): only the last one of a returned series is still owed. */
function latestReports(reports: readonly Report[]): readonly Report[] {
  if (reports.length < 2) return reports;
  const latest = new Map<string, Report>();
  for (const report of reports) {
    const key = `${report.unitId}:${report.kind}`;
    if ((latest.get(key)?.id ?? 0) < report.id) latest.set(key, report);
  }
  return [...latest.values()];
}

export function todoBook(facts: TodoFacts): TodoBook {
  const { dir, leave } = facts;
  const byPerson = new Map<string, TodoItem[]>();
  const byUnit = new Map<string, TodoItem[]>();
  const office: TodoItem[] = [];

  const handed = new Map<string, HandedOver[]>();

  /** A decision addressed to a named person goes to whoever decides now (acting.ts). */
  const addressed = (addresseeId: string | null, todo: TodoItem) => {
    const decider = deciderNow(dir, leave.away, addresseeId);
    if (addresseeId && leave.away.has(addresseeId)) push(handed, addresseeId, { todo, acting: resolveApprover(dir, leave.away, addresseeId, '') });
    const entry =
      addresseeId && decider !== addresseeId ? { ...todo, line: md`${personName(dir, addresseeId)}：${todo.line}`, standsInFor: addresseeId } : todo;
    if (decider) push(byPerson, decider, entry);
    else office.push(entry);
  };

  for (const s of facts.signoffs ?? []) {
    addressed(s.addresseeId, {
      kind: 'signoff',
      ref: `signoff:${s.type}:${s.subjectId}`,
      since: s.since,
      line: md`${SIGNOFF_ZH[s.type]}「${s.title}」（编号 ${String(s.subjectId)}）｜${s.stage}`,
    });
  }

  const views = new Map(facts.items.map((v) => [v.item.id, v]));
  for (const d of facts.disputes ?? []) {
    const view = views.get(d.itemId);
    addressed(d.addresseeId, {
      kind: 'dispute',
      ref: `dispute:${d.id}`,
      since: d.createdAt,
      due: view?.item.dueOn,
      light: view?.deadline,
      line: md`**${d.itemId}** ${view?.item.title ?? ''}｜${unitName(dir, d.unitId)}提出异议：${d.reason}（第六十一条 分管副区长协调）`,
    });
  }

  for (const view of facts.items) {
    const { item } = view;
    const dated = { due: item.dueOn, light: view.deadline };
    if (item.status === 'draft' && item.approvalLeaderId) {
      addressed(item.approvalLeaderId, {
        kind: 'approve_draft',
        ref: `draft:${item.id}`,
        since: item.updatedAt,
        line: md`**${item.id}** ${item.title}｜督查事项草稿待审定交办（第四十条 督查交办）`,
      });
    }
    for (const report of view.reports) {
      const ref = `report:${report.id}`;
      if (report.status === 'awaiting_signoff') {
        addressed(dir.unit(report.unitId)?.headId ?? null, {
          kind: 'sign_off',
          ref,
          since: report.createdAt,
          ...dated,
          line: reportLine(dir, view, report, `｜起草人 ${personName(dir, report.authorId)}，请在报告卡片上审签`),
        });
      }
      if (report.status === 'submitted')
        office.push(lazyLine({ kind: 'receive' as const, ref, since: report.submittedAt ?? report.createdAt, ...dated }, () => reportLine(dir, view, report)));
      if (report.status === 'received')
        office.push(lazyLine({ kind: 'review' as const, ref, since: report.receivedAt ?? report.createdAt, ...dated }, () => reportLine(dir, view, report)));
    }
    for (const extension of view.extensions) {
      if (extension.status !== 'pending') continue;
      const todo: TodoItem = {
        kind: 'extension',
        ref: `extension:${extension.id}`,
        since: extension.createdAt,
        due: extension.previousDue,
        light: view.deadline,
        line: md``,
      };
      if (extension.deciderId) {
        addressed(extension.deciderId, { ...todo, line: extensionLine(dir, view, extension, '待审批') });
        // The office follows it, unless nobody can decide it and it is the office's to route anyway.
        const decider = deciderNamed(dir, leave.away, extension.deciderId);
        if (decider) office.push({ ...todo, kind: 'extension_watch', line: extensionLine(dir, view, extension, `待 ${decider} 审批`) });
      } else {
        office.push({ ...todo, line: extensionLine(dir, view, extension, '由区政府办审批') });
      }
    }
    if (item.status !== 'issued' && item.status !== 'in_progress') continue;
    for (const unitId of [item.leadUnitId, ...item.assistingUnitIds]) {
      const role = unitId === item.leadUnitId ? '主办' : '协办';
      const ack = view.acks.find((a) => a.unitId === unitId);
      if (!ack) {
        const limit = view.ackLimit ? `，应于 ${formatDateZh(view.ackLimit)} 下班前签收` : '';
        push(
          byUnit,
          unitId,
          lazyLine(
            { kind: 'ack' as const, ref: `ack:${item.id}:${unitId}`, since: item.issuedAt ?? item.updatedAt, ...dated },
            () => md`**${item.id}** ${item.title}｜${unitName(dir, unitId)}（${role}）未签收${limit}｜/签收 ${item.id}`,
          ),
        );
      } else if (!view.plans.some((p) => p.unitId === unitId)) {
        push(
          byUnit,
          unitId,
          lazyLine(
            { kind: 'plan' as const, ref: `plan:${item.id}:${unitId}`, since: ack.at, ...dated },
            () => md`**${item.id}** ${item.title}｜${unitName(dir, unitId)}（${role}）尚未提交工作计划（第四十条 承办落实）｜/计划 ${item.id}`,
          ),
        );
      }
    }
    for (const report of latestReports(view.reports)) {
      if (report.status !== 'returned' && report.status !== 'sent_back') continue;
      push(byUnit, report.unitId, {
        kind: 'redo',
        ref: `report:${report.id}`,
        since: report.reviewedAt ?? report.createdAt,
        ...dated,
        line: reportLine(dir, view, report, `，请修改后重新报送｜${REDO_COMMAND[report.kind]} ${item.id}`),
      });
    }
    const weekly = view.weekly;
    if (weekly.dueToday) {
      push(byUnit, item.leadUnitId, {
        kind: 'weekly',
        ref: `weekly:${item.id}:${weekly.dueToday.due}`,
        since: startOfLocalDay(weekly.dueToday.due),
        due: weekly.dueToday.due,
        line: md`**${item.id}** ${item.title}｜本周周报今天（${formatDateZh(weekly.dueToday.due)}）报送｜/周报 ${item.id} 本周进展…`,
      });
    }
    if (weekly.overdue) {
      push(byUnit, item.leadUnitId, {
        kind: 'weekly',
        ref: `weekly:${item.id}:${weekly.overdue.due}`,
        since: startOfLocalDay(weekly.overdue.due),
        due: weekly.overdue.due,
        line: md`**${item.id}** ${item.title}｜${weeklyOverdueText(dir, view)}，请补报：/周报 ${item.id} 进展…`,
      });
    }
  }

  for (const entry of documentTodos(facts.documents ?? [], dir.officeUnit('gov_office')?.id)) {
    if (entry.to === 'office') office.push(entry.todo);
    else if (entry.to === 'unit') push(byUnit, entry.unitId, entry.todo);
    else addressed(entry.addresseeId, entry.todo);
  }

  // The digest and the nudges ask for the same people's lists in one pass: each is made once, and
  // the list of a unit's head or liaison who has nothing else is made once for the unit.
  const lists = new Map<string, TodoItem[]>();
  const unitLists = new Map<string, TodoItem[]>();
  const sorted = (all: TodoItem[]) => {
    // Each (kind, ref) once, the first kept; by kind, then ref: no key string made for every entry.
    const seen = new Map<TodoKind, Set<string>>();
    return all
      .filter((t) => {
        let refs = seen.get(t.kind);
        if (!refs) seen.set(t.kind, (refs = new Set()));
        return !refs.has(t.ref) && refs.add(t.ref);
      })
      .sort(oldestFirst);
  };
  const listOf = (person: Person): TodoItem[] => {
    const approvals = approvalsWaitingFor(dir, leave, person);
    const units = unitsAnsweredForBy(dir, person);
    if (units.length === 1 && !approvals.leaves.length && !approvals.meetings.length && !byPerson.has(person.id) && !hasRole(person, 'office_staff')) {
      const unitId = units[0]!.id;
      let list = unitLists.get(unitId);
      if (!list) unitLists.set(unitId, (list = sorted([...(byUnit.get(unitId) ?? [])])));
      return list;
    }
    return sorted([
      ...approvals.leaves.map((l) => leaveTodo(dir, l)),
      ...approvals.meetings.map((m) => meetingTodo(dir, m)),
      ...(byPerson.get(person.id) ?? []),
      ...(hasRole(person, 'office_staff') ? office : []),
      ...units.flatMap((u) => byUnit.get(u.id) ?? []),
    ]);
  };
  return {
    of(person) {
      let list = lists.get(person.id);
      if (!list) lists.set(person.id, (list = listOf(person)));
      return list;
    },
    handedOver(person) {
      if (!leave.away.has(person.id)) return [];
      const acting = (requesterId: string) => resolveApprover(dir, leave.away, person.id, requesterId);
      const leaves = leave.pending.flatMap((l) => {
        const step = l.steps.find((st) => st.idx === l.request.currentStep);
        return step?.addresseeId === person.id ? [{ todo: leaveTodo(dir, l), acting: acting(l.request.requesterId) }] : [];
      });
      const meetings = leave.meetings.filter((m) => m.addresseeId === person.id).map((m) => ({ todo: meetingTodo(dir, m), acting: acting(m.requesterId) }));
      return [...leaves, ...meetings, ...(handed.get(person.id) ?? [])].sort((a, b) => oldestFirst(a.todo, b.todo));
    },
  };
}

/** 「住建局 2026-11-16 至 2026-11-22 的周报逾期未报（应于 … 报送）」: the lead unit's overdue week. */
export function weeklyOverdueText(dir: Directory, view: ItemView): string {
  const week = view.weekly.overdue!;
  return `${unitName(dir, view.item.leadUnitId)} ${week.weekStart} 至 ${week.weekEnd} 的周报逾期未报（应于 ${formatDateZh(week.due)} 报送）`;
}
