import type { WebhookFigures } from '../webhook/run';
import type { DailyFigures } from '../daily/run';
import type { OutboxFigures } from '../outbox/run';
import type { SearchFigures } from '../search/run';
import { ceilingPerSec, type BurstFigures } from '../burst/run';
import type { machine } from './machine';

/** figure, value, goal (issue 16's table; empty where there is none), notes */
type Row = [string, string, string, string];

const n0 = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
const n1 = (x: number) => x.toFixed(1);
const n2 = (x: number) => x.toFixed(2);

function render(rows: Row[]): string {
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => [...r[c]!].length)));
  const line = (r: Row) => r.map((cell, c) => cell + ' '.repeat(widths[c]! - [...cell].length)).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n');
}

/** The run as one table: figure, value, its goal, what it is measured against. */
export function formatTable(result: {
  machine: ReturnType<typeof machine>;
  webhook?: WebhookFigures;
  burst?: BurstFigures;
  daily?: DailyFigures;
  outbox?: OutboxFigures;
  search?: SearchFigures;
  loadAverageAtEnd?: number[];
}): string {
  const rows: Row[] = [['figure', 'value', 'goal', 'notes']];
  const m = result.machine;
  rows.push(['machine', `${m.cpu}`, '', `${m.cores} cores, ${m.memoryGb} GB, Node ${m.node}, ${m.os}`]);
  rows.push([
    'load average (1 min)',
    `${m.loadAverage[0]} → ${result.loadAverageAtEnd?.[0] ?? '?'}`,
    '',
    `at start 1/5/15 min ${m.loadAverage.join(' / ')}; ${m.loadAverage[0]! > m.cores ? 'other processes were busy: figures are pessimistic' : 'quiet machine'}`,
  ]);
  const b = result.burst;
  if (b) {
    const r = b.replies;
    rows.push([
      `burst: webhook p99 while ${n0(r.expected)} replies drain`,
      `${n0(b.during.p99Ms)} ms`,
      '≤ 50 ms',
      `p50 ${n0(b.during.p50Ms)} ms, max ${n0(b.during.maxMs)} ms; ${n0(b.during.requests)} requests at ${b.during.ratePerSec}/s from others after ${n0(b.people)} × ${b.command} at once (those: p50 ${b.burst.p50Ms} ms, p99 ${b.burst.p99Ms} ms over ${b.burst.connections} connections); server event-loop delay p99 ${n0(b.server.loopDelayMs.p99)} ms, max ${n0(b.server.loopDelayMs.max)} ms${b.during.failed ? `; ${b.during.failed} failed` : ''}`,
    ]);
    rows.push([
      'burst: delivery rate of the replies',
      `${n1(r.perSec)}/s`,
      '≥ 45/s (90 % of 50/s)',
      `${n0(r.delivered)} in ${n1(r.spanSec)} s; Feishu also allows 1 000/min per app, so ${n0(r.delivered)} messages can go at ${n1(r.ceilingPerSec)}/s at best (${n0((100 * r.perSec) / r.ceilingPerSec)} % of that ceiling); the first ${n0(Math.min(900, r.delivered))} went at ${n1(r.first900PerSec)}/s (${n0((100 * r.first900PerSec) / 50)} % of 50/s)`,
    ]);
    rows.push([
      'burst: its own replies out',
      `${n0(r.burstDelivered)} / ${n0(b.burst.answered)}`,
      '',
      r.burstDrainedSec !== undefined
        ? `the last ${n0(r.burstDrainedSec)} s after the burst (1 000/min alone needs ${n0((b.burst.answered - 1) / ceilingPerSec(b.burst.answered))} s)`
        : 'not all out when the drain window closed: newer replies (20/s, above 1 000/min) went ahead of them',
    ]);
    rows.push([
      'burst: lost / duplicated replies',
      `${r.lost} / ${r.duplicated}`,
      '0 / 0',
      `one reply per accepted request, to its own message (${n0(r.queued)} still queued at the end, not waited for); 429s ${r.rateLimited}; outbox rows failed ${b.server.failedRows}, still pending ${b.server.pendingRows}`,
    ]);
  }
  const w = result.webhook;
  if (w) {
    const setup = `${w.connections} connections, ${w.durationSec} s in ${w.rounds} rounds, ${w.command}, ${w.org} org`;
    rows.push([
      `webhook: ${w.connections} connections p99`,
      `${n0(w.ours.p99Ms)} ms`,
      '≤ 100 ms',
      `p50 ${w.ours.p50Ms} ms, ${n0(w.ours.reqPerSec)} req/s; distinct signed, encrypted events; ${setup}${w.ours.non2xx || w.ours.errors ? `; non-2xx ${w.ours.non2xx}, errors ${w.ours.errors}` : ''}`,
    ]);
    rows.push([
      'webhook: saturation ours / SDK peer',
      n2(w.ratios.oursOverPeer),
      '≥ 1.20',
      `ours ${n0(w.ours.reqPerSec)} vs peer ${n0(w.peer.reqPerSec)} req/s; CPU per request ours ${n2(w.ours.cpuMsPerRequest!)} ms, peer ${n2(w.peer.cpuMsPerRequest!)} ms (ratio ${n2(w.peer.cpuMsPerRequest! / w.ours.cpuMsPerRequest!)}); same core work; HTTP, authentication and parsing differ, and ours commits the events that arrive together in one transaction (the peer one by one)`,
    ]);
    rows.push([
      'webhook: SDK peer p99',
      `${n0(w.peer.p99Ms)} ms`,
      '',
      `p50 ${w.peer.p50Ms} ms; adaptDefault + EventDispatcher on node:http${w.peer.non2xx || w.peer.errors ? `; non-2xx ${w.peer.non2xx}, errors ${w.peer.errors}` : ''}`,
    ]);
    rows.push([
      'webhook: /healthz ceiling',
      `${n0(w.ceiling.reqPerSec)} req/s`,
      '',
      `p50 ${w.ceiling.p50Ms} ms, p99 ${w.ceiling.p99Ms} ms; ours / ceiling ${n2(w.ratios.oursOverCeiling)}, peer / ceiling ${n2(w.ratios.peerOverCeiling)}`,
    ]);
    rows.push([
      'webhook: requests',
      w.generation,
      '',
      `${n0(w.poolSize)} signed before the clock starts${w.signedOnTheFly ? `, ${n0(w.signedOnTheFly)} signed during the run` : ''}`,
    ]);
  }
  const d = result.daily;
  if (d) {
    rows.push([
      'daily jobs, total',
      `${n2(d.totalMs / 1000)} s`,
      '≤ 1 s',
      `${d.generated.items} open items, ${d.generated.people} people, ${d.generated.units} units, ${d.at}; CPU ${n2(d.cpuMs / 1000)} s`,
    ]);
    rows.push(['daily digest job', `${n2((d.jobMs['daily-digest'] ?? 0) / 1000)} s`, '', `${d.digestRows} digests queued`]);
    rows.push([
      'daily outbox rows',
      n0(d.outboxRows),
      '',
      `sha256 ${d.outboxSha256.slice(0, 16)}…; ${d.jobResults.filter((r) => !/: (removed 0|rerouted 0)/.test(r)).join('; ')}`,
    ]);
    rows.push(['daily peak RSS', `${n0(d.peakRssMb)} MB`, '≤ 250 MB', `baseline ${n0(d.baselineRssMb)} MB after opening the database`]);
  }
  const o = result.outbox;
  if (o) {
    rows.push([
      'outbox sustained rate',
      `${n1(o.sustainedPerSec)}/s`,
      '≥ 45/s (90 %)',
      `${n0(100 * o.fractionOfLimit)} % of ${o.limitPerSec}/s; ${o.delivered}/${o.messages} in ${n1(o.spanSec)} s`,
    ]);
    rows.push([
      'outbox deferral writes',
      n0(o.drainReport.deferred),
      `≤ ${n0(o.messages)}`,
      `rows given a later slot by the rate limiter (once per throttled row); ${o.sweeps} passes`,
    ]);
    rows.push(['outbox lost / duplicated', `${o.lost} / ${o.duplicated}`, '0 / 0', `failed ${o.failed}; 429s ${o.rateLimited}; ${o.attempts} HTTP sends`]);
  }
  const s = result.search;
  if (s) {
    const worst = s.queries.find((q) => q.p95Ms === s.worstP95Ms)!;
    rows.push([
      'search, slowest p95',
      `${n1(s.worstP95Ms)} ms`,
      '',
      `「${worst.query}」 as ${worst.scope}, ${worst.total} found; ${s.queries.length} query kinds × 20 over ${n0(s.items)} items`,
    ]);
    rows.push([
      'search, p50 range',
      `${n1(Math.min(...s.queries.map((q) => q.p50Ms)))}–${n1(Math.max(...s.queries.map((q) => q.p50Ms)))} ms`,
      '',
      '2 chars (LIKE), 3 and 6 chars (FTS5 trigram), report words, two words, no match; office and unit scope',
    ]);
    rows.push([
      'search index upkeep',
      `${n2(s.reindexMs)} ms`,
      '',
      `one title edit re-indexed by the trigger; ${n0(s.items)} items inserted in ${n1(s.insertMs / 1000)} s`,
    ]);
  }
  return render(rows);
}
