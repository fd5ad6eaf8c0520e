/**
 * The production webhook under load: `createApp` served by `@hono/node-server`, as `src/node.ts`
 * serves it, on the dependencies of server-env.ts. Listens on an ephemeral port and tells the parent.
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app';
import { cpuMicros, reportFailure, serveParent } from '../lib/child';
import { benchDeps } from './server-env';

async function main() {
  const env = await benchDeps();
  const app = createApp(() => env.deps);
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
    process.send!({ type: 'ready', port: info.port });
  });
  serveParent({ counts: async () => ({ ...(await env.counts()), cpuMicros: cpuMicros() }) }, async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    env.cleanup();
  });
}

main().catch(reportFailure);
