import type { Statement } from '../../db/atomic';
import type { Card, Message, Recipient } from './messages';

export interface PushDraft {
  to: Recipient;
  message: Message;
  /** Cards about the same subject (e.g. `leave:12`) are updated together later. */
  subject?: string;
  urgent?: boolean;
  /** Unique per logical push, e.g. `leave:12:step:2:approver`: the outbox's dedupe key. */
  key: string;
}

export interface RefreshDraft {
  subject: string;
  card: Card;
  key: string;
}

export interface AuditDraft {
  subjectType: string;
  subjectId: string;
  action: string;
  detail?: unknown;
}

/**
 * What a command or action wants to happen, collected before anything is written: domain
 * statements, messages and audit entries are committed as one atomic unit (outbox pattern).
 */
export interface Effects {
  statements: Statement[];
  replies: Array<{ message: Message; subject?: string }>;
  pushes: PushDraft[];
  refreshes: RefreshDraft[];
  audits: AuditDraft[];
  /** Shown to the user when a guarded statement finds the state already changed by someone else. */
  conflictMessage?: string;
}

export function newEffects(): Effects {
  return { statements: [], replies: [], pushes: [], refreshes: [], audits: [] };
}
