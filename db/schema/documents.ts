import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Documents the office handles as a chain of sign-offs: incoming (来文, Art. 61) and outgoing
 * (发文, Art. 62). `round` starts at 1 and grows each time a returned document is resubmitted;
 * the steps of earlier rounds stay as the record. `version` guards every change (one click wins).
 */
export const documents = sqliteTable(
  'documents',
  {
    id: integer('id').primaryKey(),
    direction: text('direction', { enum: ['incoming', 'outgoing'] }).notNull(),
    /** Incoming: opinion (需提报意见) | instruction (需领导批示); outgoing: the Art. 62 kind. */
    kind: text('kind', { enum: ['opinion', 'instruction', 'regulation', 'order', 'motion', 'government', 'office'] }).notNull(),
    title: text('title').notNull(),
    /** Incoming: the sender's 文号; outgoing: the 文号 given on signing. */
    reference: text('reference'),
    /** Incoming: the sending body as typed (来文单位). */
    sender: text('sender'),
    /** Incoming from an upper level: forwarded items take the source 上级批示. */
    upperLevel: integer('upper_level', { mode: 'boolean' }).notNull().default(false),
    receivedOn: text('received_on'),
    /** 拟办意见 (incoming) or the drafting note (outgoing). */
    proposal: text('proposal'),
    /** Outgoing: the drafting unit; its supervising deputy reads 区政府名义 documents. */
    unitId: text('unit_id'),
    /** Incoming: the deputy in charge (按领导分工) who gives the deputy's step. */
    deputyId: text('deputy_id'),
    status: text('status', { enum: ['reviewing', 'returned', 'to_forward', 'forwarded', 'archived'] }).notNull(),
    round: integer('round').notNull().default(1),
    currentStep: integer('current_step'),
    /** Outgoing, once signed: the 文号's prefix (牡东政发 / 牡东政办发), year and sequence within both. */
    numberPrefix: text('number_prefix'),
    numberYear: integer('number_year'),
    numberSeq: integer('number_seq'),
    /** Incoming, once forwarded: the supervision item created from the instructions. */
    itemId: text('item_id'),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('documents_status').on(t.direction, t.status), uniqueIndex('documents_number').on(t.numberPrefix, t.numberYear, t.numberSeq)],
);

/** One sign-off of a round: addressed to a leader (or the office when `addresseeId` is null). */
export const documentSteps = sqliteTable(
  'document_steps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id').notNull(),
    round: integer('round').notNull(),
    idx: integer('idx').notNull(),
    role: text('role', { enum: ['office_review', 'deputy', 'supervising_deputy', 'executive_deputy', 'district_head'] }).notNull(),
    addresseeId: text('addressee_id'),
    status: text('status', { enum: ['waiting', 'pending', 'agreed', 'instructed', 'returned', 'void'] }).notNull(),
    decidedById: text('decided_by_id'),
    /** Why the decider is not the addressee (a DelegationReason); null when direct. */
    delegation: text('delegation'),
    /** The 批示 or the reason for a return, as typed. */
    comment: text('comment'),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('document_steps_round_idx').on(t.documentId, t.round, t.idx)],
);
