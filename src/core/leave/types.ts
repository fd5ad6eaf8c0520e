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

/** Who a request card is for: approvers see 同意/驳回, the requester (and whoever filed) 撤回/销假/取消. */
export type LeaveAudience = 'approver' | 'requester';

/** Cards of one audience about one request are refreshed together by this subject. */
export const leaveSubject = (id: number, audience: LeaveAudience = 'approver') => (audience === 'approver' ? `leave:${id}` : `leave:${id}:requester`);
/** The leave slip (请假单) copied to 区委办 and 区政府办: refreshed with the request cards so it never goes stale. */
export const leaveSlipSubject = (id: number) => `leave:${id}:slip`;
export const meetingSubject = (id: number) => `meeting-leave:${id}`;
