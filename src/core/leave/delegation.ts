/**
 * Who decides a step addressed to someone who is away (SPEC §4 "Delegation"): a pure function of
 * the directory snapshot and the approved leaves active on a date.
 *
 * - the district head away → the executive deputy, "代行区长职务" (Art. 9);
 * - a deputy away → their A/B partner, "AB角代批" (Art. 11);
 * - the partner also away → the executive deputy (who runs daily work, Art. 11), then the head (Art. 9);
 * - nobody approves their own request: the requester is skipped like someone away;
 * - nobody left → the government office routes the step by hand.
 */
import type { Directory } from '../org/directory';
import { hasRole, type Person } from '../org/types';
import type { LocalDate } from '../time';

/** An approved leave as delegation sees it. `returnedOn` is the date of 销假, if reported back. */
export interface ApprovedLeave {
  personId: string;
  start: LocalDate;
  end: LocalDate;
  returnedOn: LocalDate | null;
}

/** People away on `date`: an approved leave covers it and they have not reported back by then. */
export function awayOn(leaves: readonly ApprovedLeave[], date: LocalDate): Set<string> {
  return new Set(leaves.filter((l) => l.start <= date && date <= l.end && (l.returnedOn === null || l.returnedOn > date)).map((l) => l.personId));
}

export type DelegationReason = 'direct' | 'acting_head' | 'ab_partner' | 'executive_deputy' | 'district_head' | 'office_routing';

/** The label shown on cards and stored with the step, and the article behind it. */
export const DELEGATION_LABELS: Record<Exclude<DelegationReason, 'direct'>, { zh: string; article: number }> = {
  acting_head: { zh: '代行区长职务', article: 9 },
  ab_partner: { zh: 'AB角代批', article: 11 },
  executive_deputy: { zh: '常务副区长代批', article: 11 },
  district_head: { zh: '区长代批', article: 9 },
  office_routing: { zh: '无人可代批，由区政府办转办', article: 68 },
};

/** The label for a stored delegation reason (null when the addressee decides directly). */
export function delegationLabel(reason: string | null): string | null {
  return reason && reason in DELEGATION_LABELS ? DELEGATION_LABELS[reason as Exclude<DelegationReason, 'direct'>].zh : null;
}

export type SkipCause = 'away' | 'requester' | 'not_in_directory';

export interface Resolution {
  /** Who the chain template names (null: nobody holds the post). */
  addresseeId: string | null;
  /** Who may decide; null when the government office routes it by hand. */
  approverId: string | null;
  reason: DelegationReason;
  /** Chinese label for cards, null when the addressee decides directly. */
  label: string | null;
  /** Everyone passed over, in order, and why. */
  skipped: Array<{ personId: string; cause: SkipCause }>;
}

/** The chain of delegation after `addressee` (Art. 9, 11), nearest first. */
export function delegatesOf(addressee: Person, dir: Directory): Array<{ personId: string; reason: DelegationReason }> {
  const head = dir.holder('district_head');
  const executive = dir.holder('executive_deputy');
  const chain: Array<{ personId: string | null | undefined; reason: DelegationReason }> = [];
  if (hasRole(addressee, 'district_head')) {
    chain.push({ personId: executive?.id, reason: 'acting_head' });
  } else if (hasRole(addressee, 'deputy_head') || hasRole(addressee, 'executive_deputy')) {
    chain.push(
      { personId: addressee.abPartnerId, reason: 'ab_partner' },
      { personId: executive?.id, reason: 'executive_deputy' },
      { personId: head?.id, reason: 'district_head' },
    );
  }
  const seen = new Set([addressee.id]);
  const result: Array<{ personId: string; reason: DelegationReason }> = [];
  for (const link of chain) {
    if (!link.personId || seen.has(link.personId)) continue;
    seen.add(link.personId);
    result.push({ personId: link.personId, reason: link.reason });
  }
  return result;
}

/** Resolves who decides a step addressed to `addresseeId` for `requesterId`'s request, given who is away. */
export function resolveApprover(dir: Directory, away: ReadonlySet<string>, addresseeId: string | null, requesterId: string): Resolution {
  const skipped: Resolution['skipped'] = [];
  const addressee = addresseeId ? dir.person(addresseeId) : undefined;
  const candidates = addressee ? [{ personId: addressee.id, reason: 'direct' as DelegationReason }, ...delegatesOf(addressee, dir)] : [];
  if (addresseeId && !addressee) skipped.push({ personId: addresseeId, cause: 'not_in_directory' });
  for (const candidate of candidates) {
    const cause: SkipCause | undefined = !dir.person(candidate.personId)
      ? 'not_in_directory'
      : candidate.personId === requesterId
        ? 'requester'
        : away.has(candidate.personId) ? 'away' : undefined;
    if (cause) {
      skipped.push({ personId: candidate.personId, cause });
      continue;
    }
    return {
      addresseeId,
      approverId: candidate.personId,
      reason: candidate.reason,
      label: candidate.reason === 'direct' ? null : DELEGATION_LABELS[candidate.reason].zh,
      skipped,
    };
  }
  return { addresseeId, approverId: null, reason: 'office_routing', label: DELEGATION_LABELS.office_routing.zh, skipped };
}
