import { and, eq } from 'drizzle-orm';
import type { AppDb } from '../../../db/types';
import { sandboxMessages } from '../../../db/schema';
import type { Card } from '../../core/messages';
import type { Clock } from '../../core/time';
import { PermanentDeliveryError, type PlatformSender, type SendRequest } from '../../outbox/sender';

/** Deterministic id per outbox dedupe key, so a re-sent row lands on the same message (like Feishu `uuid`). */
async function messageIdFor(dedupeKey: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(dedupeKey)));
  return `sb_${Array.from(digest.slice(0, 10), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The sandbox "platform": delivery is a row in sandbox_messages that the sandbox page shows. */
export function sandboxSender(db: AppDb, clock: Clock): PlatformSender {
  return {
    platform: 'sandbox',
    async send(request: SendRequest) {
      const { to, dir } = request;
      if (to.type === 'platform_user') throw new PermanentDeliveryError('沙盒只向通讯录中的人员和单位群发送消息');
      if (to.type === 'person' && !dir.person(to.personId)) throw new PermanentDeliveryError(`通讯录中没有人员 ${to.personId}`);
      if (to.type === 'unit_chat' && !dir.unit(to.unitId)) throw new PermanentDeliveryError(`通讯录中没有单位 ${to.unitId}`);
      const id = await messageIdFor(request.dedupeKey);
      const now = clock.now();
      await db
        .insert(sandboxMessages)
        .values({
          id,
          recipientType: to.type,
          recipientId: to.type === 'person' ? to.personId : to.unitId,
          payload: request.message,
          urgent: request.urgent,
          sentAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing();
      return { messageId: id };
    },
    async update(messageId: string, card: Card) {
      await db
        .update(sandboxMessages)
        .set({ payload: { kind: 'card', card }, updatedAt: clock.now() })
        .where(and(eq(sandboxMessages.id, messageId)));
    },
  };
}
