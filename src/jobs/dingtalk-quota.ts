import { atomic, expectChanged, isConflict } from '../../db/atomic';
import { dingtalkQuotaWarnings } from '../../db/schema';
import { newEffects } from '../core/effects';
import { text, toPerson } from '../core/messages';
import { loadDirectory } from '../core/org/directory';
import { hasRole } from '../core/org/types';
import { localTime } from '../core/time';
import { outboxStatements } from '../outbox/enqueue';
import { callsThisMonth, quotaMonth } from '../platforms/dingtalk/quota';
import type { Job, JobContext } from './scheduler';

/**
 * The government office runs supervision and watches delivery (Art. 36): it is told once a month at
 * each threshold of the DingTalk quota this service has used. The meter in the DingTalk client only
 * counts; this job reads the count every hour of the working day, so a warning is an ordinary
 * reminder — written with its pushes in one transaction, delivered by the outbox like any other.
 */
export const QUOTA_WARNING_PERCENTS = [80, 95] as const;

/** Hours (Beijing) the count is looked at: a threshold crossed at night is told at 08:00. */
const FIRST_HOUR = '08:00';
const LAST_HOUR = '20';

export function quotaWarningText(month: string, calls: number, quota: number, percent: number): string {
  const [year, mm] = month.split('-');
  return (
    `【钉钉接口额度提醒】${year}年${Number(mm)}月本服务已调用钉钉接口 ${calls} 次，达到月额度 ${quota} 次的 ${percent}%（本服务自行统计，不含本单位其他钉钉应用）。` +
    '额度用尽后，钉钉上的提醒、卡片和回复将无法送达，直至下月 1 日。' +
    '建议减少非必要推送，或升级钉钉专业版后调整 DINGTALK_MONTHLY_QUOTA。'
  );
}

export const dingtalkQuotaJob: Job = {
  name: 'dingtalk-quota',
  title: '钉钉接口额度检查',
  slot: (ctx) => localTime(ctx.now).slice(0, 2),
  at: () => FIRST_HOUR,
  isDue: (ctx) => ctx.settings.dingtalkMonthlyQuota !== undefined && localTime(ctx.now).slice(0, 2) <= LAST_HOUR,
  run: warnOfQuota,
};

async function warnOfQuota(ctx: JobContext): Promise<string> {
  const quota = ctx.settings.dingtalkMonthlyQuota!;
  const month = quotaMonth(ctx.now);
  const calls = await callsThisMonth(ctx.db, ctx.now);
  const reached = QUOTA_WARNING_PERCENTS.filter((percent) => calls >= Math.ceil((quota * percent) / 100));
  const told: number[] = [];
  for (const percent of reached) if (await warnOffice(ctx, { month, percent, calls, quota })) told.push(percent);
  return `${calls}/${quota} calls in ${month}${told.length ? `; warned at ${told.join(', ')} %` : ''}`;
}

/** One warning per (month, threshold): a second run, or another worker, finds it already written. */
async function warnOffice(ctx: JobContext, warning: { month: string; percent: number; calls: number; quota: number }): Promise<boolean> {
  const dir = await loadDirectory(ctx.db);
  const office = dir.officeUnit('gov_office');
  const staff = (office ? dir.members(office.id) : dir.people).filter((p) => hasRole(p, 'office_staff'));
  const effects = newEffects();
  const message = text(quotaWarningText(warning.month, warning.calls, warning.quota, warning.percent));
  effects.pushes.push(...staff.map((p) => ({ to: toPerson(p.id), message, key: `dingtalk-quota:${warning.month}:${warning.percent}:${p.id}` })));
  try {
    await atomic(ctx.db, [
      ctx.db
        .insert(dingtalkQuotaWarnings)
        .values({ month: warning.month, percent: warning.percent, calls: warning.calls, warnedAt: ctx.now })
        .onConflictDoNothing(),
      expectChanged(ctx.db),
      ...outboxStatements(ctx.db, effects, { now: ctx.now, pushPlatforms: ctx.pushPlatforms }),
    ]);
    return true;
  } catch (error) {
    if (isConflict(error)) return false;
    throw error;
  }
}
