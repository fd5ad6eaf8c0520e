/**
 * Event-driven warnings (Art. 40 催办督办), posted to the units' group chats — persons get
 * the same facts once a day in their digest, so nobody is messaged twice about one deadline:
 *
 * - due soon: once per due day, on the first working day within 2 working days of it;
 * - due today: once per due day;
 * - overdue: every working day while overdue, to the lead and assisting units;
 * - NPC suggestions / CPPCC proposals: 30 and 7 days before the 3-month mark (Art. 40 "3个月内办理答复");
 * - weekly report (周报制) due today and not yet in: to the lead unit.
 *
 * Keys carry the due day (or today, for daily ones), so re-runs and catch-ups send each once.
 */
import { formatCalendarDateZh, type WorkCalendar } from '../calendar/types';
import { citing } from '../errors';
import type { PushDraft } from '../effects';
import { text, toUnitChat } from '../messages';
import type { Directory } from '../org/directory';
import { itemSubject, unitName } from '../supervision/cards';
import { addCalendarDays, calendarDaysBetween, formatDateZh, localDate, type LocalDate } from '../time';
import { deadlineState, workingDaysLate, type ItemView } from './item-views';
import { reminderKey } from './keys';
import { CHASE_ARTICLE, NPC_MARK_MONTHS, NPC_WARN_DAYS_BEFORE, WARN_WORKING_DAYS_BEFORE } from './policy';
import { isOpen, unitsOf } from './snapshot';

const NPC_SOURCES = { npc_suggestion: '人大代表建议', cppcc_proposal: '政协提案' } as const;

function toUnits(view: ItemView, unitIds: readonly string[], kind: string, date: LocalDate, body: string): PushDraft[] {
  const message = text(body);
  return unitIds.map((unitId) => ({
    to: toUnitChat(unitId),
    message,
    key: reminderKey(kind, itemSubject(view.item.id), date, toUnitChat(unitId)),
  }));
}

function deadlineWarnings(dir: Directory, view: ItemView, today: LocalDate): PushDraft[] {
  const { item, deadline } = view;
  if (!deadline) return [];
  const late = workingDaysLate(view);
  const left = deadline.workingDaysLeft ?? 0;
  // Most items are not due within days: nothing to word for them.
  if (late === undefined && left > WARN_WORKING_DAYS_BEFORE) return [];
  const what = `督查事项 ${item.id}「${item.title}」（主办 ${unitName(dir, item.leadUnitId)}）`;
  const due = formatCalendarDateZh({ date: item.dueOn, provisional: item.dueProvisional });
  if (late !== undefined) {
    return toUnits(
      view,
      unitsOf(item),
      'overdue',
      today,
      `【逾期催办】${what}办理期限为 ${due}，已${deadlineState(deadline)}。${citing(CHASE_ARTICLE, '督查事项应确保限时办结：请立即报送办理结果或进展（/办结、/进展）；期限已过的延期申请只作为逾期说明记录。')}`,
    );
  }
  if (left === 0) {
    const day = item.dueOn === today ? '今天到期' : `将于 ${due} 到期，今天是期限前最后一个工作日`;
    return toUnits(
      view,
      unitsOf(item),
      'due-today',
      item.dueOn,
      `【今日到期】${what}${day}。${item.dueExplanation}。请今天报送办理结果（/办结 ${item.id} …）或进展（/进展 ${item.id} …）。`,
    );
  }
  if (left <= WARN_WORKING_DAYS_BEFORE) {
    return toUnits(
      view,
      unitsOf(item),
      'due-soon',
      item.dueOn,
      `【督办提醒】${what}将于 ${due} 到期，还有 ${left} 个工作日。${item.dueExplanation}。请抓紧办理；确需延期的，须在期限前申请：/延期 ${item.id} 新日期 原因… 进展… 下一步…`,
    );
  }
  return [];
}

/**
 * The 3-month mark of an NPC suggestion or CPPCC proposal: each warning is sent once, on the first
 * working day on or after "mark − N days", and is superseded by the next one (or the mark) after that.
 */
function npcWarnings(view: ItemView, calendar: WorkCalendar, today: LocalDate): PushDraft[] {
  const { item } = view;
  if (!isOpen(item) || !item.assignedOn || !(item.source in NPC_SOURCES)) return [];
  const label = NPC_SOURCES[item.source as keyof typeof NPC_SOURCES];
  const markDate = calendar.addMonths(item.assignedOn, NPC_MARK_MONTHS);
  const mark = markDate.date;
  const fireDays = NPC_WARN_DAYS_BEFORE.map((n) => ({ n, fire: calendar.nextWorkingDayOnOrAfter(addCalendarDays(mark, -n)).date }));
  const current = fireDays.find(({ fire }, i) => today >= fire && today <= (i + 1 < fireDays.length ? addCalendarDays(fireDays[i + 1]!.fire, -1) : mark));
  if (!current) return [];
  const complex = item.complex
    ? `本件涉及面广、处理难度大，最迟于 ${formatCalendarDateZh({ date: item.dueOn, provisional: item.dueProvisional })} 前答复；`
    : '';
  return toUnits(
    view,
    [item.leadUnitId],
    `npc-mark-${current.n}`,
    mark,
    `【${label}办理提醒】${item.id}「${item.title}」于 ${formatDateZh(item.assignedOn)} 交办，${NPC_MARK_MONTHS}个月期满日为 ${formatCalendarDateZh(markDate)}，还有 ${calendarDaysBetween(today, mark)} 天。${citing(40, `对人大代表建议和政协提案，应在3个月内办理答复。${complex}请按时答复（/办结 ${item.id} 答复内容）。`)}`,
  );
}

function weeklyWarning(view: ItemView): PushDraft[] {
  const week = view.weekly.dueToday;
  if (!week) return [];
  return toUnits(
    view,
    [view.item.leadUnitId],
    'weekly-due',
    week.weekStart,
    `【周报提醒】${view.item.id}「${view.item.title}」：${week.explanationZh}请今天报送：/周报 ${view.item.id} 本周进展…`,
  );
}

/** Every warning due today, for the live items, made as the outbox takes them (a chunk at a time). */
export function* warningsFor(dir: Directory, views: readonly ItemView[], calendar: WorkCalendar, now: Date): Generator<PushDraft> {
  const today = localDate(now);
  for (const view of views) {
    yield* deadlineWarnings(dir, view, today);
    yield* npcWarnings(view, calendar, today);
    yield* weeklyWarning(view);
  }
}
