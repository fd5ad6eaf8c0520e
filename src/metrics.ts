import { errorFields, log } from './log';

/**
 * In-process counters behind `GET /metrics` (src/metrics-routes.ts), and the one log line per
 * inbound event and per delivery outcome. Hand-written rather than prom-client: this module runs in
 * Workers too (the outbox settles there), and prom-client reaches for Node's cluster and v8 modules.
 * Outbox and job figures are not counted here: the scrape reads them from the database, which every
 * process and isolate shares.
 */

/** How an inbound request ended: `accepted` (2xx), `rejected` (401/403: signature, token), `invalid` (other 4xx), `error` (5xx). */
export type InboundOutcome = 'accepted' | 'rejected' | 'invalid' | 'error';
export type DeliveryOutcome = 'sent' | 'deferred' | 'retrying' | 'failed';

/** Seconds from enqueue to the platform's acceptance: a reply takes well under a second, a retried push up to an hour. */
export const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600] as const;

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

const inbound = new Map<string, number>();
const deliveries = new Map<string, number>();
const latency = new Map<string, Histogram>();

const key = (...labels: string[]) => labels.join('\u0000');
const bump = (counter: Map<string, number>, k: string) => counter.set(k, (counter.get(k) ?? 0) + 1);

export function inboundOutcomeOf(status: number): InboundOutcome {
  if (status === 401 || status === 403) return 'rejected';
  if (status >= 500) return 'error';
  if (status >= 400) return 'invalid';
  return 'accepted';
}

/** One inbound request (webhook, card callback, sandbox): counted and logged on one line. */
export function noteInbound(event: { platform: string; status: number; ms: number; requestId?: string; path?: string }): void {
  const outcome = inboundOutcomeOf(event.status);
  bump(inbound, key(event.platform, outcome));
  const fields = {
    event: 'inbound',
    platform: event.platform,
    outcome,
    status: event.status,
    ms: Math.round(event.ms),
    requestId: event.requestId,
    path: event.path,
  };
  if (outcome === 'error') log().error(fields, 'inbound event failed');
  else log().info(fields, 'inbound event');
}

/** What became of one outbox row's attempt, as settle() writes it. */
export function deliveryOutcomeOf(kind: 'done' | 'deferred' | 'error', permanent: boolean, attempts: number, maxAttempts: number): DeliveryOutcome {
  if (kind === 'done') return 'sent';
  if (kind === 'deferred') return 'deferred';
  return permanent || attempts >= maxAttempts ? 'failed' : 'retrying';
}

export interface DeliveryNote {
  row: { id: number; platform: string; op: string; attempts: number; createdAt: Date };
  outcome: { kind: 'done' | 'deferred' | 'error'; permanent?: boolean; error?: string };
  at: Date;
  maxAttempts: number;
}

/** One settled outbox attempt: counted, its latency observed when sent, and logged on one line. */
export function noteDelivery({ row, outcome, at, maxAttempts }: DeliveryNote): void {
  const result = deliveryOutcomeOf(outcome.kind, outcome.permanent ?? false, row.attempts, maxAttempts);
  bump(deliveries, key(row.platform, result));
  const seconds = Math.max(0, (at.getTime() - row.createdAt.getTime()) / 1000);
  if (result === 'sent') observe(row.platform, seconds);
  const fields = {
    event: 'delivery',
    platform: row.platform,
    outcome: result,
    outboxId: row.id,
    op: row.op,
    attempt: row.attempts,
    latencySeconds: seconds,
    error: outcome.error,
  };
  if (result === 'failed') log().error(fields, 'delivery failed');
  else if (result === 'retrying') log().warn(fields, 'delivery will be retried');
  else log().info(fields, 'delivery');
}

/** A wake of the scheduler (in-process on Node, a Cron Trigger on Workers): one line per job it ran, or the failure. */
export function noteJobRuns(reports: readonly { job: string; date: string; result: string }[]): void {
  for (const r of reports) log().info({ event: 'job', job: r.job, date: r.date, result: r.result }, 'job ran');
}

export function noteJobFailure(what: string, error: unknown): void {
  log().error({ event: 'job', job: what, ...errorFields(error) }, 'scheduled run failed');
}

function observe(platform: string, seconds: number): void {
  let h = latency.get(platform);
  if (!h) latency.set(platform, (h = { counts: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 }));
  LATENCY_BUCKETS.forEach((bound, i) => {
    if (seconds <= bound) h.counts[i]!++;
  });
  h.sum += seconds;
  h.count++;
}

/** Forgets every count (tests: each starts from zero). */
export function resetMetrics(): void {
  inbound.clear();
  deliveries.clear();
  latency.clear();
}

/** Prometheus text exposition (version 0.0.4) of one metric family. */
export interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  samples: { labels?: Record<string, string>; value: number; suffix?: string }[];
}

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

export function renderFamilies(families: Family[]): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) {
      const labels = Object.entries(s.labels ?? {})
        .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
        .join(',');
      lines.push(`${f.name}${s.suffix ?? ''}${labels ? `{${labels}}` : ''} ${Number.isFinite(s.value) ? s.value : 0}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function counterSamples(counter: Map<string, number>, names: [string, string]) {
  return [...counter]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, value]) => {
      const [first, second] = k.split('\u0000');
      return { labels: { [names[0]]: first!, [names[1]]: second! }, value };
    });
}

/** The families counted in this process. */
export function processFamilies(): Family[] {
  const histogram = [...latency]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([platform, h]) => [
      ...LATENCY_BUCKETS.map((bound, i) => ({ suffix: '_bucket', labels: { platform, le: String(bound) }, value: h.counts[i]! })),
      { suffix: '_bucket', labels: { platform, le: '+Inf' }, value: h.count },
      { suffix: '_sum', labels: { platform }, value: h.sum },
      { suffix: '_count', labels: { platform }, value: h.count },
    ]);
  return [
    {
      name: 'duban_inbound_total',
      help: 'Inbound requests (webhooks, card callbacks, sandbox) by platform and outcome.',
      type: 'counter',
      samples: counterSamples(inbound, ['platform', 'outcome']),
    },
    {
      name: 'duban_deliveries_total',
      help: 'Outbox delivery attempts settled, by platform and outcome.',
      type: 'counter',
      samples: counterSamples(deliveries, ['platform', 'outcome']),
    },
    { name: 'duban_delivery_latency_seconds', help: 'Seconds from enqueue to the platform accepting the message.', type: 'histogram', samples: histogram },
  ];
}
