/**
 * The weekly bulletin (通报, Art. 37 情况通报, Art. 38 考核评估): per lead unit (主办单位, who answers
 * for the deadline), the figures of the ledger at the time of the bulletin, each with the items
 * behind it so it can be checked (`/台账 …`, `/督办 查看 …`).
 *
 * - open: issued or in progress; overdue: open and past the deadline in force;
 * - completed on time / late: the accepted completion report was handed in by the end of the
 *   deadline in force (a deadline met by an accepted progress reply, Art. 40 "办结或回复进展情况",
 *   counts as on time); lateness is counted in working days;
 * - the deadline in force is the current one, except that an extension counts only when it was
 *   asked for before the deadline it extended (Art. 40 "提前报告…申请延长办理时限");
 * - returned: reports of the unit sent back for redoing (Art. 40 审核汇总);
 * - extensions: granted extensions asked for in time;
 * - on-time rate = on time ÷ (completed + open overdue): items whose deadline has not come yet are not counted.
 */
import type { WorkCalendar } from '../calendar/types';
import type { Directory } from '../org/directory';
import { itemLight } from '../supervision/light';
import type { Extension, SupervisionItem } from '../supervision/types';
import { endOfLocalDay, localDate, type LocalDate } from '../time';
import type { ItemState } from './snapshot';

export interface LateItem {
  itemId: string;
  workingDaysLate: number;
}

export interface UnitFigures {
  unitId: string;
  open: string[];
  overdue: LateItem[];
  completedOnTime: string[];
  completedLate: LateItem[];
  /** Reports sent back, by item and round (users know 第1轮退回, not report ids). */
  returned: Array<{ itemId: string; title: string; round: number }>;
  extensions: Array<{ itemId: string; extensionId: number }>;
  /** null when nothing has reached its deadline yet. */
  onTimeRate: number | null;
}

export interface Bulletin {
  asOf: Date;
  units: UnitFigures[];
  totals: UnitFigures;
}

const extendedInTime = (e: Extension) => e.status === 'granted' && e.createdAt.getTime() <= endOfLocalDay(e.previousDue).getTime();

/** The deadline in force: the current one, unless an extension was granted on a request made after the deadline it extended. */
export function deadlineInForce(item: SupervisionItem, extensions: readonly Extension[]): LocalDate {
  const late = extensions
    .filter((e) => e.status === 'granted')
    .sort((a, b) => a.id - b.id)
    .find((e) => !extendedInTime(e));
  return late ? late.previousDue : item.dueOn;
}

/** When the unit handed in the completion report that completed the item. */
function completionInstant(state: ItemState): Date | undefined {
  const accepted = state.reports.filter((r) => r.kind === 'completion' && r.status === 'accepted' && r.unitId === state.item.leadUnitId).pop();
  return accepted?.submittedAt ?? accepted?.createdAt ?? state.item.completedAt ?? undefined;
}

function rate(onTime: number, late: number, overdue: number): number | null {
  const counted = onTime + late + overdue;
  return counted === 0 ? null : onTime / counted;
}

function empty(unitId: string): UnitFigures {
  return { unitId, open: [], overdue: [], completedOnTime: [], completedLate: [], returned: [], extensions: [], onTimeRate: null };
}

export function computeBulletin(states: readonly ItemState[], dir: Directory, calendar: WorkCalendar, now: Date): Bulletin {
  const today = localDate(now);
  const byUnit = new Map<string, UnitFigures>();
  const figuresOf = (unitId: string) => {
    let figures = byUnit.get(unitId);
    if (!figures) byUnit.set(unitId, (figures = empty(unitId)));
    return figures;
  };
  for (const state of states) {
    const { item } = state;
    if (item.status === 'draft') continue;
    const figures = figuresOf(item.leadUnitId);
    const due = deadlineInForce(item, state.extensions);
    if (item.status === 'issued' || item.status === 'in_progress') {
      figures.open.push(item.id);
      // Overdue is the red light against the deadline in force: the same computation as the ledger's lights.
      if (itemLight({ ...item, dueOn: due }, calendar, now).key === 'red') {
        figures.overdue.push({ itemId: item.id, workingDaysLate: calendar.workingDaysBetween(due, today).days });
      }
    } else {
      const done = completionInstant(state);
      if (item.dueMetAt || (done && done.getTime() <= endOfLocalDay(due).getTime())) figures.completedOnTime.push(item.id);
      else figures.completedLate.push({ itemId: item.id, workingDaysLate: done ? calendar.workingDaysBetween(due, localDate(done)).days : 0 });
    }
    for (const report of state.reports)
      if (report.status === 'returned') figuresOf(report.unitId).returned.push({ itemId: item.id, title: item.title, round: report.round });
    for (const extension of state.extensions)
      if (extendedInTime(extension)) figuresOf(extension.unitId).extensions.push({ itemId: item.id, extensionId: extension.id });
  }
  const order = new Map(dir.units.map((u, i) => [u.id, i]));
  const units = [...byUnit.values()].sort((a, b) => (order.get(a.unitId) ?? 1e9) - (order.get(b.unitId) ?? 1e9));
  for (const f of units) f.onTimeRate = rate(f.completedOnTime.length, f.completedLate.length, f.overdue.length);
  const totals = empty('all');
  for (const f of units) {
    totals.open.push(...f.open);
    totals.overdue.push(...f.overdue);
    totals.completedOnTime.push(...f.completedOnTime);
    totals.completedLate.push(...f.completedLate);
    totals.returned.push(...f.returned);
    totals.extensions.push(...f.extensions);
  }
  totals.onTimeRate = rate(totals.completedOnTime.length, totals.completedLate.length, totals.overdue.length);
  return { asOf: now, units, totals };
}
