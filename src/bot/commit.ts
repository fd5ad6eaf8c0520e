import { atomic, expectChanged, isConflict, type Statement } from '../../db/atomic';
import { inboundEvents } from '../../db/schema';
import type { CommandContext } from '../../commands/types';
import { newEffects } from '../core/effects';
import type { Platform } from '../core/inbound';
import { text, type Recipient } from '../core/messages';
import { effectStatements } from '../outbox/commit';
import type { BotDeps } from './context';
import type { CommitUnit } from './group-commit';

export interface InboundKey {
  platform: Platform;
  dedupeKey: string;
  replyTo?: string;
  replyRecipient: Recipient;
  /** The clicked card, when the click's response already carries its new version (not patched again). */
  answeredCardId?: string;
}

export type CommitOutcome = 'committed' | 'duplicate' | 'conflict';

/**
 * Writes, as one atomic unit: the inbound dedupe key (a duplicate delivery aborts everything),
 * the domain statements, the audit entries and the outbox rows. When a guarded domain statement
 * finds the state already changed (a concurrent click), only the explanation is written instead.
 */
export async function commitEffects(
  deps: BotDeps,
  ctx: CommandContext,
  inbound: InboundKey,
  commit: CommitUnit = (statements) => atomic(deps.db, statements),
): Promise<CommitOutcome> {
  const { db } = deps;
  const key = `${inbound.platform}:${inbound.dedupeKey}`;
  const build = (effects = ctx.effects): Statement[] => [
    db.insert(inboundEvents).values({ key, platform: inbound.platform, receivedAt: ctx.now }).onConflictDoNothing(),
    expectChanged(db),
    ...effectStatements(
      db,
      effects,
      { now: ctx.now, actorId: ctx.actor.id, sourceMessage: ctx.sourceMessage },
      {
        now: ctx.now,
        pushPlatforms: deps.pushPlatforms,
        reply: { platform: inbound.platform, to: inbound.replyRecipient, replyTo: inbound.replyTo, keyPrefix: key, answeredCardId: inbound.answeredCardId },
      },
    ),
  ];
  try {
    await commit(build());
    return 'committed';
  } catch (error) {
    if (!isConflict(error)) throw error;
  }
  // Either this very event was already handled, or a guarded statement lost a race.
  const fallback = newEffects();
  fallback.replies.push({ message: text(ctx.effects.conflictMessage ?? '该事项刚刚已被他人处理，请刷新后查看最新状态。') });
  try {
    await commit(build(fallback));
    return 'conflict';
  } catch (error) {
    if (isConflict(error)) return 'duplicate';
    throw error;
  }
}
