/**
 * `npm run bench`: every figure of issue #16's table measured side by side in one run on one machine,
 * each printed with its goal beside it, and written to bench/results/<timestamp>.json with the
 * machine's description (docs/benchmarks.md).
 *
 *   BENCH_DURATION=10         seconds of load per webhook server (a quick run: 3)
 *   BENCH_ROUNDS=2            the servers take turns: each gets BENCH_DURATION / BENCH_ROUNDS per round
 *   BENCH_CONNECTIONS=20      concurrent connections of the load generator
 *   BENCH_COMMAND=/台账        the command every webhook request carries
 *   BENCH_ORG=demo            the webhook servers' directory: demo (db/demo-org.yaml) or large (2 000 people, 300 units)
 *   BENCH_OUTBOX_MESSAGES=1000  pushes delivered in the outbox section
 *   BENCH_BURST_PEOPLE=2000   people who send /帮助 at once in the burst section (its drain takes ≥ 2 min: 1 000/min)
 *   BENCH_BURST_RATE=20       requests per second from others while the burst's replies drain
 *   BENCH_ONLY=webhook,burst,daily,outbox,search  run some sections only
 *   BENCH_PROFILE=<dir>       write CPU profiles of the webhook servers, the burst server and the outbox child there (node --cpu-prof)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { machine } from './lib/machine';
import { benchWebhook, type WebhookFigures } from './webhook/run';
import { benchDaily, type DailyFigures } from './daily/run';
import { benchOutbox, type OutboxFigures } from './outbox/run';
import { benchSearch, type SearchFigures } from './search/run';
import { benchBurst, type BurstFigures } from './burst/run';
import { formatTable } from './lib/table';

const env = process.env;
const positive = (name: string, fallback: number) => {
  const value = Number(env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${env[name]}`);
  return value;
};

async function main() {
  const sections = new Set((env.BENCH_ONLY ?? 'webhook,burst,daily,outbox,search').split(',').map((s) => s.trim()));
  const log = (line: string) => console.log(line);
  const started = new Date();
  const result: {
    startedAt: string;
    machine: ReturnType<typeof machine>;
    webhook?: WebhookFigures;
    burst?: BurstFigures;
    daily?: DailyFigures;
    outbox?: OutboxFigures;
    search?: SearchFigures;
    loadAverageAtEnd?: number[];
    durationSec?: number;
  } = {
    startedAt: started.toISOString(),
    machine: machine(),
  };
  const m = result.machine;
  log(`督办助手 benchmark — ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node}, ${m.os}; load average ${m.loadAverage.join(' ')}`);

  if (sections.has('webhook')) {
    log('\nwebhook (signed, encrypted im.message.receive_v1):');
    result.webhook = await benchWebhook({
      durationSec: positive('BENCH_DURATION', 10),
      rounds: Math.round(positive('BENCH_ROUNDS', 2)),
      connections: positive('BENCH_CONNECTIONS', 20),
      command: env.BENCH_COMMAND ?? '/台账',
      org: env.BENCH_ORG === 'large' ? 'large' : 'demo',
      // Office staff (督查人员): sees the whole ledger.
      openId: env.BENCH_ORG === 'large' ? 'ou_bench_p_office_1' : 'ou_demo_linxiaomei',
      expectedMaxRps: 4_000,
      profileDir: env.BENCH_PROFILE,
      log,
    });
  }
  if (sections.has('burst')) {
    log('\n09:00 burst (production webhook with delivery; fake Feishu enforcing 50/s and 1 000/min per app, 5/s per recipient):');
    result.burst = await benchBurst({
      people: positive('BENCH_BURST_PEOPLE', 2_000),
      ratePerSec: positive('BENCH_BURST_RATE', 20),
      profileDir: env.BENCH_PROFILE,
      log,
    });
  }
  if (sections.has('daily')) {
    log('\ndaily job (10 000 open items, 2 000 people, 300 units):');
    result.daily = await benchDaily({ log });
  }
  if (sections.has('outbox')) {
    log('\noutbox (fake Feishu enforcing 50/s per app, 5/s per recipient):');
    result.outbox = await benchOutbox({ messages: positive('BENCH_OUTBOX_MESSAGES', 1000), profileDir: env.BENCH_PROFILE, log });
  }
  if (sections.has('search')) {
    log('\nledger search (/台账 搜索 over 10 000 items):');
    result.search = await benchSearch({ log });
  }
  result.loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
  result.durationSec = (Date.now() - started.getTime()) / 1000;

  log(`\n${formatTable(result)}`);
  const dir = new URL('./results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`${started.toISOString().replace(/[:.]/g, '-')}.json`, dir);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  log(`\nwritten to ${file.pathname}`);
  const outbox = result.outbox;
  if (outbox && (outbox.lost || outbox.duplicated)) {
    console.error(`outbox lost ${outbox.lost} and duplicated ${outbox.duplicated} messages: both must be 0`);
    process.exitCode = 1;
  }
  const replies = result.burst?.replies;
  if (replies && (replies.lost || replies.duplicated)) {
    console.error(`burst lost ${replies.lost} and duplicated ${replies.duplicated} replies: both must be 0`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
