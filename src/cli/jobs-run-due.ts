import { parseConfig } from '../config';
import { buildNodeDeps } from '../node/deps';
import type { Platform } from '../core/inbound';
import type { PlatformSender } from '../outbox/sender';
import { runScheduled } from '../workers/scheduled';
import type { CliCommand } from './types';

/**
 * `jobs run-due`: for a system cron instead of (or besides) the in-process scheduler — runs the jobs
 * due now and delivers the outbox, exactly what every wake-up does. Safe to run as often as you like:
 * each job is claimed once per Beijing date in the database, and every push has its dedupe key.
 */
export function jobsRunDue(options: { env?: () => Record<string, string | undefined>; senders?: Partial<Record<Platform, PlatformSender>> } = {}): CliCommand {
  return {
    path: ['jobs', 'run-due'],
    summary: '运行此刻到期的定时任务（每日提醒、预警、督办升级、通报等）并投递消息，供系统 cron 调用',
    usage: '（无参数）',
    positionals: [],
    details: [
      '读取与服务相同的环境变量（DATABASE_PATH、DAILY_PUSH_AT、平台凭据等）。',
      '每个任务每个北京日期只运行一次（数据库认领），重复运行、补跑都不会重复发送。',
      '',
      '系统 cron 示例（每 5 分钟，北京时间任意时区均可）：',
      '  */5 * * * * cd /srv/duban && npm run cli -- jobs run-due >> /var/log/duban-jobs.log 2>&1',
      '退出码：0 成功；1 有任务失败（已释放认领，下次运行时重试）。',
    ],
    async run(ctx) {
      const config = parseConfig((options.env ?? (() => process.env))());
      const db = await ctx.db();
      const pending: Promise<unknown>[] = [];
      const deps = buildNodeDeps(config, db, { now: () => ctx.now }, (task) => void pending.push(task()), options.senders);
      const report = await runScheduled(deps, ctx.now);
      await Promise.allSettled(pending);
      const lines = report.jobs.map((j) => `- ${j.job}（${j.date}）：${j.result}`);
      ctx.out(
        [
          report.jobs.length ? `已运行 ${report.jobs.length} 个任务：\n${lines.join('\n')}` : '此刻没有到期的任务（或今天已运行过）。',
          `投递：成功 ${report.delivery.sent}，失败 ${report.delivery.failed}，待重试 ${report.delivery.retrying}，限流顺延 ${report.delivery.deferred}。`,
        ].join('\n'),
      );
      return 0;
    },
  };
}

export const jobsRunDueCommand = jobsRunDue();
