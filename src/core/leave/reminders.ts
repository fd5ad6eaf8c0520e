/**
 * Reminders about leave, for the daily reminders job (Art. 68, docs/reference/reminders.md): a request still pending on its
 * departure day, and a leave not reported back by the working day after its return date.
 */
import { and, eq, isNull, lt } from 'drizzle-orm';
import type { AppDb } from '../../../db/types';
import { leaveRequests } from '../../../db/schema';
import type { WorkCalendar } from '../calendar/types';
import { citing } from '../errors';
import { newEffects, type Effects } from '../effects';
import { text, toPerson, toUnitChat } from '../messages';
import type { Directory } from '../org/directory';
import { formatDateZh, localDate } from '../time';
import { describeDates, personName, personWithPost } from './cards';
import { LEAVE_ARTICLE, NO_DEPARTURE_WITHOUT_APPROVAL_ZH, STEP_TEMPLATES } from './policy';
import { govOfficeId, stepRecipient } from './routing';
import { loadLeaves } from './store';

/**
 * Art. 68 "未按程序经领导批准，不得离开本市": a request still pending on its departure day raises an
 * urgent reminder to the current approver and the government office, and warns the requester.
 * Keys carry the date, so running the job twice sends each once.
 */
export async function remindPendingOnDepartureDay(db: AppDb, dir: Directory, now: Date): Promise<Effects> {
  const today = localDate(now);
  const effects = newEffects();
  const due = await loadLeaves(
    db,
    await db
      .select()
      .from(leaveRequests)
      .where(and(eq(leaveRequests.status, 'pending'), eq(leaveRequests.startDate, today))),
  );
  const office = govOfficeId(dir);
  for (const { request, steps } of due) {
    const step = steps.find((s) => s.idx === request.currentStep);
    if (!step) continue;
    const rule = citing(LEAVE_ARTICLE, `${NO_DEPARTURE_WITHOUT_APPROVAL_ZH}。`);
    const what = `${personWithPost(dir, request.requesterId)} 的请假申请（编号 ${request.id}，${describeDates(request.startDate, request.endDate)}，${request.destination}）今天出发，仍未审批完成`;
    const waiting = `当前步骤：${STEP_TEMPLATES[step.template].zh}（${personName(dir, step.resolvedApproverId)}）`;
    const key = `leave:${request.id}:departure-pending:${today}`;
    const approver = stepRecipient(dir, step);
    effects.pushes.push({ to: approver, urgent: true, message: text(`【紧急】${what}。${waiting}，请尽快处理。\n${rule}`), key: `${key}:approver` });
    if (approver.type === 'person') {
      effects.pushes.push({ to: toUnitChat(office), urgent: true, message: text(`【紧急】${what}。${waiting}。\n${rule}`), key: `${key}:office` });
    }
    effects.pushes.push({
      to: toPerson(request.requesterId),
      message: text(`您的请假申请（编号 ${request.id}）尚未审批完成。${waiting}。\n${rule}`),
      key: `${key}:requester`,
    });
  }
  return effects;
}

/**
 * Art. 68: after the return date the requester reports back (销假); from the first working day
 * after the return date, each working day until they do, they are reminded.
 */
export async function remindNotReportedBack(db: AppDb, dir: Directory, calendar: WorkCalendar, now: Date): Promise<Effects> {
  const today = localDate(now);
  const effects = newEffects();
  if (!calendar.isWorkingDay(today)) return effects;
  const overdue = await db
    .select()
    .from(leaveRequests)
    .where(and(eq(leaveRequests.status, 'approved'), isNull(leaveRequests.returnedAt), lt(leaveRequests.endDate, today)));
  for (const request of overdue) {
    const firstDay = calendar.addWorkingDays(request.endDate, 1).date;
    if (today < firstDay || !dir.person(request.requesterId)) continue;
    effects.pushes.push({
      to: toPerson(request.requesterId),
      message: text(
        `您的请假（编号 ${request.id}，${describeDates(request.startDate, request.endDate)}）已于 ${formatDateZh(request.endDate)} 结束，尚未销假。返岗后请发送：/销假 ${request.id}`,
      ),
      key: `leave:${request.id}:back-reminder:${today}`,
    });
  }
  return effects;
}
