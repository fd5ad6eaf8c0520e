/** What the daily digest needs from leave (Art. 68, docs/reference/reminders.md), read once for everyone. */
import { and, eq, isNull, lt } from 'drizzle-orm';
import type { AppDb } from '../../../db/types';
import { leaveRequests } from '../../../db/schema';
import type { WorkCalendar } from '../calendar/types';
import { awayOn, type Absences } from '../leave/delegation';
import { mayDecideMeeting } from '../leave/meeting';
import { decisionAuthority } from '../leave/routing';
import { approvedCovering, pendingLeaves, pendingMeetingAbsences, toApprovedLeave } from '../leave/store';
import type { Leave, LeaveRequest, MeetingAbsence } from '../leave/types';
import type { Directory } from '../org/directory';
import type { Person } from '../org/types';
import type { LocalDate } from '../time';

export interface LeaveFacts {
  /** On approved leave today and not reported back: no digest (docs/reference/reminders.md), delegates act (Art. 9, 11). */
  away: Absences;
  /** Their approved requests, for "who is away today". */
  absences: LeaveRequest[];
  /** Approved leaves not reported back (销假) by the working day after the return date (Art. 68). */
  notBack: LeaveRequest[];
  pending: Leave[];
  meetings: MeetingAbsence[];
}

export async function loadLeaveFacts(db: AppDb, calendar: WorkCalendar, today: LocalDate): Promise<LeaveFacts> {
  const [covering, ended, pending, meetings] = await Promise.all([
    approvedCovering(db, today),
    db
      .select()
      .from(leaveRequests)
      .where(and(eq(leaveRequests.status, 'approved'), isNull(leaveRequests.returnedAt), lt(leaveRequests.endDate, today))),
    pendingLeaves(db),
    pendingMeetingAbsences(db),
  ]);
  const away = awayOn(covering.map(toApprovedLeave), today);
  return {
    away,
    absences: covering.filter((r) => away.has(r.requesterId)).sort((a, b) => a.startDate.localeCompare(b.startDate) || a.id - b.id),
    notBack: ended.filter((r) => calendar.addWorkingDays(r.endDate, 1).date <= today).sort((a, b) => a.id - b.id),
    pending,
    meetings,
  };
}

/** What leave waits on `person`'s decision now (the leave module's own test, Art. 9, 11, 68), on preloaded lists. */
export function approvalsWaitingFor(dir: Directory, facts: LeaveFacts, person: Person): { leaves: Leave[]; meetings: MeetingAbsence[] } {
  return {
    leaves: facts.pending.filter((leave) => {
      const step = leave.steps.find((s) => s.idx === leave.request.currentStep);
      return step !== undefined && decisionAuthority(dir, facts.away, leave, step, person).ok;
    }),
    meetings: facts.meetings.filter((m) => mayDecideMeeting(dir, facts.away, m, person)),
  };
}
