/**
 * The production webhook WITH delivery, as `npm start` runs it: `createApp` on @hono/node-server, the
 * deferred drain after each answer (src/node.ts's `defer`) and the early-wake sweeper, the Feishu
 * sender pointed at the rate-limited fake (BENCH_FAKE_URL). The generated organisation (BENCH_ORG=large).
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { count, eq } from 'drizzle-orm';
import { outbox } from '../../db/schema';
import { createApp } from '../../src/app';
import { startSweeper } from '../../src/outbox/sweeper';
import { cpuMicros, reportFailure, serveParent } from '../lib/child';
import { benchDeps } from '../webhook/server-env';

async function main() {
  const pending = new Set<Promise<unknown>>();
  // As src/node.ts: the drain starts after the response is handed back, never on its path.
  const defer = (task: () => Promise<unknown>) => {
    const p = new Promise((resolve) => setImmediate(resolve))
      .then(task)
      .catch((error) => console.error('deferred task failed', error))
      .finally(() => pending.delete(p));
    pending.add(p);
  };
  const env = await benchDeps({ feishuBaseUrl: process.env.BENCH_FAKE_URL!, defer });
  const sweeper = startSweeper(env.deps);
  // How long the event loop was held at a time: our own work, as opposed to the machine's scheduling.
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const app = createApp(() => env.deps);
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
    process.send!({ type: 'ready', port: info.port });
  });
  const byStatus = async (status: 'pending' | 'failed') => (await env.deps.db.select({ n: count() }).from(outbox).where(eq(outbox.status, status)))[0]!.n;
  serveParent(
    {
      counts: async () => ({
        ...(await env.counts()),
        pending: await byStatus('pending'),
        failed: await byStatus('failed'),
        cpuMicros: cpuMicros(),
        loopDelayMs: { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
      }),
      resetLoopDelay: () => {
        loopDelay.reset();
        return {};
      },
    },
    async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sweeper.stop();
      await Promise.allSettled([...pending]);
      env.cleanup();
    },
  );
}

main().catch(reportFailure);
