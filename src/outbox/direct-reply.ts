import type { AppDb } from '../../db/types';
import { atomic, expectChanged, isConflict } from '../../db/atomic';
import { inboundEvents } from '../../db/schema';
import { newEffects } from '../core/effects';
import type { Platform } from '../core/inbound';
import type { Message } from '../core/messages';
import { outboxStatements } from './enqueue';
import type { DeliveryRecipient } from './sender';

export interface DirectReply {
  platform: Platform;
  /** The inbound event's dedupe key (same key space as commands: a redelivery is a no-op). */
  dedupeKey: string;
  to: DeliveryRecipient;
  /** The platform message answered, when there is one (a menu click has none). */
  replyTo?: string;
  message: Message;
  now: Date;
}

/**
 * Answers an inbound event that runs no command (an unregistered sender, a picture instead of a
 * command): the dedupe key and one outbox reply in one atomic unit, so a redelivered event is
 * answered once and nothing else is written.
 */
export async function enqueueDirectReply(db: AppDb, reply: DirectReply): Promise<'committed' | 'duplicate'> {
  const key = `${reply.platform}:${reply.dedupeKey}`;
  const effects = newEffects();
  effects.replies.push({ message: reply.message });
  try {
    await atomic(db, [
      db.insert(inboundEvents).values({ key, platform: reply.platform, receivedAt: reply.now }).onConflictDoNothing(),
      expectChanged(db),
      ...outboxStatements(db, effects, {
        now: reply.now,
        pushPlatforms: [],
        reply: { platform: reply.platform, to: reply.to, replyTo: reply.replyTo, keyPrefix: key },
      }),
    ]);
    return 'committed';
  } catch (error) {
    if (isConflict(error)) return 'duplicate';
    throw error;
  }
}
