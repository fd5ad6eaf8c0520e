/**
 * Each live item as today's reminders see it, computed once per job: its deadline light, which
 * units have not acknowledged the notice, and what the lead unit owes under 周报制.
 */
import type { WorkCalendar } from '../calendar/types';
import { articleZh } from '../errors';
import { md, type Md } from '../messages';
import type { Directory } from '../org/directory';
import { statusLight, type StatusLight } from '../rules/status-light';
import { unitName } from '../supervision/cards';
import { formatDateZh, localDate, type LocalDate } from '../time';
import { isOpen, unitsOf, type ItemState, type LiveItem } from './snapshot';
import { weeklyDuty, weeksAround, type WeeklyDuty } from './weekly-weeks';

export interface ItemView extends ItemState<LiveItem> {
  /** The deadline light of an open item whose deadline still runs; undefined when done, a draft, or met by a progress reply (then on weekly reports). */
  deadline?: StatusLight;
  /** Units (lead first) that have not acknowledged the notice. */
  unacked: string[];
  /** The end of this day is the acknowledgement limit: the next working day after the notice (Art. 40); set while a unit has not acknowledged. */
  ackLimit?: LocalDate;
  weekly: WeeklyDuty;
}

export function itemViews(states: readonly ItemState<LiveItem>[], calendar: WorkCalendar, now: Date): ItemView[] {
  const today = localDate(now);
  // Thousands of items share a few hundred due days and one week: each light and week worked out once.
  const lights = new Map<LocalDate, StatusLight>();
  const lightOf = (dueOn: LocalDate) => {
    let light = lights.get(dueOn);
    if (!light) lights.set(dueOn, (light = statusLight({ deadline: dueOn, done: false, now, calendar })));
    return light;
  };
  const weeks = weeksAround(today, calendar);
  return states.map((state) => {
    const { item, acks } = state;
    const open = isOpen(item);
    const unacked: string[] = [];
    if (open) for (const unitId of unitsOf(item)) if (!acks.some((a) => a.unitId === unitId)) unacked.push(unitId);
    return {
      item,
      acks,
      plans: state.plans,
      reports: state.reports,
      extensions: state.extensions,
      weeks: state.weeks,
      deadline: open && !item.dueMetAt ? lightOf(item.dueOn) : undefined,
      unacked,
      // Only read for a unit that has not acknowledged: most items have none (a Beijing date of every issue instant is not free).
      ackLimit: unacked.length && item.issuedAt ? calendar.addWorkingDays(localDate(item.issuedAt), 1).date : undefined,
      weekly: weeklyDuty(state, today, calendar, weeks),
    };
  });
}

/** Working days past the due day of an overdue item (0 on the due day itself), else undefined. */
export function workingDaysLate(view: ItemView): number | undefined {
  return view.deadline?.light === 'red' ? -(view.deadline.workingDaysLeft ?? 0) : undefined;
}

/** 「逾期 3 个工作日」/「今天到期」/「还有 2 个工作日」 */
export function deadlineState(light: StatusLight): string {
  const left = light.workingDaysLeft ?? 0;
  if (light.light === 'red') return left < 0 ? `逾期 ${-left} 个工作日` : '已逾期';
  return left === 0 ? '今天到期' : `还有 ${left} 个工作日`;
}

/** One item with its light, lead unit, due day, state and the article that set the deadline. */
export function deadlineLine(dir: Directory, view: ItemView): Md {
  const { item } = view;
  const light = view.deadline!;
  return md`${light.emoji} **${item.id}** ${item.title}｜主办 ${unitName(dir, item.leadUnitId)}｜期限 ${formatDateZh(item.dueOn)}${item.dueProvisional ? '（暂定）' : ''}｜${deadlineState(light)}｜依据${articleZh(item.dueArticle)}`;
}
