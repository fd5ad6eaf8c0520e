import { createApp } from './app';
import { adminApi } from './workers/admin';
import { workerDeps } from './workers/deps';
import { configProblem, type ExecutionContext, type ScheduledController, type WorkerEnv } from './workers/env';
import { runScheduled } from './workers/scheduled';
import { useWorkerLogger } from './workers/logger';
import { log } from './log';
import { noteJobRuns } from './metrics';

/**
 * Workers entry: the same app as Node on D1, dependencies built from the bindings (src/workers/deps.ts),
 * plus the admin API that loads the directory and the calendar onto D1. No business logic here.
 */
const app = createApp((c) => workerDeps(c.env as WorkerEnv, c.executionCtx));
app.route('/admin', adminApi());

export default {
  fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext) {
    useWorkerLogger(env.LOG_LEVEL as string | undefined);
    return configProblem(env) ?? app.fetch(request, env, ctx);
  },
  /** Every Cron Trigger (wrangler.toml): jobs due at the trigger's time, then the outbox sweep. */
  async scheduled(controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext) {
    useWorkerLogger(env.LOG_LEVEL as string | undefined);
    const report = await runScheduled(workerDeps(env, ctx), new Date(controller.scheduledTime));
    noteJobRuns(report.jobs);
    log().info({ event: 'cron', cron: controller.cron, delivery: report.delivery }, 'scheduled run');
  },
};
