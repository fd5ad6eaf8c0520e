/**
 * Webhook throughput and latency: ours (Hono + @hono/node-server), the SDK peer (adaptDefault +
 * EventDispatcher), and the /healthz ceiling — each server in its own child process, loaded one at
 * a time by autocannon from this process, in alternating rounds.
 *
 * Every request is a distinct message (its own message_id, so dedupe never short-circuits). The
 * bodies are encrypted and signed BEFORE the clock starts and handed out by `setupRequest` from a
 * shared pool, so the load generator only copies bytes during the run; a run that outpaces the pool
 * signs further requests on the fly, and says how many.
 */
import autocannon from 'autocannon';
import { startChild, type Child } from '../lib/child';
import { signedRequest, type MessageSpec, type SignedRequest } from './feishu-payloads';
import { BENCH_FEISHU } from './server-env';

export interface LoadFigures {
  requests: number;
  /** CPU time the server process used per request it handled during the measured rounds (steadier than req/s on a busy machine). */
  cpuMsPerRequest?: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface WebhookFigures {
  command: string;
  org: 'demo' | 'large';
  connections: number;
  durationSec: number;
  rounds: number;
  generation: 'precomputed pool' | 'precomputed pool + signed on the fly';
  poolSize: number;
  signedOnTheFly: number;
  ours: LoadFigures & { rowsWritten: { inbound: number; outbox: number } };
  peer: LoadFigures & { rowsWritten: { inbound: number; outbox: number } };
  ceiling: LoadFigures;
  ratios: { oursOverPeer: number; oursOverCeiling: number; peerOverCeiling: number };
}

export interface WebhookOptions {
  /** Seconds of load per server in all, split into `rounds` turns taken alternately. */
  durationSec: number;
  rounds: number;
  connections: number;
  command: string;
  org: 'demo' | 'large';
  /** Who sends the command (Feishu open_id). */
  openId: string;
  /** Requests assumed per second per server when sizing the pool. */
  expectedMaxRps: number;
  /** `node --cpu-prof` for the server children, written here. */
  profileDir?: string;
  log(line: string): void;
}

/** Rounds of one server combined: rate over the whole time, median p50, worst p99. */
function combine(rounds: autocannon.Result[]): LoadFigures {
  const sum = (f: (r: autocannon.Result) => number) => rounds.reduce((total, r) => total + f(r), 0);
  const p50s = rounds.map((r) => r.latency.p50).sort((a, b) => a - b);
  return {
    requests: sum((r) => r.requests.total),
    reqPerSec: sum((r) => r.requests.total) / sum((r) => r.duration),
    p50Ms: p50s[Math.floor((p50s.length - 1) / 2)]!,
    p99Ms: Math.max(...rounds.map((r) => r.latency.p99)),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
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
    get onTheFly() {
      return onTheFly;
    },
  };
}

interface Target {
  name: 'ours' | 'peer';
  child: Child;
  url: string;
  requests: autocannon.Request[];
  source: ReturnType<typeof requestSource>;
  rounds: autocannon.Result[];
  answered: number;
  before?: Counts;
}

type Counts = { inbound: number; outbox: number; cpuMicros: number };

async function startTarget(name: Target['name'], spec: MessageSpec, pool: SignedRequest[], options: WebhookOptions): Promise<Target> {
  const child = startChild(new URL(`./server-${name}.ts`, import.meta.url), {
    env: { BENCH_ORG: options.org },
    nodeArgs: options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}/${name}`] : [],
  });
  const { port } = (await child.ready) as { port: number };
  const source = requestSource(spec, pool);
  const requests: autocannon.Request[] = [
    {
      method: 'POST',
      path: '/webhooks/feishu',
      setupRequest: (req) => {
        const signed = source.take();
        return { ...req, headers: { ...req.headers, ...signed.headers }, body: signed.body };
      },
    },
  ];
  return { name, child, url: `http://127.0.0.1:${port}`, requests, source, rounds: [], answered: 0 };
}

/**
 * Every accepted request must have been a new message that ran the command: one inbound row per
 * 2xx. Requests in flight when a run's clock stops (at most one per connection and run) are
 * processed but not counted by autocannon.
 */
async function checkRows(target: Target, runs: number, options: WebhookOptions) {
  const rows = await target.child.request<Counts>('counts');
  if (rows.inbound < target.answered || rows.inbound > target.answered + runs * options.connections) {
    throw new Error(
      `${target.name}: ${target.answered} requests answered 2xx but ${rows.inbound} inbound rows written — requests were not distinct or not processed`,
    );
  }
  return rows;
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

  const targets: Target[] = [];
  try {
    targets.push(await startTarget('ours', spec, pool, options), await startTarget('peer', spec, pool, options));
    // Warm-up (JIT, SQLite page cache, first directory load): not measured, but its rows are counted.
    for (const target of targets)
      target.answered += (await load(target.url, { connections: options.connections, duration: 1, requests: target.requests }))['2xx'];
    for (const target of targets) target.before = await target.child.request<Counts>('counts');
    // The servers take turns, so a burst of load from elsewhere on the machine hits both alike.
    const roundSec = options.durationSec / options.rounds;
    for (let round = 0; round < options.rounds; round++) {
      for (const target of targets) {
        const result = await load(target.url, { connections: options.connections, duration: roundSec, requests: target.requests });
        target.rounds.push(result);
        target.answered += result['2xx'];
      }
    }
    const [ours, peer] = await Promise.all(
      targets.map(async (target) => {
        const rows = await checkRows(target, options.rounds + 1, options);
        const combined = combine(target.rounds);
        combined.cpuMsPerRequest = (rows.cpuMicros - target.before!.cpuMicros) / 1000 / (rows.inbound - target.before!.inbound);
        options.log(
          `  ${target.name}: ${combined.reqPerSec.toFixed(0)} req/s, p50 ${combined.p50Ms} ms, p99 ${combined.p99Ms} ms, ${combined.cpuMsPerRequest.toFixed(2)} ms CPU/request; rounds ${target.rounds.map((r) => r.requests.average.toFixed(0)).join(' / ')} req/s; ${target.answered} answered 2xx, ${rows.inbound} inbound rows, ${rows.outbox} outbox rows`,
        );
        return { ...combined, rowsWritten: { inbound: rows.inbound, outbox: rows.outbox } };
      }),
    );

    // The ceiling: the same Node server, Hono and middleware, answering GET /healthz.
    const healthz = `${targets[0]!.url}/healthz`;
    await load(healthz, { connections: options.connections, duration: 1 });
    const ceilingRounds: autocannon.Result[] = [];
    for (let round = 0; round < options.rounds; round++) ceilingRounds.push(await load(healthz, { connections: options.connections, duration: roundSec }));
    const ceiling = combine(ceilingRounds);
    options.log(`  ceiling: ${ceiling.reqPerSec.toFixed(0)} req/s, p50 ${ceiling.p50Ms} ms, p99 ${ceiling.p99Ms} ms`);

    const signedOnTheFly = targets.reduce((n, target) => n + target.source.onTheFly, 0);
    return {
      command: options.command,
      org: options.org,
      connections: options.connections,
      durationSec: options.durationSec,
      rounds: options.rounds,
      generation: signedOnTheFly ? 'precomputed pool + signed on the fly' : 'precomputed pool',
      poolSize,
      signedOnTheFly,
      ours: ours!,
      peer: peer!,
      ceiling,
      ratios: {
        oursOverPeer: ours!.reqPerSec / peer!.reqPerSec,
        oursOverCeiling: ours!.reqPerSec / ceiling.reqPerSec,
        peerOverCeiling: peer!.reqPerSec / ceiling.reqPerSec,
      },
    };
  } finally {
    await Promise.all(targets.map((target) => target.child.stop()));
  }
}
