/**
 * `/周报` (Art. 40 周报制): the report itself is a supervision report of kind `weekly` (sign-off,
 * receipt and review as for any report); here it is also booked against its week, late or not.
 */
import { and, eq, max, sql } from 'drizzle-orm';
import { supervisionReports, weeklyReportWeeks } from '../../../db/schema';
import { UserError } from '../errors';
import { auditItem } from '../supervision/change';
import { submitReportFor } from '../supervision/reports';
import { requireDetail } from '../supervision/store';
import type { Outcome, SupervisionCtx } from '../supervision/types';
import { actingUnit } from '../supervision/units';
import { formatCalendarDateZh } from '../calendar/types';
import { weekForSubmission } from './weekly-weeks';

export async function submitWeeklyReport(ctx: SupervisionCtx, itemId: string, body: string | undefined): Promise<Outcome> {
  const detail = await requireDetail(ctx.db, itemId);
  // The supervision core checks everything about the report (open item, long-running, who, text).
  const outcome = await submitReportFor(ctx, detail, 'weekly', body);
  const unitId = actingUnit(ctx, detail, 'report');
  const weeks = await ctx.db.select().from(weeklyReportWeeks).where(eq(weeklyReportWeeks.itemId, detail.item.id));
  const choice = weekForSubmission({ item: detail.item, weeks, reports: detail.reports }, unitId, ctx.now, await ctx.calendar());
  if (!choice.ok) throw new UserError(choice.message);
  const { week, late } = choice;
  // The report row is inserted just before in the same atomic unit; its id is the unit's newest weekly report.
  const reportId = ctx.db
    .select({ id: max(supervisionReports.id) })
    .from(supervisionReports)
    .where(and(eq(supervisionReports.itemId, detail.item.id), eq(supervisionReports.unitId, unitId), eq(supervisionReports.kind, 'weekly')));
  ctx.effects.statements.push(
    ctx.db.insert(weeklyReportWeeks).values({
      itemId: detail.item.id,
      unitId,
      weekStart: week.weekStart,
      dueOn: week.due,
      reportId: sql`(${reportId})`,
      late,
      submittedAt: ctx.now,
    }),
  );
  const weekText = `${week.weekStart} 至 ${week.weekEnd} 的周报（应于 ${formatCalendarDateZh({ date: week.due, provisional: week.provisional })} 报送）`;
  auditItem(ctx, detail.item.id, 'weekly_report_week', `${ctx.dir.unit(unitId)?.name ?? unitId} 报送${weekText}${late ? '，逾期报送，已标记逾期' : ''}`, {
    unitId,
    weekStart: week.weekStart,
    due: week.due,
    late,
  });
  return { text: `${outcome.text}\n本次为${weekText}${late ? '，已过报送日，按逾期报送接收并标记逾期' : ''}。` };
}
