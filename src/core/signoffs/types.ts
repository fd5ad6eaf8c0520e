/**
 * A named sign-off chain (Art. 54, 56, 57, 64): each subject (an agenda item, minutes, a unit's
 * district-wide meeting, a seal use) travels the steps its article names, one leader after another,
 * with 同意 / 退回 at each, and whoever acts for an absent leader deciding (Art. 9, 11).
 */
import type { Statement } from '../../../db/atomic';
import type { signoffSteps } from '../../../db/schema';
import type { DomainContext } from '../context';
import type { Field } from '../messages';

export type SignoffStep = typeof signoffSteps.$inferSelect;
export type SubjectType = SignoffStep['subjectType'];
export type SubjectStatus = 'in_review' | 'returned' | 'approved';

/** One step of a chain as its article names it: the stage's words and the leader it is addressed to. */
export interface ChainStep {
  stage: string;
  /** Null: the government office decides (nobody holds the post). */
  addresseeId: string | null;
}

/** What the card of a subject shows, read from its own table. */
export interface SubjectView {
  type: SubjectType;
  id: number;
  title: string;
  requesterId: string;
  status: SubjectStatus;
  fields: Field[];
  /** The article applied and its operative sentence, quoted on the card. */
  article: number;
  quote: string;
}

/** What a kind of subject tells the engine; the engine does the steps, cards and messages. */
export interface SubjectAdapter {
  type: SubjectType;
  /** 议题, 会议纪要, 全区性会议, 用印. */
  zh: string;
  load(ctx: DomainContext, id: number): Promise<SubjectView | undefined>;
  /** The chain for a (re)submission, from the subject as it stands. */
  chain(ctx: DomainContext, id: number): Promise<ChainStep[]>;
  setStatus(ctx: DomainContext, id: number, status: SubjectStatus): Statement[];
  /**
   * What the last 同意 does besides closing the chain (minutes → supervision items): a sentence for
   * the toast and the requester, and the card's fields as they read after it, when it changes them.
   */
  onApproved?(ctx: DomainContext, id: number): Promise<{ text: string; fields?: Field[] } | undefined>;
}

/**
 * Who holds a copy of the card: the requester, the decider of step `idx` (buttons while that step is
 * pending), or a reader (no buttons).
 */
export type Audience = 'requester' | 'viewer' | number;

/**
 * A copy's subject, per round and step: a stale refresh of a returned round never overwrites the next
 * round's cards, and a decided step's card loses its buttons while the next decider's keeps them.
 */
export const signoffSubject = (type: SubjectType, id: number, round: number, audience: Exclude<Audience, 'viewer'>) =>
  `signoff:${type}:${id}:r${round}:${audience === 'requester' ? 'requester' : `s${audience}`}`;

/** The status a subject moves to `status` from: a resubmission from 退回, a decision from 审批中 (the guard of its UPDATE). */
export const statusBefore = (status: SubjectStatus): 'returned' | 'in_review' => (status === 'in_review' ? 'returned' : 'in_review');
