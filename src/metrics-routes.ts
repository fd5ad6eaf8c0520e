import { count, isNotNull, max, min, eq } from 'drizzle-orm';
import { Hono, type MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'hono/utils/buffer';
import type { AppDb } from '../db/types';
import { jobRuns, outbox } from '../db/schema';
import type { AppEnv } from './app-env';
import { realClockOf } from './core/adjustable-clock';
import { noteInbound, processFamilies, renderFamilies, type Family } from './metrics';

/** Platform of an inbound path: /webhooks/feishu → feishu, /sandbox/api/messages → sandbox. */
function platformOf(path: string): string {
  return /^\/webhooks\/([a-z]+)/.exec(path)?.[1] ?? (path.startsWith('/sandbox/') ? 'sandbox' : 'unknown');
}

/** One log line and one count per inbound request, with its outcome read from the status it got. */
export function inboundObserver(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      // An error thrown past onError still ends as a 500.
      const status = c.res?.status ?? 500;
      noteInbound({ platform: platformOf(c.req.path), status, ms: performance.now() - started, requestId: c.get('requestId'), path: c.req.path });
    }
  };
}

/** The families read from the database: the same figures from every process, Node or Workers. */
async function databaseFamilies(db: AppDb, now: Date): Promise<Family[]> {
  const byStatus = await db.select({ status: outbox.status, n: count() }).from(outbox).groupBy(outbox.status);
  const [oldest] = await db
    .select({ at: min(outbox.createdAt) })
    .from(outbox)
    .where(eq(outbox.status, 'pending'));
  const runs = await db
    .select({ job: jobRuns.job, n: count(), last: max(jobRuns.finishedAt) })
    .from(jobRuns)
    .where(isNotNull(jobRuns.finishedAt))
    .groupBy(jobRuns.job)
    .orderBy(jobRuns.job);
  const statusCount = (status: string) => byStatus.find((r) => r.status === status)?.n ?? 0;
  const oldestAt = oldest?.at ? new Date(oldest.at).getTime() : undefined;
  return [
    {
      name: 'duban_outbox_messages',
      help: 'Outbox rows by status (pending: not delivered yet; failed: gave up, shown on the dashboard).',
      type: 'gauge',
      samples: (['pending', 'failed', 'sent'] as const).map((status) => ({ labels: { status }, value: statusCount(status) })),
    },
    {
      name: 'duban_outbox_oldest_pending_seconds',
      help: 'Age of the oldest pending outbox row (0 when none).',
      type: 'gauge',
      samples: [{ value: oldestAt === undefined ? 0 : Math.max(0, (now.getTime() - oldestAt) / 1000) }],
    },
    {
      name: 'duban_job_runs_total',
      help: 'Finished runs of each scheduled job (one per job, slot and Beijing date).',
      type: 'counter',
      samples: runs.map((r) => ({ labels: { job: r.job }, value: r.n })),
    },
    {
      name: 'duban_job_last_run_timestamp_seconds',
      help: 'When each scheduled job last finished (Unix seconds).',
      type: 'gauge',
      samples: runs.map((r) => ({ labels: { job: r.job }, value: r.last ? new Date(r.last).getTime() / 1000 : 0 })),
    },
  ];
}

/**
 * GET /metrics: Prometheus text format, for a scraper holding METRICS_TOKEN (`Authorization: Bearer …`).
 * Unset, the route does not exist (404), so a public deployment shows nothing by default.
 */
export function metricsRoutes() {
  const routes = new Hono<AppEnv>();
  routes.get('/', async (c) => {
    const deps = c.get('deps');
    const token = deps.config.metricsToken;
    if (!token) return c.text('404 Not Found', 404);
    const given = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim();
    if (!given || !(await timingSafeEqual(given, token))) {
      return c.text('指标口令无效：请在请求头中携带 Authorization: Bearer <METRICS_TOKEN>\n', 401, { 'WWW-Authenticate': 'Bearer realm="metrics"' });
    }
    // The real time: a sandbox clock shifted for a demo must not age the outbox.
    const now = realClockOf(deps.clock).now();
    const body = renderFamilies([...processFamilies(), ...(await databaseFamilies(deps.db, now))]);
    return c.text(body, 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
  });
  return routes;
}
