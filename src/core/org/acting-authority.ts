/**
 * Acting authority (Art. 9, 11): who decides a matter addressed to a named leader who is away. One
 * pure function of the directory and the absence facts of a day, used by every workflow — leave
 * steps, meeting absence, 审定 of supervision drafts, extension decisions, accepted reports for a
 * leader to read — and by every text that names a stand-in (通报, `/谁请假`, cards, digests).
 *
 * - the district head away → whom he entrusted ("受区长委托", default the executive deputy), then the
 *   executive deputy, "代行区长职务" (Art. 9);
 * - a deputy away → their A/B partner, "AB角代批" (Art. 11);
 * - the partner also away → the executive deputy (who runs daily work, Art. 11), then the head (Art. 9);
 * - nobody decides their own matter: the requester is skipped like someone away;
 * - nobody left → the government office routes it by hand.
 */
import { articleZh } from '../errors';
import type { Directory } from './directory';
import { hasRole, type Person } from './types';

/**
 * Who is away on a day (approved leave, not reported back) and, while the district head is away,
 * the deputy he entrusted (Art. 9). Any plain set of ids is also valid absence facts: the head's
 * entrustee then defaults to the executive deputy.
 */
export type Absences = ReadonlySet<string> & { readonly headEntrusteeId?: string | null };

export function absences(awayIds: Iterable<string>, headEntrusteeId: string | null = null): Absences {
  return Object.assign(new Set(awayIds), { headEntrusteeId });
}

export type DelegationReason = 'direct' | 'head_entrustee' | 'acting_head' | 'ab_partner' | 'executive_deputy' | 'district_head' | 'office_routing';

/** The label shown on cards and stored with the decision, and the article behind it. */
export const DELEGATION_LABELS: Record<Exclude<DelegationReason, 'direct'>, { zh: string; article: number }> = {
  head_entrustee: { zh: '受区长委托代行区长职务', article: 9 },
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
  /** Who the rule or the sender names (null: nobody holds the post). */
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
export function delegatesOf(addressee: Person, dir: Directory, headEntrusteeId?: string | null): Array<{ personId: string; reason: DelegationReason }> {
  const head = dir.holder('district_head');
  const executive = dir.holder('executive_deputy');
  const chain: Array<{ personId: string | null | undefined; reason: DelegationReason }> = [];
  if (hasRole(addressee, 'district_head')) {
    if (headEntrusteeId && headEntrusteeId !== executive?.id) chain.push({ personId: headEntrusteeId, reason: 'head_entrustee' });
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

/**
 * Who decides a matter addressed to `addresseeId` for `requesterId` ('' when nobody requested it),
 * given who is away. `away` may carry the head's entrustee (see `Absences`).
 */
export function resolveApprover(dir: Directory, away: Absences, addresseeId: string | null, requesterId: string): Resolution {
  const skipped: Resolution['skipped'] = [];
  const addressee = addresseeId ? dir.person(addresseeId) : undefined;
  const candidates = addressee ? [{ personId: addressee.id, reason: 'direct' as DelegationReason }, ...delegatesOf(addressee, dir, away.headEntrusteeId)] : [];
  if (addresseeId && !addressee) skipped.push({ personId: addresseeId, cause: 'not_in_directory' });
  for (const candidate of candidates) {
    const cause: SkipCause | undefined = !dir.person(candidate.personId)
      ? 'not_in_directory'
      : candidate.personId === requesterId
        ? 'requester'
        : away.has(candidate.personId)
          ? 'away'
          : undefined;
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

/** The article that decides a resolution: Art. 9 when the head is involved, Art. 11 between deputies (and for a direct one). */
export function articleOf(resolution: Resolution): number {
  return resolution.reason === 'direct' ? 11 : DELEGATION_LABELS[resolution.reason].article;
}

/**
 * Who stands in for `personId` while away, as a phrase for notices, `/谁请假` and cards:
 * "AB角 孙强 负责其分管工作（第十一条）". Undefined when they are not a government leader.
 */
export function standInPhrase(dir: Directory, resolution: Resolution): string | undefined {
  const name = (id: string | null) => (id ? (dir.person(id)?.name ?? id) : '');
  const article = `（${articleZh(articleOf(resolution))}）`;
  switch (resolution.reason) {
    case 'head_entrustee':
      return `受区长委托，由 ${name(resolution.approverId)} 代行区长职务${article}`;
    case 'acting_head':
      return `由常务副区长 ${name(resolution.approverId)} 代行区长职务${article}`;
    case 'ab_partner':
      return `由AB角 ${name(resolution.approverId)} 负责其分管工作${article}`;
    case 'executive_deputy':
      return `由常务副区长 ${name(resolution.approverId)} 负责其分管工作${article}`;
    case 'district_head':
      return `由区长 ${name(resolution.approverId)} 负责其分管工作${article}`;
    case 'office_routing':
      // Only the addressee skipped: they have no delegates at all (not a head or deputy), so no stand-in to name.
      return resolution.skipped.length > 1 ? `代理人均不在岗，由区政府办转办（${articleZh(9)}、${articleZh(11)}）` : undefined;
    case 'direct':
      return undefined;
  }
}

/**
 * The refusal an absent addressee gets when they click during their approved leave (Art. 9, 11):
 * the matter is decided by whoever acts for them, until they report back (销假). Undefined when
 * `actor` is not away.
 */
export function absentRefusal(dir: Directory, away: Absences, actor: Person, acting: Resolution): string | undefined {
  if (!away.has(actor.id)) return undefined;
  const who = acting.approverId ? `${dir.person(acting.approverId)?.name ?? acting.approverId}（${acting.label ?? '代理'}）` : '区政府办';
  return `依据${articleZh(articleOf(acting))}：您正在请假外出，期间由 ${who} 代为处理本事项，您的操作未生效。如已提前返回，请先发送 /销假 后再处理。`;
}

/** "（AB角代批，代 赵明）" after the name of whoever decides for someone else; '' when direct. */
export function onBehalfOf(dir: Directory, resolution: Resolution): string {
  if (resolution.reason === 'direct' || !resolution.addresseeId || !resolution.approverId) return '';
  return `（${resolution.label}，代 ${dir.person(resolution.addresseeId)?.name ?? resolution.addresseeId}）`;
}
