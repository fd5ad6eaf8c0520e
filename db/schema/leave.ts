import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * A leave request (Art. 68). Nothing is stored before the request is submitted: the form card is
 * the draft. `version` is bumped by every change, so a decision is a conditional UPDATE on it and
 * two simultaneous clicks produce exactly one decision.
 */
export const leaveRequests = sqliteTable(
  'leave_requests',
  {
    id: integer('id').primaryKey(),
    requesterId: text('requester_id').notNull(),
    /** Who submitted it: the requester, or government office staff filing on their behalf (代为请假). */
    filedById: text('filed_by_id').notNull(),
    /** The requester's rank when filed; it chose the approval chain (Art. 68). */
    rank: text('rank', { enum: ['district_head', 'government_leader', 'unit_head'] }).notNull(),
    startDate: text('start_date').notNull(),
    endDate: text('end_date').notNull(),
    scope: text('scope', { enum: ['abroad', 'out_of_province', 'other_city'] }).notNull(),
    purpose: text('purpose', { enum: ['official', 'private'] }).notNull(),
    destination: text('destination').notNull(),
    reason: text('reason').notNull(),
    /** Filed too late for the notice rule under the emergency path, with the same-day written report (Art. 68). */
    emergency: integer('emergency', { mode: 'boolean' }).notNull().default(false),
    emergencyReport: text('emergency_report'),
    /** A district head's leave: the deputy he entrusts to act for him while away (Art. 9 "受区长委托"). */
    entrusteeId: text('entrustee_id'),
    status: text('status', { enum: ['pending', 'approved', 'rejected', 'withdrawn', 'cancelled'] }).notNull(),
    /** Index of the step waiting for a decision while pending. */
    currentStep: integer('current_step'),
    /** Reported back (销假). */
    returnedAt: integer('returned_at', { mode: 'timestamp_ms' }),
    version: integer('version').notNull().default(1),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    /** When the request reached a final state (approved, rejected, withdrawn, cancelled). */
    closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('leave_requests_requester').on(t.requesterId, t.status), index('leave_requests_dates').on(t.status, t.startDate, t.endDate)],
);

/**
 * One step of a request's approval chain. `addresseeId` is who the chain template names (null for
 * the government office); `resolvedApproverId` is who may decide after delegation (Art. 9, 11),
 * null when the government office decides or routes by hand.
 */
export const leaveSteps = sqliteTable(
  'leave_steps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: integer('request_id').notNull(),
    idx: integer('idx').notNull(),
    template: text('template', {
      enum: ['party_secretary_approval', 'city_report', 'head_consent', 'supervising_deputy_review', 'head_approval'],
    }).notNull(),
    addresseeId: text('addressee_id'),
    resolvedApproverId: text('resolved_approver_id'),
    /** Why the approver is not the addressee (a DelegationReason: acting_head, ab_partner, …); null when direct. */
    delegation: text('delegation'),
    status: text('status', { enum: ['waiting', 'pending', 'approved', 'rejected', 'void'] }).notNull(),
    decidedById: text('decided_by_id'),
    reason: text('reason'),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('leave_steps_request_idx').on(t.requestId, t.idx)],
);

/** Absence from a district government meeting (Art. 55): asked of the head, or of a topic meeting's host. */
export const meetingAbsences = sqliteTable(
  'meeting_absences',
  {
    id: integer('id').primaryKey(),
    requesterId: text('requester_id').notNull(),
    meeting: text('meeting', { enum: ['plenary', 'standing', 'topic'] }).notNull(),
    meetingDate: text('meeting_date').notNull(),
    /** The district head (plenary, standing) or the named host (topic meeting). */
    addresseeId: text('addressee_id').notNull(),
    resolvedDeciderId: text('resolved_decider_id'),
    delegation: text('delegation'),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['pending', 'approved', 'rejected'] }).notNull(),
    decidedById: text('decided_by_id'),
    decisionReason: text('decision_reason'),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
    version: integer('version').notNull().default(1),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('meeting_absences_requester').on(t.requesterId)],
);
