import { lt } from 'drizzle-orm';
import { dingtalkSignaturePairs, inboundEvents } from '../../db/schema';
import type { Job } from './scheduler';

/** Feishu retries for about 7.1 hours; keep dedupe keys a day to be safe, then drop them. */
export const INBOUND_KEY_TTL_MS = 24 * 3_600_000;

export const pruneInboundEvents: Job = {
  name: 'prune-inbound-events',
  title: '清理过期的入站记录',
  at: () => '03:00',
  isDue: () => true,
  async run({ db, now }) {
    const removed = await db
      .delete(inboundEvents)
      .where(lt(inboundEvents.receivedAt, new Date(now.getTime() - INBOUND_KEY_TTL_MS)))
      .returning({ key: inboundEvents.key });
    // A DingTalk signature pair past its window is refused as stale anyway (signature-pairs.ts).
    const pairs = await db.delete(dingtalkSignaturePairs).where(lt(dingtalkSignaturePairs.expiresAt, now)).returning({ pair: dingtalkSignaturePairs.pair });
    return `removed ${removed.length} dedupe keys and ${pairs.length} DingTalk signature pairs`;
  },
};
