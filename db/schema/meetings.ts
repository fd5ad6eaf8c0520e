import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

/**
 * A district government meeting the office schedules (Art. 50–53): plenary (about every half year),
 * standing (about monthly), topic (as needed, hosted by the head or a deputy). Minutes follow the
 * Art. 56 chain through `signoff_steps` (subject `minutes`).
 */
export const meetings = sqliteTable(
  'meetings',
  {
    id: integer('id').primaryKey(),
    kind: text('kind', { enum: ['plenary', 'standing', 'topic'] }).notNull(),
    title: text('title').notNull(),
    /** The Beijing date of the meeting. */
    meetingDate: text('meeting_date').notNull(),
    hostId: text('host_id').notNull(),
    /** The executive deputy hosts a plenary or standing meeting entrusted by the head (Art. 51, 52). */
    entrusted: integer('entrusted', { mode: 'boolean' }).notNull().default(false),
    attendeeIds: text('attendee_ids', { mode: 'json' }).$type<string[]>().notNull(),
    minutesStatus: text('minutes_status', { enum: ['none', 'in_review', 'returned', 'signed'] })
      .notNull()
      .default('none'),
    minutesText: text('minutes_text'),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('meetings_date').on(t.kind, t.meetingDate)],
);

/**
 * What a meeting handles: an agenda item (议题, Art. 54, with its legality review) or a decision of
 * the minutes (议定事项, Art. 56), which becomes a supervision item once the minutes are signed.
 */
export const meetingMatters = sqliteTable(
  'meeting_matters',
  {
    id: integer('id').primaryKey(),
    meetingId: integer('meeting_id').notNull(),
    kind: text('kind', { enum: ['agenda', 'decision'] }).notNull(),
    title: text('title').notNull(),
    /** The reporting unit of an agenda item; the lead unit of a decision. */
    unitId: text('unit_id').notNull(),
    /** 涉及法规规章和行政规范性文件 (Art. 54): then a passed legality review is required. */
    touchesRules: integer('touches_rules', { mode: 'boolean' }).notNull().default(false),
    legalityReviewed: integer('legality_reviewed', { mode: 'boolean' }).notNull().default(false),
    /** A decision's own deadline (期限) or time node, when the meeting set one. */
    dueOn: text('due_on'),
    /** The supervision item a decision became. */
    itemId: text('item_id'),
    status: text('status', { enum: ['in_review', 'returned', 'approved', 'draft'] }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('meeting_matters_meeting').on(t.meetingId)],
);

/** A unit's district-wide meeting (Art. 57): at most once a year, consented then approved. */
export const unitMeetings = sqliteTable(
  'unit_meetings',
  {
    id: integer('id').primaryKey(),
    unitId: text('unit_id').notNull(),
    title: text('title').notNull(),
    meetingDate: text('meeting_date').notNull(),
    year: integer('year').notNull(),
    /** The office's recorded reason for a second meeting in one year (Art. 57 "原则上"). */
    overrideReason: text('override_reason'),
    status: text('status', { enum: ['in_review', 'returned', 'approved'] }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('unit_meetings_year').on(t.unitId, t.year)],
);

/** A use of a seal (Art. 64): the government's or its party group's (区长), or the office's (主任). */
export const sealUses = sqliteTable(
  'seal_uses',
  {
    id: integer('id').primaryKey(),
    seal: text('seal', { enum: ['government', 'party_group', 'office'] }).notNull(),
    purpose: text('purpose').notNull(),
    copies: integer('copies').notNull(),
    requesterId: text('requester_id').notNull(),
    unitId: text('unit_id').notNull(),
    status: text('status', { enum: ['in_review', 'returned', 'approved'] }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('seal_uses_created').on(t.createdAt)],
);

/**
 * One step of a named sign-off chain (Art. 54, 56, 57, 64), the same engine for every subject.
 * `addresseeId` is who the rule names (null: the office); whoever acts for them decides (Art. 9, 11).
 * A return closes the round; a resubmission opens the next round from the first step.
 */
export const signoffSteps = sqliteTable(
  'signoff_steps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subjectType: text('subject_type', { enum: ['agenda', 'minutes', 'unit_meeting', 'seal'] }).notNull(),
    subjectId: integer('subject_id').notNull(),
    round: integer('round').notNull(),
    idx: integer('idx').notNull(),
    stage: text('stage').notNull(),
    addresseeId: text('addressee_id'),
    status: text('status', { enum: ['waiting', 'pending', 'approved', 'returned', 'void'] }).notNull(),
    decidedById: text('decided_by_id'),
    delegation: text('delegation'),
    note: text('note'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('signoff_steps_subject').on(t.subjectType, t.subjectId, t.round), index('signoff_steps_status').on(t.status)],
);
