/**
 * Webhook throughput and latency: ours (Hono + @hono/node-server), the SDK peer (adaptDefault +
 * EventDispatcher), and the /healthz ceiling — each server in its own child process, one at a time,
 * loaded by autocannon from this process.
 *
 * Every request is a distinct message (its own message_id, so dedupe never short-circuits). The
 * bodies are encrypted and signed BEFORE the clock starts and handed out by `setupRequest` from a
 * shared pool, so the load generator only copies bytes during the run; a run that outpaces the pool
 * signs further requests on the fly, and says how many.
 */
import autocannon from 'autocannon';
import { startChild } from '../lib/child';
import { signedRequest, type MessageSpec, type SignedRequest } from './feishu-payloads';
import { BENCH_FEISHU } from './server-env';

export interface LoadFigures {
  requests: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface WebhookFigures {
  command: string;
  connections: number;
  durationSec: number;
  generation: 'precomputed pool' | 'precomputed pool + signed on the fly';
  poolSize: number;
  signedOnTheFly: number;
  ours: LoadFigures & { rowsWritten: { inbound: number; outbox: number } };
  peer: LoadFigures & { rowsWritten: { inbound: number; outbox: number } };
  ceiling: LoadFigures;
  ratios: { oursOverPeer: number; oursOverCeiling: number; peerOverCeiling: number };
}

export interface WebhookOptions {
  durationSec: number;
  connections: number;
  command: string;
  /** Demo-org person who sends the command (Feishu open_id). */
  openId: string;
  /** Requests assumed per second per server when sizing the pool. */
  expectedMaxRps: number;
  /** `node --cpu-prof` for the server children, written here. */
  profileDir?: string;
  log(line: string): void;
}

function figures(result: autocannon.Result): LoadFigures {
  return {
    requests: result.requests.total,
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

function load(url: string, options: Omit<autocannon.Options, 'url'>): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** Hands out distinct signed requests: the precomputed pool first, then freshly signed ones. */
function requestSource(spec: MessageSpec, pool: SignedRequest[]) {
  let next = 0;
  let onTheFly = 0;
  return {
    take(): SignedRequest {
      const i = next++;
      if (i < pool.length) return pool[i]!;
      onTheFly++;
      return signedRequest(spec, `om_bench_${i}`);
    },
    get used() {
      return next;
    },
    get onTheFly() {
      return onTheFly;
    },
  };
}

async function loadServer(
  name: 'ours' | 'peer',
  spec: MessageSpec,
  pool: SignedRequest[],
  options: WebhookOptions,
): Promise<{ figures: LoadFigures & { rowsWritten: { inbound: number; outbox: number } }; onTheFly: number; ok2xx: number }> {
  const script = new URL(`./server-${name}.ts`, import.meta.url);
  const child = startChild(script, { nodeArgs: options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}/${name}`] : [] });
  try {
    const { port } = (await child.ready) as { port: number };
    const source = requestSource(spec, pool);
    const requests = [{
      method: 'POST' as const,
      path: '/webhooks/feishu',
      setupRequest: (req: any) => {
        const signed = source.take();
        return { ...req, headers: { ...req.headers, ...signed.headers }, body: signed.body };
      },
    }];
    const url = `http://127.0.0.1:${port}`;
    // Warm-up (JIT, SQLite page cache, first directory load): not measured, but its rows are counted.
    const warm = await load(url, { connections: options.connections, duration: 1, requests });
    const result = await load(url, { connections: options.connections, duration: options.durationSec, requests });
    const rows = await child.request<{ inbound: number; outbox: number }>('counts');
    const ok2xx = warm['2xx'] + result['2xx'];
    // Every accepted request must have been a new message that ran the command; requests still in
    // flight when a run's clock stops (at most one per connection) are processed but not counted.
    if (rows.inbound < ok2xx || rows.inbound > ok2xx + 2 * options.connections) {
      throw new Error(`${name}: ${ok2xx} requests answered 2xx but ${rows.inbound} inbound rows written — requests were not distinct or not processed`);
    }
    options.log(`  ${name}: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms; ${ok2xx} answered 2xx, ${rows.inbound} inbound rows, ${rows.outbox} outbox rows`);
    return { figures: { ...figures(result), rowsWritten: { inbound: rows.inbound, outbox: rows.outbox } }, onTheFly: source.onTheFly, ok2xx };
  } finally {
    await child.stop();
  }
}

async function loadCeiling(options: WebhookOptions): Promise<LoadFigures> {
  const child = startChild(new URL('./server-ours.ts', import.meta.url));
  try {
    const { port } = (await child.ready) as { port: number };
    const url = `http://127.0.0.1:${port}/healthz`;
    await load(url, { connections: options.connections, duration: 1 });
    const result = await load(url, { connections: options.connections, duration: options.durationSec });
    options.log(`  ceiling: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
    return figures(result);
  } finally {
    await child.stop();
  }
}

export async function benchWebhook(options: WebhookOptions): Promise<WebhookFigures> {
  const spec: MessageSpec = {
    encryptKey: BENCH_FEISHU.encryptKey,
    verificationToken: BENCH_FEISHU.verificationToken,
    openId: options.openId,
    text: options.command,
    timestamp: String(Math.floor(Date.now() / 1000)),
  };
  // Sized for the warm-up second plus the run at `expectedMaxRps`; one pool serves both servers
  // (each has its own database, so the same message ids are new to each).
  const poolSize = Math.ceil((options.durationSec + 1) * options.expectedMaxRps);
  const t = performance.now();
  const pool = Array.from({ length: poolSize }, (_, i) => signedRequest(spec, `om_bench_${i}`));
  options.log(`  signed and encrypted ${poolSize} distinct requests in ${((performance.now() - t) / 1000).toFixed(1)} s (before any clock starts)`);

  const ours = await loadServer('ours', spec, pool, options);
  const peer = await loadServer('peer', spec, pool, options);
  const ceiling = await loadCeiling(options);
  const signedOnTheFly = ours.onTheFly + peer.onTheFly;
  return {
    command: options.command,
    connections: options.connections,
    durationSec: options.durationSec,
    generation: signedOnTheFly ? 'precomputed pool + signed on the fly' : 'precomputed pool',
    poolSize,
    signedOnTheFly,
    ours: ours.figures,
    peer: peer.figures,
    ceiling,
    ratios: {
      oursOverPeer: ours.figures.reqPerSec / peer.figures.reqPerSec,
      oursOverCeiling: ours.figures.reqPerSec / ceiling.reqPerSec,
      peerOverCeiling: peer.figures.reqPerSec / ceiling.reqPerSec,
    },
  };
}
