import type { ReplyingContext } from '../context';
import type { leaveRequests, leaveSteps, meetingAbsences } from '../../../db/schema';

export type LeaveRequest = typeof leaveRequests.$inferSelect;
export type LeaveStep = typeof leaveSteps.$inferSelect;
export type MeetingAbsence = typeof meetingAbsences.$inferSelect;

/** A request with its steps in chain order. */
export interface Leave {
  request: LeaveRequest;
  steps: LeaveStep[];
}

/** What leave operations need from a command or card action (a `CommandContext` is one). */
export type LeaveContext = ReplyingContext;

export const leaveSubject = (id: number) => `leave:${id}`;
export const meetingSubject = (id: number) => `meeting-leave:${id}`;
