/**
 * The 09:00 burst (issue #16's first rows): N people (default the 2 000 of the generated organisation)
 * each send `/帮助` at once to the production webhook with delivery on (./server.ts), then others keep
 * sending 20 requests a second while the replies drain through the fake that enforces Feishu's limits
 * (50/s and 1 000/min per app, 5/s per recipient). Measured: the webhook's latency during the drain,
 * the delivery rate of every reply next to the ceiling those limits allow, and lost / duplicated
 * replies (each accepted request must get exactly one reply to its own message, or still have it
 * queued: the later requests' replies are not waited for, 20/s being above 1 000/min).
 */
import autocannon from 'autocannon';
import { startChild } from '../lib/child';
import { startLimitedFake } from '../outbox/limited-fake';
import { FULL_SCALE, generateOrg } from '../daily/generate';
import { signedRequest, type SignedRequest } from '../webhook/feishu-payloads';
import { BENCH_FEISHU } from '../webhook/server-env';

export interface BurstFigures {
  people: number;
  command: string;
  burst: { connections: number; answered: number; reqPerSec: number; p50Ms: number; p99Ms: number; non2xx: number };
  /** Requests at `ratePerSec` from others while the replies drain: latency each request saw. */
  during: { ratePerSec: number; requests: number; failed: number; p50Ms: number; p99Ms: number; maxMs: number };
  replies: {
    expected: number;
    delivered: number;
    /** Not lost: still in the outbox, due at their slots (the later requests' replies, at 1 000/min). */
    queued: number;
    lost: number;
    duplicated: number;
    spanSec: number;
    perSec: number;
    /** The first 900 (inside Feishu's per-minute budget): the rate the 50/s window allows. */
    first900PerSec: number;
    /** Replies to the burst's own requests out when the drain window ended, and when the last of them went (s after the burst). */
    burstDelivered: number;
    burstDrainedSec?: number;
    /** What 50/s and 1 000/min allow for this many messages, sent back to back. */
    ceilingPerSec: number;
    rateLimited: number;
  };
  /** `loopDelayMs`: the server's event-loop delay during the drain (monitorEventLoopDelay): how long its own work held requests. */
  server: { cpuMsPerRequest: number; failedRows: number; pendingRows: number; loopDelayMs: { p99: number; max: number } };
}

const APP_PER_SEC = 50;
const APP_PER_MIN = 1_000;

/** The best rate 50/s + 1 000/min allow for `n` messages: full minutes of 1 000, then 50/s. */
export function ceilingPerSec(n: number): number {
  if (n < 2) return APP_PER_SEC;
  const gaps = n - 1;
  const fullMinutes = Math.floor(gaps / APP_PER_MIN);
  const seconds = fullMinutes * 60 + (gaps % APP_PER_MIN) / APP_PER_SEC;
  return gaps / seconds;
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0);

export async function benchBurst(options: {
  people?: number;
  connections?: number;
  ratePerSec?: number;
  profileDir?: string;
  log(line: string): void;
}): Promise<BurstFigures> {
  const people = generateOrg(FULL_SCALE)
    .people.map((p) => p.feishu_open_id)
    .filter((id): id is string => Boolean(id));
  const n = Math.min(options.people ?? people.length, people.length);
  const connections = Math.min(options.connections ?? 200, n);
  const ratePerSec = options.ratePerSec ?? 20;
  const command = '/帮助';
  const timestamp = String(Math.floor(Date.now() / 1000));
  const spec = (openId: string) => ({
    encryptKey: BENCH_FEISHU.encryptKey,
    verificationToken: BENCH_FEISHU.verificationToken,
    openId,
    text: command,
    timestamp,
  });
  const burst: SignedRequest[] = people.slice(0, n).map((openId, i) => signedRequest(spec(openId), `om_burst_${i}`));

  const fake = await startLimitedFake();
  const child = startChild(new URL('./server.ts', import.meta.url), {
    env: { BENCH_ORG: 'large', BENCH_FAKE_URL: fake.url },
    nodeArgs: options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}/burst`] : [],
  });
  try {
    const { port } = (await child.ready) as { port: number };
    const url = `http://127.0.0.1:${port}`;
    const before = await child.request<{ cpuMicros: number; inbound: number }>('counts');
    let next = 0;
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      autocannon(
        {
          url,
          connections,
          amount: n,
          requests: [
            {
              method: 'POST',
              path: '/webhooks/feishu',
              setupRequest: (req) => {
                const signed = burst[next++ % n]!;
                return { ...req, headers: { ...req.headers, ...signed.headers }, body: signed.body };
              },
            },
          ],
        },
        (error, r) => (error ? reject(error) : resolve(r)),
      );
    });
    options.log(
      `  burst: ${n} × ${command} over ${connections} connections: ${result['2xx']} answered 2xx in ${(result.duration).toFixed(1)} s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
    );

    // Others keep writing while the replies drain: one request every 1/rate s, each timed.
    const burstIds = new Set(burst.map((_, i) => `om_burst_${i}`));
    const repliedBurst = () => fake.messages.filter((m) => m.replyTo && burstIds.has(m.replyTo)).length;
    const latencies: number[] = [];
    let failed = 0;
    let sent = 0;
    const inFlight = new Set<Promise<void>>();
    const send = (i: number) => {
      const signed = signedRequest(spec(people[people.length - 1 - (i % people.length)]!), `om_during_${i}`);
      const started = performance.now();
      const p = fetch(`${url}/webhooks/feishu`, { method: 'POST', headers: signed.headers, body: signed.body })
        .then(
          async (res) => {
            await res.arrayBuffer();
            if (res.ok) latencies.push(performance.now() - started);
            else failed++;
          },
          () => void failed++,
        )
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    };
    await child.request('resetLoopDelay');
    // Twice what 1 000/min allows for the burst alone, plus a margin: bounded if the drain falls behind.
    const limitMs = (n / APP_PER_MIN) * 60_000 * 2 + 30_000;
    const drainStarted = Date.now();
    let burstDrainedAt: number | undefined;
    let lastProgress = drainStarted;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (Date.now() - lastProgress >= 15_000) {
          lastProgress = Date.now();
          options.log(
            `    … ${Math.round((lastProgress - drainStarted) / 1000)} s: ${repliedBurst()} of ${result['2xx']} burst replies out, ${sent} requests sent meanwhile`,
          );
        }
        if (repliedBurst() >= result['2xx']) burstDrainedAt = Date.now();
        if (burstDrainedAt !== undefined || Date.now() - drainStarted > limitMs) {
          clearInterval(timer);
          resolve();
          return;
        }
        send(sent++);
      }, 1000 / ratePerSec);
    });
    await Promise.all([...inFlight]);
    // The replies to the requests sent meanwhile keep coming at Feishu's 1 000/min (below 20/s): not
    // waited for. What is not out yet must still be queued: lost = neither delivered nor pending.
    const expected = result['2xx'] + latencies.length;
    const after = await child.request<{ cpuMicros: number; inbound: number; pending: number; failed: number; loopDelayMs: { p99: number; max: number } }>(
      'counts',
    );

    const replies = fake.messages.filter((m) => m.replyTo);
    const perMessage = new Map<string, number>();
    for (const m of replies) perMessage.set(m.replyTo!, (perMessage.get(m.replyTo!) ?? 0) + 1);
    const duplicated = [...perMessage.values()].reduce((sum, k) => sum + k - 1, 0);
    const times = replies.map((m) => m.at).sort((a, b) => a - b);
    const spanSec = times.length > 1 ? (times.at(-1)! - times[0]!) / 1000 : 0;
    const first = times.slice(0, 900);
    const sorted = [...latencies].sort((a, b) => a - b);
    const figures: BurstFigures = {
      people: n,
      command,
      burst: {
        connections,
        answered: result['2xx'],
        reqPerSec: result.requests.average,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        non2xx: result.non2xx,
      },
      during: { ratePerSec, requests: sent, failed, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: sorted.at(-1) ?? 0 },
      replies: {
        expected,
        delivered: perMessage.size,
        lost: Math.max(0, expected - perMessage.size - after.pending),
        queued: after.pending,
        duplicated,
        spanSec,
        perSec: spanSec > 0 ? (times.length - 1) / spanSec : 0,
        first900PerSec: first.length > 1 ? (first.length - 1) / ((first.at(-1)! - first[0]!) / 1000) : 0,
        burstDelivered: repliedBurst(),
        ...(burstDrainedAt !== undefined ? { burstDrainedSec: (burstDrainedAt - drainStarted) / 1000 } : {}),
        ceilingPerSec: ceilingPerSec(times.length),
        rateLimited: fake.stats.rateLimited,
      },
      server: {
        cpuMsPerRequest: (after.cpuMicros - before.cpuMicros) / 1000 / Math.max(1, after.inbound - before.inbound),
        failedRows: after.failed,
        pendingRows: after.pending,
        loopDelayMs: after.loopDelayMs,
      },
    };
    const r = figures.replies;
    options.log(
      `  during the drain: ${sent} requests at ${ratePerSec}/s, p50 ${figures.during.p50Ms.toFixed(0)} ms, p99 ${figures.during.p99Ms.toFixed(0)} ms, max ${figures.during.maxMs.toFixed(0)} ms, ${failed} failed; server event-loop delay p99 ${after.loopDelayMs.p99.toFixed(0)} ms, max ${after.loopDelayMs.max.toFixed(0)} ms`,
    );
    options.log(
      `  the burst's own replies: ${r.burstDelivered}/${figures.burst.answered} out ${r.burstDrainedSec !== undefined ? `${r.burstDrainedSec.toFixed(0)} s after the burst` : `when the drain window closed (${(limitMs / 1000).toFixed(0)} s)`}`,
    );
    options.log(
      `  replies: ${r.delivered}/${r.expected} (${r.queued} still queued) in ${r.spanSec.toFixed(1)} s = ${r.perSec.toFixed(1)}/s (ceiling ${r.ceilingPerSec.toFixed(1)}/s under 50/s + 1 000/min; first ${Math.min(900, r.delivered)} at ${r.first900PerSec.toFixed(1)}/s); lost ${r.lost}, duplicated ${r.duplicated}, 429s ${r.rateLimited}`,
    );
    return figures;
  } finally {
    await child.stop();
    await fake.close();
  }
}
