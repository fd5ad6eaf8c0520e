import { eq, sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/types';
import { atomic, expectChanged, isConflict } from '../../../db/atomic';
import { dingtalkApiUsage, dingtalkQuotaWarnings } from '../../../db/schema';
import { newEffects } from '../../core/effects';
import type { Platform } from '../../core/inbound';
import { text, toPerson } from '../../core/messages';
import type { Directory } from '../../core/org/directory';
import { hasRole } from '../../core/org/types';
import { localDate, type Clock } from '../../core/time';
import { outboxStatements } from '../../outbox/enqueue';

/**
 * The free 标准版 allows 5 000 metered OpenAPI calls a month per organisation (robot sends and cards
 * included, tokens exempt; over it DingTalk answers 90020 until next month — dingtalk.md §3, §8).
 * Every call this service makes is counted per Beijing month, and the government office (which runs
 * supervision and watches delivery, Art. 36) is told once per month at each threshold.
 */
export const QUOTA_WARNING_PERCENTS = [80, 95] as const;

export interface QuotaDeps {
  db: AppDb;
  clock: Clock;
  monthlyQuota: number;
  /** Where the warning goes out (every mounted platform). */
  pushPlatforms(): readonly Platform[];
  loadDirectory(): Promise<Directory>;
}

/** `YYYY-MM` in Beijing time: DingTalk counts by natural month. */
export function quotaMonth(at: Date): string {
  return localDate(at).slice(0, 7);
}

export function quotaWarningText(month: string, calls: number, quota: number, percent: number): string {
  const [year, mm] = month.split('-');
  return `【钉钉接口额度提醒】${year}年${Number(mm)}月本服务已调用钉钉接口 ${calls} 次，达到月额度 ${quota} 次的 ${percent}%（本服务自行统计，不含本单位其他钉钉应用）。`
    + '额度用尽后，钉钉上的提醒、卡片和回复将无法送达，直至下月 1 日。'
    + '建议减少非必要推送，或升级钉钉专业版后调整 DINGTALK_MONTHLY_QUOTA。';
}

/** Counts one metered call and, on crossing a threshold, queues the office's warning in the same breath. */
export function quotaMeter(deps: QuotaDeps): () => Promise<void> {
  const announced = new Set<string>();
  return async () => {
    const now = deps.clock.now();
    const month = quotaMonth(now);
    const [row] = await deps.db.insert(dingtalkApiUsage).values({ month, calls: 1, updatedAt: now })
      .onConflictDoUpdate({ target: dingtalkApiUsage.month, set: { calls: sql`${dingtalkApiUsage.calls} + 1`, updatedAt: now } })
      .returning({ calls: dingtalkApiUsage.calls });
    const calls = row?.calls ?? 0;
    for (const percent of QUOTA_WARNING_PERCENTS) {
      const key = `${month}:${percent}`;
      if (announced.has(key) || calls < Math.ceil((deps.monthlyQuota * percent) / 100)) continue;
      await warnOffice(deps, { month, percent, calls, now });
      announced.add(key);
    }
  };
}

async function warnOffice(deps: QuotaDeps, warning: { month: string; percent: number; calls: number; now: Date }): Promise<void> {
  const dir = await deps.loadDirectory();
  const office = dir.officeUnit('gov_office');
  const staff = (office ? dir.members(office.id) : dir.people).filter((p) => hasRole(p, 'office_staff'));
  const effects = newEffects();
  const message = text(quotaWarningText(warning.month, warning.calls, deps.monthlyQuota, warning.percent));
  effects.pushes.push(...staff.map((p) => ({ to: toPerson(p.id), message, key: `dingtalk-quota:${warning.month}:${warning.percent}:${p.id}` })));
  try {
    await atomic(deps.db, [
      deps.db.insert(dingtalkQuotaWarnings).values({ month: warning.month, percent: warning.percent, calls: warning.calls, warnedAt: warning.now }).onConflictDoNothing(),
      expectChanged(deps.db),
      ...outboxStatements(deps.db, effects, { now: warning.now, pushPlatforms: deps.pushPlatforms() }),
    ]);
  } catch (error) {
    if (!isConflict(error)) throw error; // another worker announced it first
  }
}

/** This month's count so far (for the CLI and tests). */
export async function callsThisMonth(db: AppDb, at: Date): Promise<number> {
  const rows = await db.select({ calls: dingtalkApiUsage.calls }).from(dingtalkApiUsage).where(eq(dingtalkApiUsage.month, quotaMonth(at)));
  return rows[0]?.calls ?? 0;
}
