/**
 * Who may act now on a matter addressed to a named person: the one question the to-do list, the
 * digest and the nudges ask, answered by the delegation resolver (Art. 9, 11) so every workflow
 * names the same stand-in.
 */
import { resolveApprover } from '../leave/delegation';
import { onBehalfOf } from '../org/acting-authority';
import type { Directory } from '../org/directory';

/**
 * The person who decides now; null when the government office does (the matter is the office's,
 * or nobody in the chain is present, Art. 68 "由区政府办转办").
 */
export function deciderNow(dir: Directory, away: ReadonlySet<string>, addresseeId: string | null, requesterId = ''): string | null {
  if (!addresseeId) return null;
  return resolveApprover(dir, away, addresseeId, requesterId).approverId;
}

/** "孙强（AB角代批，代 赵明）": who decides now, named as the requester is told; null when the office does. */
export function deciderNamed(dir: Directory, away: ReadonlySet<string>, addresseeId: string): string | null {
  const acting = resolveApprover(dir, away, addresseeId, '');
  return acting.approverId ? `${dir.person(acting.approverId)?.name ?? acting.approverId}${onBehalfOf(dir, acting)}` : null;
}
