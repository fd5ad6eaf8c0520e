import { sqliteTable, text, integer, index, primaryKey, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Supervision items (督查事项, Art. 39–40): the ledger (台账). The id is the item's number,
 * `DB-YYYY-NNNN`, unique per year. The timeline is audit_log rows with subject_type 'item'.
 */
export const supervisionItems = sqliteTable(
  'supervision_items',
  {
    id: text('id').primaryKey(),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    source: text('source', {
      enum: [
        'leader_instruction',
        'upper_directive',
        'upper_document',
        'upper_notice',
        'district_document',
        'key_project',
        'standing_meeting',
        'topic_meeting',
        'plenary_meeting',
        'npc_suggestion',
        'cppcc_proposal',
        'other_decision',
      ],
    }).notNull(),
    title: text('title').notNull(),
    content: text('content').notNull(),
    /** 文号 or the instruction text. */
    reference: text('reference'),
    receivedOn: text('received_on'),
    meetingOn: text('meeting_on'),
    assignedOn: text('assigned_on'),
    leadUnitId: text('lead_unit_id').notNull(),
    assistingUnitIds: text('assisting_unit_ids', { mode: 'json' }).$type<string[]>().notNull(),
    /** 责任人 as the office wrote it (a name; not necessarily in the directory). */
    responsiblePerson: text('responsible_person'),
    /** The deadline (Art. 40), a Beijing date; end of that day is the instant. */
    dueOn: text('due_on').notNull(),
    /** Computed on a year whose holiday schedule is not published (docs/calendar.md). */
    dueProvisional: integer('due_provisional', { mode: 'boolean' }).notNull(),
    /** Given as a date (期限, last 节点, a granted extension) rather than computed by the rule. */
    dueExplicit: integer('due_explicit', { mode: 'boolean' }).notNull(),
    dueArticle: integer('due_article').notNull(),
    dueExplanation: text('due_explanation').notNull(),
    /** "办结或回复进展情况": an accepted progress report by the deadline meets it. */
    satisfiedByProgress: integer('satisfied_by_progress', { mode: 'boolean' }).notNull(),
    /** When an accepted progress report met a "complete or reply with progress" deadline. */
    dueMetAt: integer('due_met_at', { mode: 'timestamp_ms' }),
    complex: integer('complex', { mode: 'boolean' }).notNull().default(false),
    /** 涉及面广、情况复杂或长期性: weekly reports (周报制) until completed. */
    longRunning: integer('long_running', { mode: 'boolean' }).notNull().default(false),
    status: text('status', { enum: ['draft', 'issued', 'in_progress', 'completed', 'archived'] }).notNull(),
    /** The leader the draft was sent to for approval (督查交办: 经区政府有关领导审定同意). */
    approvalLeaderId: text('approval_leader_id'),
    /** The leader who approved the issue: reads accepted reports and decides extensions. */
    assigningLeaderId: text('assigning_leader_id'),
    /** NPC suggestions and CPPCC proposals: the reply (答复) and whether it is published (Art. 45). */
    replyText: text('reply_text'),
    publish: integer('publish', { mode: 'boolean' }),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    issuedAt: integer('issued_at', { mode: 'timestamp_ms' }),
    completedAt: integer('completed_at', { mode: 'timestamp_ms' }),
    archivedAt: integer('archived_at', { mode: 'timestamp_ms' }),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    /** Optimistic concurrency: every change is `WHERE version = ?` then `expectChanged`. */
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('supervision_items_year_seq').on(t.year, t.seq),
    index('supervision_items_status').on(t.status),
    index('supervision_items_lead_unit').on(t.leadUnitId),
    // The reminders' state stamp sums every version once per fan-out unit: a covering index, not the table.
    index('supervision_items_version').on(t.version),
  ],
);

/** 节点任务: dated sub-tasks (Art. 40 分解立项). */
export const supervisionMilestones = sqliteTable(
  'supervision_milestones',
  {
    itemId: text('item_id').notNull(),
    seq: integer('seq').notNull(),
    dueOn: text('due_on').notNull(),
    title: text('title').notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.seq] })],
);

/** 签收: one acknowledgement per unit and item. */
export const supervisionAcks = sqliteTable(
  'supervision_acks',
  {
    itemId: text('item_id').notNull(),
    unitId: text('unit_id').notNull(),
    personId: text('person_id').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.unitId] })],
);

/** 工作计划: measures and dates a unit commits to (承办落实). */
export const supervisionPlans = sqliteTable(
  'supervision_plans',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    itemId: text('item_id').notNull(),
    unitId: text('unit_id').notNull(),
    authorId: text('author_id').notNull(),
    text: text('text').notNull(),
    submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }).notNull(),
    /** How many 佐证材料 are attached (shown on the plan's card; the files are in `attachments`). */
    attachmentCount: integer('attachment_count').notNull().default(0),
  },
  (t) => [index('supervision_plans_item').on(t.itemId)],
);

/**
 * Reports (报送): progress, completion (办理结果报告), weekly (周报) and late explanations. A
 * liaison's report waits for the unit head's sign-off (审签); the office confirms receipt (签收)
 * and reviews it: accepted (forwarded to the responsible leader) or returned with reasons.
 */
export const supervisionReports = sqliteTable(
  'supervision_reports',
  {
    id: integer('id').primaryKey(),
    itemId: text('item_id').notNull(),
    unitId: text('unit_id').notNull(),
    kind: text('kind', { enum: ['progress', 'completion', 'weekly', 'late_explanation'] }).notNull(),
    authorId: text('author_id').notNull(),
    text: text('text').notNull(),
    /** 1 for the first report of this kind by this unit; +1 after each return (redo). */
    round: integer('round').notNull(),
    /** Submitted after the deadline (accepted, marked late). */
    late: integer('late', { mode: 'boolean' }).notNull(),
    status: text('status', { enum: ['awaiting_signoff', 'sent_back', 'submitted', 'received', 'accepted', 'returned'] }).notNull(),
    signedOffBy: text('signed_off_by'),
    signedOffAt: integer('signed_off_at', { mode: 'timestamp_ms' }),
    /** Why the head sent a liaison's draft back. */
    sentBackReason: text('sent_back_reason'),
    receivedBy: text('received_by'),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }),
    reviewedBy: text('reviewed_by'),
    reviewedAt: integer('reviewed_at', { mode: 'timestamp_ms' }),
    returnReason: text('return_reason'),
    /** The office's 退回 asked for 佐证材料 (photos, documents) with the redo. */
    evidenceRequested: integer('evidence_requested', { mode: 'boolean' }).notNull().default(false),
    /** How many 佐证材料 are attached (shown on the card; the files are in `attachments`). */
    attachmentCount: integer('attachment_count').notNull().default(0),
    /** The leader an accepted report was forwarded to for reading. */
    forwardedTo: text('forwarded_to'),
    /** Late explanations: the date the unit asked for. */
    requestedDue: text('requested_due'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('supervision_reports_item').on(t.itemId), index('supervision_reports_status').on(t.status)],
);

/** 延期: asked before the deadline with reason, progress and next steps; granted or refused. */
export const supervisionExtensions = sqliteTable(
  'supervision_extensions',
  {
    id: integer('id').primaryKey(),
    itemId: text('item_id').notNull(),
    unitId: text('unit_id').notNull(),
    requestedBy: text('requested_by').notNull(),
    requestedDue: text('requested_due').notNull(),
    previousDue: text('previous_due').notNull(),
    reason: text('reason').notNull(),
    progress: text('progress').notNull(),
    nextSteps: text('next_steps').notNull(),
    /** The leader asked to decide; null when the office decides (setting 延期审批=督查室). */
    deciderId: text('decider_id'),
    status: text('status', { enum: ['pending', 'granted', 'refused'] }).notNull(),
    decidedBy: text('decided_by'),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
    decisionNote: text('decision_note'),
    /** How many 佐证材料 are attached (shown on the card; the files are in `attachments`). */
    attachmentCount: integer('attachment_count').notNull().default(0),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('supervision_extensions_item').on(t.itemId)],
);

/**
 * A unit's disagreement (异议) on a supervision item forwarded from a 来文 (Art. 61 "对办理过程中部门
 * 之间有分歧的事项，分管副区长应主动加强协调，取得一致意见或提出倾向性建议"): raised by the unit, put to
 * the lead unit's supervising deputy (or whoever acts for him), his coordination recorded.
 */
export const supervisionDisputes = sqliteTable(
  'supervision_disputes',
  {
    id: integer('id').primaryKey(),
    itemId: text('item_id').notNull(),
    unitId: text('unit_id').notNull(),
    raisedBy: text('raised_by').notNull(),
    reason: text('reason').notNull(),
    /** The supervising deputy it is addressed to; null when no deputy supervises the lead unit (the office coordinates). */
    addresseeId: text('addressee_id'),
    status: text('status', { enum: ['pending', 'agreed', 'proposed'] }).notNull(),
    decidedBy: text('decided_by'),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
    decisionNote: text('decision_note'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('supervision_disputes_item').on(t.itemId)],
);

/** Office-wide supervision settings, e.g. `extension_decider` = `leader` | `office`. */
export const supervisionSettings = sqliteTable('supervision_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/** Short-lived download links for the ledger export, issued by `/台账 导出` to office staff. */
export const ledgerExportTokens = sqliteTable('ledger_export_tokens', {
  /** SHA-256 of the token: the token itself is only in the link. */
  tokenHash: text('token_hash').primaryKey(),
  personId: text('person_id').notNull(),
  filters: text('filters', { mode: 'json' }).notNull(),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  /** When the one download the link allows happened (null: not yet used). */
  usedAt: integer('used_at', { mode: 'timestamp_ms' }),
});
