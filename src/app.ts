import { Hono, type Context } from 'hono';
import { requestId } from 'hono/request-id';
import type { AppDeps, AppEnv } from './app-env';
import { sandboxApi } from './platforms/sandbox/api';
import { dingtalkWebhook } from './platforms/dingtalk/webhook';
import { feishuWebhook } from './platforms/feishu/webhook';
import type { ConnectionStatus } from './platforms/feishu/long-connection';
import { sandboxPageRoutes } from './web/sandbox/routes';
import { officeRoutes } from './web/office/routes';
import { ledgerExportRoutes } from './export/routes';
import { databaseWriteProblem } from '../db/write-probe';
import { errorFields, log } from './log';
import { inboundObserver, metricsRoutes } from './metrics-routes';

/**
 * The HTTP app: routes only, every dependency injected. The same factory serves Node and Workers;
 * a platform whose credentials are absent is simply not mounted.
 */
export function createApp(resolveDeps: (c: Context<AppEnv>) => AppDeps) {
  const app = new Hono<AppEnv>();
  // Every log line about a request carries its id (X-Request-Id from a proxy, else a new one; echoed back).
  app.use(requestId());
  app.use(async (c, next) => {
    c.set('deps', resolveDeps(c));
    await next();
  });
  // Healthy means able to write: a read-only database would fail every command with 500.
  // How Feishu events arrive is shown too: `webhook`, or the long connection's state (docs/feishu-long-connection.md).
  app.get('/healthz', async (c) => {
    const deps = c.get('deps');
    const connections = deps.connections?.();
    const writeProblem = await databaseWriteProblem(deps.db);
    const problem = writeProblem ? `数据库无法写入：${writeProblem}` : feishuConnectionProblem(connections?.feishu);
    const feishu = deps.config.feishu ? { feishu: connections?.feishu ?? { mode: deps.config.feishu.mode } } : {};
    const body = { ...feishu, ...(connections ? { connections } : {}) };
    return problem ? c.json({ ok: false, error: problem, ...body }, 503) : c.json({ ok: true, ...body });
  });
  // GET /metrics: Prometheus text, behind METRICS_TOKEN (docs/operations.md).
  app.route('/metrics', metricsRoutes());
  // One log line and one count per inbound event: platform webhooks and the sandbox's chat.
  app.on('POST', ['/webhooks/*', '/sandbox/api/messages', '/sandbox/api/actions'], inboundObserver());
  app.get('/', (c) => c.redirect(resolveDeps(c).config.sandbox ? '/sandbox' : '/healthz'));

  app.use('/sandbox/*', async (c, next) => {
    if (!c.get('deps').config.sandbox) return c.json({ error: '沙盒未启用（已配置平台时须设置 SANDBOX=1）' }, 404);
    await next();
  });
  // GET /sandbox: the chat page; /sandbox/ui/*: its feed, clock and job endpoints (src/web/sandbox).
  app.route('/sandbox', sandboxPageRoutes());
  app.route('/sandbox/api', sandboxApi());
  // POST /webhooks/dingtalk and /webhooks/dingtalk/card; answers 404 unless DingTalk is configured.
  app.route('/webhooks/dingtalk', dingtalkWebhook());
  // POST /webhooks/feishu: events and card callbacks; answers 404 unless Feishu is configured.
  app.route('/webhooks/feishu', feishuWebhook());
  // /exports/ledger.xlsx|csv?token=…: one-time ledger download for office staff (links from /台账 导出).
  app.route('/exports', ledgerExportRoutes());
  // /office: the dashboard for 区政府办 and leaders (sign-in: sandbox person or Feishu web login).
  app.route('/office', officeRoutes());

  app.onError((error, c) => {
    log().error({ requestId: c.get('requestId'), path: c.req.path, ...errorFields(error) }, 'request failed');
    return c.json({ error: '服务内部错误，请稍后重试' }, 500);
  });
  return app;
}

/**
 * A Feishu long connection the SDK gave up on (App Secret refused, connection limit reached) receives
 * nothing until a restart connects, so it makes the service unhealthy. Connecting and reconnecting
 * sockets recover by themselves and are only reported, as are DingTalk Stream's states.
 */
function feishuConnectionProblem(status: unknown): string | undefined {
  const link = status as Partial<ConnectionStatus> | undefined;
  if (link?.state !== 'failed') return undefined;
  return `飞书长连接已断开，正在按退避重试：${link.error ?? '原因未知'}（排查见 docs/feishu-long-connection.md）`;
}
