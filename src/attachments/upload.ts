import { commitEffects, type CommitOutcome } from '../bot/commit';
import { makeContext, type BotDeps } from '../bot/context';
import { errorBoundary } from '../bot/dispatch';
import { classify, refuseSize } from '../core/attachments/kinds';
import { recordAttachment } from '../core/attachments/record';
import { attachTarget } from '../core/attachments/target';
import { UserError } from '../core/errors';
import type { ChatRef, Platform } from '../core/inbound';
import type { Directory } from '../core/org/directory';
import type { Person } from '../core/org/types';
import type { FileStore } from '../files/store';
import { DEFAULT_ATTACHMENT_MAX_BYTES, replyRecipientOf, subjectOfMessage } from './receive';

export interface Upload {
  platform: Platform;
  dedupeKey: string;
  actor: Person;
  chat: ChatRef;
  /** The card the upload answers (its subject says which item or report); absent: the 10-minute window. */
  parentMessageId?: string;
  name: string;
  bytes: Uint8Array;
}

/**
 * A file uploaded with its bytes at hand (the sandbox's upload button): the same target, type and
 * size rules as a file sent over a platform, stored and recorded at once — no download to wait for.
 */
export async function attachUpload(deps: BotDeps & { files: FileStore }, dir: Directory, u: Upload): Promise<CommitOutcome> {
  const ctx = makeContext(deps, dir, u.actor, u.platform, u.chat, u.dedupeKey);
  await errorBoundary(
    ctx,
    async () => {
      const parentSubject = u.parentMessageId ? await subjectOfMessage(deps.db, u.platform, u.parentMessageId) : undefined;
      const target = await attachTarget(deps.db, dir, u.actor, parentSubject, ctx.now);
      const tooLarge = refuseSize(u.name, u.bytes.byteLength, deps.attachmentMaxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES);
      if (tooLarge) throw new UserError(tooLarge);
      const kind = classify(u.name, u.bytes);
      if (!kind.ok) throw new UserError(kind.refusal);
      const sha256 = await deps.files.put(u.bytes);
      recordAttachment(
        deps.db,
        dir,
        ctx.effects,
        { target, sha256, name: kind.name, mime: kind.kind.mime, size: u.bytes.byteLength, uploader: u.actor },
        ctx.now,
      );
    },
    (message) => ctx.reply(message),
  );
  return commitEffects(deps, ctx, { platform: u.platform, dedupeKey: u.dedupeKey, replyTo: u.dedupeKey, replyRecipient: replyRecipientOf(u) });
}
