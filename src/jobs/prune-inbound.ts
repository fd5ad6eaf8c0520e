import { lt } from 'drizzle-orm';
import { inboundEvents } from '../../db/schema';
import type { Job } from './scheduler';

/** Feishu retries for about 7.1 hours; keep dedupe keys a day to be safe, then drop them. */
export const INBOUND_KEY_TTL_MS = 24 * 3_600_000;

export const pruneInboundEvents: Job = {
  name: 'prune-inbound-events',
  at: () => '03:00',
  isDue: () => true,
  async run({ db, now }) {
    const removed = await db.delete(inboundEvents).where(lt(inboundEvents.receivedAt, new Date(now.getTime() - INBOUND_KEY_TTL_MS))).returning({ key: inboundEvents.key });
    return `removed ${removed.length} dedupe keys`;
  },
};
