import type { Card, Message, Recipient } from '../core/messages';
import type { Directory } from '../core/org/directory';
import type { Platform } from '../core/inbound';

/** A failure the outbox should not retry (bot not in chat, user blocked the bot, no platform id…). */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

/** A failure worth retrying later; `retryAfterMs` when the platform said how long to wait (429). */
export class RetryableDeliveryError extends Error {
  constructor(message: string, readonly retryAfterMs?: number) {
    super(message);
    this.name = 'RetryableDeliveryError';
  }
}

export interface SendRequest {
  to: Recipient;
  dir: Directory;
  message: Message;
  /** The outbox dedupe key: platforms that dedupe server-side (Feishu `uuid`) receive it. */
  dedupeKey: string;
  replyTo?: string;
  urgent: boolean;
}

/** One platform's delivery: the outbox calls it; it knows the platform's API, nothing of the domain. */
export interface PlatformSender {
  platform: Platform;
  send(request: SendRequest): Promise<{ messageId: string }>;
  /** Replace a card already sent (Feishu PATCH, DingTalk card update, sandbox in place). */
  update(messageId: string, card: Card): Promise<void>;
}
