import type { AppDb } from '../../../db/types';
import type { leaveRequests, leaveSteps, meetingAbsences } from '../../../db/schema';
import type { WorkCalendar } from '../calendar/types';
import type { Effects } from '../effects';
import type { Message } from '../messages';
import type { Directory } from '../org/directory';
import type { Person } from '../org/types';

export type LeaveRequest = typeof leaveRequests.$inferSelect;
export type LeaveStep = typeof leaveSteps.$inferSelect;
export type MeetingAbsence = typeof meetingAbsences.$inferSelect;

/** A request with its steps in chain order. */
export interface Leave {
  request: LeaveRequest;
  steps: LeaveStep[];
}

/** What leave operations need from a command or card action (a `CommandContext` is one). */
export interface LeaveContext {
  db: AppDb;
  dir: Directory;
  actor: Person;
  now: Date;
  calendar(): Promise<WorkCalendar>;
  effects: Effects;
  reply(message: Message | string, options?: { subject?: string }): void;
}

export const leaveSubject = (id: number) => `leave:${id}`;
export const meetingSubject = (id: number) => `meeting-leave:${id}`;
