import type { documents, documentSteps } from '../../../db/schema';

export type DocumentRow = typeof documents.$inferSelect;
export type DocumentStep = typeof documentSteps.$inferSelect;
export type DocumentKind = DocumentRow['kind'];
export type IncomingKind = Extract<DocumentKind, 'opinion' | 'instruction'>;
export type OutgoingKind = Exclude<DocumentKind, IncomingKind>;
export type StepRole = DocumentStep['role'];
export type DocumentStatus = DocumentRow['status'];

/** A document with the steps of every round, oldest first. */
export interface Doc {
  doc: DocumentRow;
  steps: DocumentStep[];
}

export const KIND_ZH: Record<DocumentKind, string> = {
  opinion: '需提报意见',
  instruction: '需领导批示',
  regulation: '规章',
  order: '命令',
  motion: '议案',
  government: '区政府名义',
  office: '区政府办名义',
};

export const INCOMING_KINDS: Record<string, IncomingKind> = { 需提报意见: 'opinion', 提报意见: 'opinion', 需领导批示: 'instruction', 领导批示: 'instruction' };
export const OUTGOING_KINDS: Record<string, OutgoingKind> = {
  规章: 'regulation',
  命令: 'order',
  议案: 'motion',
  区政府名义: 'government',
  区政府: 'government',
  区政府办名义: 'office',
  区政府办: 'office',
};

export const STATUS_ZH: Record<DocumentStatus, string> = {
  reviewing: '审签中',
  returned: '已退回修改',
  to_forward: '领导已审定，待区政府办转办',
  forwarded: '已转办，督办中',
  archived: '已签发归档',
};

export const ROLE_ZH: Record<StepRole, string> = {
  office_review: '区政府办登记审核',
  deputy: '分管副区长审定',
  supervising_deputy: '分管副区长审阅',
  executive_deputy: '常务副区长审阅',
  district_head: '区长审签',
};

export const STEP_STATUS_ZH: Record<DocumentStep['status'], string> = {
  waiting: '待送达',
  pending: '办理中',
  agreed: '同意',
  instructed: '批示',
  returned: '退回',
  void: '作废',
};

/** `来文 3` / `发文 5`: how documents are named in texts. */
export const docName = (doc: Pick<DocumentRow, 'direction' | 'id'>) => `${doc.direction === 'incoming' ? '来文' : '发文'} ${doc.id}`;

/** Cards about a document: the deciders' copy (buttons for the current step) and everyone else's. */
export type DocAudience = 'decider' | 'office' | 'unit';
export const docSubject = (id: number, audience: DocAudience) => `document:${id}:${audience}`;
/** The copy sent to whoever signs one step: its buttons go away once that step is signed. */
export const stepSubject = (id: number, step: Pick<DocumentStep, 'round' | 'idx'>) => `document:${id}:step:${step.round}:${step.idx}`;
