import { and, asc, eq, gte, inArray, isNull, lte, max } from 'drizzle-orm';
import { selectInChunks } from '../../../db/in-chunks';
import type { AppDb } from '../../../db/types';
import { leaveRequests, leaveSteps, meetingAbsences } from '../../../db/schema';
import { localDate, type LocalDate } from '../time';
import { awayOn, type Absences, type ApprovedLeave } from './delegation';
import type { Leave, LeaveRequest, MeetingAbsence } from './types';

/** A request and its steps, or undefined. */
export async function loadLeave(db: AppDb, id: number): Promise<Leave | undefined> {
  const [request] = await db.select().from(leaveRequests).where(eq(leaveRequests.id, id));
  if (!request) return undefined;
  const steps = await db.select().from(leaveSteps).where(eq(leaveSteps.requestId, id)).orderBy(asc(leaveSteps.idx));
  return { request, steps };
}

/** Loads several requests with their steps, in id order. */
export async function loadLeaves(db: AppDb, requests: LeaveRequest[]): Promise<Leave[]> {
  if (requests.length === 0) return [];
  const steps = (
    await selectInChunks(
      requests.map((r) => r.id),
      (ids) => db.select().from(leaveSteps).where(inArray(leaveSteps.requestId, ids)),
    )
  ).sort((a, b) => a.idx - b.idx);
  return [...requests].sort((a, b) => a.id - b.id).map((request) => ({ request, steps: steps.filter((s) => s.requestId === request.id) }));
}

export function toApprovedLeave(request: LeaveRequest): ApprovedLeave {
  return {
    personId: request.requesterId,
    start: request.startDate,
    end: request.endDate,
    returnedOn: request.returnedAt ? localDate(request.returnedAt) : null,
    entrusteeId: request.entrusteeId,
  };
}

/** Approved requests whose dates cover `date` (reported back or not). */
export async function approvedCovering(db: AppDb, date: LocalDate): Promise<LeaveRequest[]> {
  return db
    .select()
    .from(leaveRequests)
    .where(and(eq(leaveRequests.status, 'approved'), lte(leaveRequests.startDate, date), gte(leaveRequests.endDate, date)));
}

/** Pending requests whose dates cover `date` (not yet approved: the requester must not leave). */
export async function pendingCovering(db: AppDb, date: LocalDate): Promise<LeaveRequest[]> {
  return db
    .select()
    .from(leaveRequests)
    .where(and(eq(leaveRequests.status, 'pending'), lte(leaveRequests.startDate, date), gte(leaveRequests.endDate, date)));
}

/** Who is away on `date` under approved leave, and the head's entrustee (the input of the resolver). */
export async function awaySet(db: AppDb, date: LocalDate): Promise<Absences> {
  return awayOn((await approvedCovering(db, date)).map(toApprovedLeave), date);
}

/** The requester's pending or approved (not reported back) requests overlapping [start, end]. */
export async function overlappingActive(db: AppDb, requesterId: string, start: LocalDate, end: LocalDate): Promise<LeaveRequest[]> {
  const rows = await db
    .select()
    .from(leaveRequests)
    .where(
      and(
        eq(leaveRequests.requesterId, requesterId),
        inArray(leaveRequests.status, ['pending', 'approved']),
        lte(leaveRequests.startDate, end),
        gte(leaveRequests.endDate, start),
        isNull(leaveRequests.returnedAt),
      ),
    );
  return rows;
}

/** Requests (any status) whose dates touch [from, to], optionally one person's: the leave record and ledger. */
export async function requestsTouching(db: AppDb, from: LocalDate, to: LocalDate, requesterId?: string): Promise<LeaveRequest[]> {
  return db
    .select()
    .from(leaveRequests)
    .where(
      and(
        lte(leaveRequests.startDate, to),
        gte(leaveRequests.endDate, from),
        requesterId === undefined ? undefined : eq(leaveRequests.requesterId, requesterId),
      ),
    )
    .orderBy(asc(leaveRequests.startDate), asc(leaveRequests.id));
}

/** Every pending request with its steps. */
export async function pendingLeaves(db: AppDb): Promise<Leave[]> {
  return loadLeaves(db, await db.select().from(leaveRequests).where(eq(leaveRequests.status, 'pending')));
}

/** The id a new request gets; a concurrent filing that takes it first makes this one a conflict. */
export async function nextLeaveId(db: AppDb): Promise<number> {
  const [row] = await db.select({ top: max(leaveRequests.id) }).from(leaveRequests);
  return (row?.top ?? 0) + 1;
}

export async function nextMeetingAbsenceId(db: AppDb): Promise<number> {
  const [row] = await db.select({ top: max(meetingAbsences.id) }).from(meetingAbsences);
  return (row?.top ?? 0) + 1;
}

export async function loadMeetingAbsence(db: AppDb, id: number): Promise<MeetingAbsence | undefined> {
  const [row] = await db.select().from(meetingAbsences).where(eq(meetingAbsences.id, id));
  return row;
}

export async function pendingMeetingAbsences(db: AppDb): Promise<MeetingAbsence[]> {
  return db.select().from(meetingAbsences).where(eq(meetingAbsences.status, 'pending')).orderBy(asc(meetingAbsences.id));
}
