import { eq, sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/types';
import { dingtalkApiUsage } from '../../../db/schema';
import { localDate, type Clock } from '../../core/time';

/**
 * The free 标准版 allows 5 000 metered OpenAPI calls a month per organisation (robot sends and cards
 * included, tokens exempt; over it DingTalk answers 90020 until next month).
 * Every call this service makes is counted per Beijing month; the meter only counts — telling the
 * government office is the hourly reminder job src/jobs/dingtalk-quota.ts.
 */
export interface QuotaDeps {
  db: AppDb;
  clock: Clock;
}

/** `YYYY-MM` in Beijing time: DingTalk counts by natural month. */
export function quotaMonth(at: Date): string {
  return localDate(at).slice(0, 7);
}

/** Counts one metered call, in one statement. */
export function quotaMeter(deps: QuotaDeps): () => Promise<void> {
  return async () => {
    const now = deps.clock.now();
    await deps.db
      .insert(dingtalkApiUsage)
      .values({ month: quotaMonth(now), calls: 1, updatedAt: now })
      .onConflictDoUpdate({ target: dingtalkApiUsage.month, set: { calls: sql`${dingtalkApiUsage.calls} + 1`, updatedAt: now } });
  };
}

/** This month's count so far (the quota job, the CLI and tests). */
export async function callsThisMonth(db: AppDb, at: Date): Promise<number> {
  const rows = await db
    .select({ calls: dingtalkApiUsage.calls })
    .from(dingtalkApiUsage)
    .where(eq(dingtalkApiUsage.month, quotaMonth(at)));
  return rows[0]?.calls ?? 0;
}
