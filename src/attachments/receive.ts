import { and, desc, eq } from 'drizzle-orm';
import { attachmentDownloads, deliveredMessages } from '../../db/schema';
import type { AppDb } from '../../db/types';
import { commitEffects, type CommitOutcome } from '../bot/commit';
import { makeContext, type BotDeps } from '../bot/context';
import { refuseName, refuseSize } from '../core/attachments/kinds';
import { attachTarget, type AttachTarget } from '../core/attachments/target';
import { itemIdOf } from '../core/attachments/record';
import { UserError } from '../core/errors';
import type { InboundAttachment, Platform } from '../core/inbound';
import { toPerson, toUnitChat, type Recipient } from '../core/messages';
import type { Directory } from '../core/org/directory';

/** ATTACHMENT_MAX_MB's default, for hosts that do not say. */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

/** The subject of a card the bot sent (delivered_messages), e.g. `report:12:signer`. */
export async function subjectOfMessage(db: AppDb, platform: Platform, platformMessageId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ subject: deliveredMessages.subject })
    .from(deliveredMessages)
    .where(and(eq(deliveredMessages.platform, platform), eq(deliveredMessages.platformMessageId, platformMessageId)))
    .orderBy(desc(deliveredMessages.id))
    .limit(1);
  return row?.subject ?? undefined;
}

export const replyRecipientOf = (a: Pick<InboundAttachment, 'chat' | 'actor'>): Recipient =>
  a.chat.type === 'group' && a.chat.unitId ? toUnitChat(a.chat.unitId) : toPerson(a.actor.id);

/** Where the file goes, once its name and announced size pass; throws the Chinese refusal. */
async function checkedTarget(deps: BotDeps, dir: Directory, a: InboundAttachment, now: Date): Promise<AttachTarget> {
  const parentSubject = a.parentMessageId ? await subjectOfMessage(deps.db, a.platform, a.parentMessageId) : undefined;
  const target = await attachTarget(deps.db, dir, a.actor, parentSubject, now);
  const name = a.resource.name;
  const refusal =
    (name && refuseName(name)) ||
    (a.resource.size !== undefined && refuseSize(name ?? '图片', a.resource.size, deps.attachmentMaxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES));
  if (refusal) throw new UserError(refusal);
  return target;
}

/**
 * A picture or file sent to the bot: what it is evidence for is decided now (the card replied to, or
 * the person's report of the last ten minutes) and a download is queued with the inbound's dedupe key,
 * in one transaction; the bytes are fetched after the answer (downloads.ts). A refusal — no report to
 * attach to, a type or size known to be wrong already — comes back as `refused`: the caller answers it
 * like any one-line reply (inline where the platform allows), and nothing else is written.
 */
export async function receiveAttachment(deps: BotDeps, dir: Directory, a: InboundAttachment): Promise<{ outcome: CommitOutcome } | { refused: string }> {
  const ctx = makeContext(deps, dir, a.actor, a.platform, a.chat, a.platformMessageId);
  const replyTo = replyRecipientOf(a);
  let target: AttachTarget;
  try {
    target = await checkedTarget(deps, dir, a, ctx.now);
  } catch (error) {
    if (error instanceof UserError) return { refused: error.message };
    throw error;
  }
  ctx.effects.statements.push(
    deps.db.insert(attachmentDownloads).values({
      sourceKey: `${a.platform}:${a.dedupeKey}`,
      platform: a.platform,
      messageId: a.platformMessageId,
      resourceKey: a.resource.key,
      resourceType: a.resource.type,
      fileName: a.resource.name ?? null,
      personId: a.actor.id,
      itemId: itemIdOf(target),
      targetKind: target.kind,
      targetId: target.id,
      replyTo,
      nextAttemptAt: ctx.now,
      createdAt: ctx.now,
    }),
  );
  return { outcome: await commitEffects(deps, ctx, { platform: a.platform, dedupeKey: a.dedupeKey, replyTo: a.platformMessageId, replyRecipient: replyTo }) };
}
