import { eq } from 'drizzle-orm';
import type { AppDb } from '../../../db/types';
import { dingtalkSignaturePairs } from '../../../db/schema';
import { log } from '../../log';
import { MAX_SKEW_MS } from './verify';

/**
 * DingTalk signs only the timestamp (receive-message, event-callback-card), so whoever captures one
 * request holds a `timestamp`/`sign` pair that verifies any body, as any sender, for an hour. Each pair
 * is therefore accepted for the one body it first came with: the same body again is DingTalk
 * redelivering (deduplicated downstream), another body is a forgery. Two genuine messages signed in the
 * same millisecond would also be refused — rare, and DingTalk retries with a new timestamp.
 * Stream mode avoids the problem altogether (docs/dingtalk.md).
 */

export type Route = 'robot' | 'card';

export async function sha256Hex(text: string, bytes = 32): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest.slice(0, bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** True when this pair is new or came with this very body before; false (and logged) when it signed another body. */
export async function claimSignaturePair(
  db: AppDb,
  request: { route: Route; timestamp: string; signature: string; rawBody: string; messageId: string },
): Promise<boolean> {
  const pair = `${request.route}:${request.timestamp}:${request.signature}`;
  const bodyHash = await sha256Hex(request.rawBody);
  const claimed = await db
    .insert(dingtalkSignaturePairs)
    .values({ pair, bodyHash, messageId: request.messageId, expiresAt: new Date(Number(request.timestamp) + MAX_SKEW_MS) })
    .onConflictDoNothing()
    .returning({ pair: dingtalkSignaturePairs.pair });
  if (claimed.length) return true;
  const [first] = await db.select().from(dingtalkSignaturePairs).where(eq(dingtalkSignaturePairs.pair, pair));
  if (!first || first.bodyHash === bodyHash) return true;
  // Error level: a forgery, or a request captured on its way here.
  log().error(
    {
      platform: 'dingtalk',
      refused: `${request.route} signature pair reused with another body`,
      timestamp: request.timestamp,
      firstMessageId: first.messageId,
      messageId: request.messageId,
    },
    'dingtalk request refused',
  );
  return false;
}
