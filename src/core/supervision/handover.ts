/**
 * A leader's approved leave has started (Art. 9, 11): the drafts waiting for their 审定 and the
 * extension requests waiting for their decision are put before whoever acts for them — the card,
 * once per matter and stand-in (the keys are those of the first push, so nothing goes out twice).
 */
import { and, eq, isNotNull } from 'drizzle-orm';
import type { AppDb } from '../../../db/types';
import { supervisionExtensions, supervisionItems } from '../../../db/schema';
import { newEffects, type Effects, type PushDraft } from '../effects';
import { articleZh } from '../errors';
import { awaySet } from '../leave/store';
import { articleOf, resolveApprover, type Resolution } from '../org/acting-authority';
import type { Directory } from '../org/directory';
import { cardMessage, text, toPerson } from '../messages';
import { localDate } from '../time';
import { approvalCard, approvalSubject, extensionCard, extensionSubject, personName } from './cards';
import { loadDetail } from './store';

/**
 * The line that goes with a card delivered to a stand-in (Art. 9, 11): whose matter it is and why
 * they decide it. `key` is the card's push key.
 */
export function standInNotice(dir: Directory, acting: Resolution, what: string, key: string): PushDraft {
  return {
    to: toPerson(acting.approverId!),
    message: text(`${personName(dir, acting.addresseeId)} 请假外出，${what}转由您处理（${acting.label}，依据${articleZh(articleOf(acting))}）。`),
    key: `${key}:stand-in`,
  };
}

export async function handOverDecisions(db: AppDb, dir: Directory, now: Date): Promise<Effects> {
  const effects = newEffects();
  const away = await awaySet(db, localDate(now));
  if (away.size === 0) return effects;
  const handedTo = (addresseeId: string) => {
    if (!away.has(addresseeId)) return undefined;
    const acting = resolveApprover(dir, away, addresseeId, '');
    return acting.approverId ? acting : undefined;
  };
  const drafts = await db
    .select()
    .from(supervisionItems)
    .where(and(eq(supervisionItems.status, 'draft'), isNotNull(supervisionItems.approvalLeaderId)));
  for (const item of drafts) {
    const acting = handedTo(item.approvalLeaderId!);
    const detail = acting ? await loadDetail(db, item.id) : undefined;
    if (!acting || !detail) continue;
    const key = `${approvalSubject(item.id)}:v${item.version}:to:${acting.approverId}`;
    effects.pushes.push({
      to: toPerson(acting.approverId!),
      message: cardMessage(approvalCard(detail, dir, { kind: 'approver' })),
      subject: approvalSubject(item.id, 'approver'),
      key,
    });
    effects.pushes.push(standInNotice(dir, acting, `督查事项 ${item.id}「${item.title}」的审定`, key));
  }
  const extensions = await db
    .select()
    .from(supervisionExtensions)
    .where(and(eq(supervisionExtensions.status, 'pending'), isNotNull(supervisionExtensions.deciderId)));
  for (const extension of extensions) {
    const acting = handedTo(extension.deciderId!);
    const detail = acting ? await loadDetail(db, extension.itemId) : undefined;
    if (!acting || !detail) continue;
    const key = `${extensionSubject(extension.id)}:ask:person:${acting.approverId}`;
    effects.pushes.push({
      to: toPerson(acting.approverId!),
      message: cardMessage(extensionCard(extension, detail.item, dir, away)),
      subject: extensionSubject(extension.id),
      key,
    });
    effects.pushes.push(standInNotice(dir, acting, `督查事项 ${extension.itemId} 的延期申请（延至 ${extension.requestedDue}）`, key));
  }
  return effects;
}
