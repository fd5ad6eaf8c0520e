import type { Card, Message, Recipient } from '../core/messages';
import type { Directory } from '../core/org/directory';
import type { Platform } from '../core/inbound';
import type { RateLimits } from './rate-limit';

/** A failure the outbox should not retry (bot not in chat, user blocked the bot, no platform id…). */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

/**
 * A failure worth retrying later; `retryAfterMs` when the platform said how long to wait (429).
 * `scope` says whom the wait is for: the whole app (a 429 pauses every send of the platform) or
 * only this recipient (DingTalk's flow control of one user).
 */
export class RetryableDeliveryError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    readonly scope: 'app' | 'recipient' = 'app',
  ) {
    super(message);
    this.name = 'RetryableDeliveryError';
  }
}

/**
 * Someone the platform knows but the directory does not (an unregistered account writing to the
 * bot): only ever answered, never pushed to. `platformUserId` is the platform's own id (Feishu open_id).
 */
export interface PlatformUser {
  type: 'platform_user';
  platformUserId: string;
}

/** Where the outbox delivers: a directory recipient, or an account outside the directory. */
export type DeliveryRecipient = Recipient | PlatformUser;

export const toPlatformUser = (platformUserId: string): PlatformUser => ({ type: 'platform_user', platformUserId });

/** The id stored in `outbox.recipient_id` for each kind of recipient. */
export function recipientIdOf(to: DeliveryRecipient): string {
  if (to.type === 'person') return to.personId;
  if (to.type === 'unit_chat') return to.unitId;
  return to.platformUserId;
}

export interface SendRequest {
  to: DeliveryRecipient;
  dir: Directory;
  message: Message;
  /** The outbox dedupe key: platforms that dedupe server-side (Feishu `uuid`) receive it. */
  dedupeKey: string;
  /** The platform message this answers (Feishu: reply API, so the answer lands in the same chat). */
  replyTo?: string;
  urgent: boolean;
}

/** One request's part of a batch: what it delivered, or why not (a Permanent/RetryableDeliveryError). */
export type BatchAnswer = { messageId: string } | { error: Error };

/** One platform's delivery: the outbox calls it; it knows the platform's API, nothing of the domain. */
export interface PlatformSender {
  platform: Platform;
  send(request: SendRequest): Promise<{ messageId: string }>;
  /**
   * The same message to several people in as few calls as the platform allows (DingTalk batchSend).
   * The drain groups due rows carrying one message, up to `batchSize`, and settles each request by
   * its own answer, given in the order of the requests.
   */
  sendBatch?(requests: SendRequest[]): Promise<BatchAnswer[]>;
  batchSize?: number;
  /** Replace a card already sent (Feishu PATCH, DingTalk card update, sandbox in place). */
  update(messageId: string, card: Card): Promise<void>;
  /**
   * Mark a message already sent to a person as urgent (Feishu 加急). Platforms without it flag
   * urgency in the message itself and leave this out.
   */
  urgent?(messageId: string, to: Recipient, dir: Directory): Promise<void>;
  /** The platform's published rate limits; the drain defers rows that would exceed them. */
  limits?: RateLimits;
  /** How long after sending a card can still be updated (Feishu: 14 days); older ones are left alone. */
  cardsUpdatableForMs?: number;
  /**
   * A file or picture someone sent the bot (佐证材料): Feishu's message resource, DingTalk's
   * downloadCode. More than `maxBytes` answers `tooLarge` without reading the rest. Failures are
   * Permanent/RetryableDeliveryErrors, as for sending.
   */
  download?(resource: PlatformResource, maxBytes: number): Promise<Downloaded>;
}

export interface PlatformResource {
  /** The message the file came in (Feishu needs it with the key). */
  messageId: string;
  /** Feishu image_key / file_key; DingTalk downloadCode. */
  key: string;
  type: 'image' | 'file';
}

export type Downloaded = { bytes: Uint8Array } | { tooLarge: number };

/** Reads a response body up to `maxBytes`: a larger one (by its length header or as it streams) is cut short. */
export async function readBounded(response: Response, maxBytes: number): Promise<Downloaded> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    return { tooLarge: declared };
  }
  const reader = response.body?.getReader();
  if (!reader) return { bytes: new Uint8Array() };
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return { tooLarge: size };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return { bytes };
}
