/**
 * Delegation as leave sees it: approved leaves make the absence facts of a day; the resolver that
 * turns them into who decides lives in `../org/acting-authority` (Art. 9, 11) and is re-exported
 * here for the callers that import it with leave.
 */
import { absences, type Absences } from '../org/acting-authority';
import type { LocalDate } from '../time';

export {
  absences,
  absentRefusal,
  delegatesOf,
  delegationLabel,
  DELEGATION_LABELS,
  resolveApprover,
  standInPhrase,
  type Absences,
  type DelegationReason,
  type Resolution,
  type SkipCause,
} from '../org/acting-authority';

/** An approved leave as delegation sees it. `returnedOn` is the date of 销假, if reported back. */
export interface ApprovedLeave {
  personId: string;
  start: LocalDate;
  end: LocalDate;
  returnedOn: LocalDate | null;
  /** The deputy a district head entrusted for this absence (Art. 9); null on other leaves. */
  entrusteeId: string | null;
}

/**
 * People away on `date`: an approved leave covers it and they have not reported back by then; with
 * the entrustee named on an away head's leave.
 */
export function awayOn(leaves: readonly ApprovedLeave[], date: LocalDate): Absences {
  const active = leaves.filter((l) => l.start <= date && date <= l.end && (l.returnedOn === null || l.returnedOn > date));
  return absences(
    active.map((l) => l.personId),
    active.find((l) => l.entrusteeId)?.entrusteeId ?? null,
  );
}
