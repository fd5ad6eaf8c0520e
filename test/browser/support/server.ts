import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { makeHarness, type Harness } from '../../helpers/harness';

export interface RunningApp {
  h: Harness;
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

/**
 * The app as `npm start` serves it, on a random loopback port: @hono/node-server over the test
 * harness (in-memory database, demo organisation, a fixed clock the sandbox can move).
 */
export async function startApp(options: Parameters<typeof makeHarness>[0] = {}): Promise<RunningApp> {
  const h = await makeHarness(options);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: h.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    h,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      h.close();
    },
  };
}
