import type { WebhookFigures } from '../webhook/run';
import type { DailyFigures } from '../daily/run';
import type { OutboxFigures } from '../outbox/run';
import type { SearchFigures } from '../search/run';
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
export function formatTable(result: { machine: ReturnType<typeof machine>; webhook?: WebhookFigures; daily?: DailyFigures; outbox?: OutboxFigures; search?: SearchFigures; loadAverageAtEnd?: number[] }): string {
  const rows: Row[] = [['figure', 'value', 'goal', 'notes']];
  const m = result.machine;
  rows.push(['machine', `${m.cpu}`, '', `${m.cores} cores, ${m.memoryGb} GB, Node ${m.node}, ${m.os}`]);
  rows.push(['load average', `${m.loadAverage[0]} → ${result.loadAverageAtEnd?.[0] ?? '?'}`, '', m.loadAverage[0]! > m.cores ? 'other processes were busy: figures are pessimistic' : 'quiet machine']);
  const w = result.webhook;
  if (w) {
    const setup = `${w.connections} connections, ${w.durationSec} s in ${w.rounds} rounds, ${w.org} org`;
    for (const [name, f, what] of [['ours', w.ours, w.command], ['SDK peer', w.peer, w.command], ['/healthz ceiling', w.ceiling, 'GET']] as const) {
      rows.push([`webhook ${name}`, `${n0(f.reqPerSec)} req/s`, name === 'ours' ? 'p99 ≤ 100 ms' : '', `p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms${f.cpuMsPerRequest ? `, ${n2(f.cpuMsPerRequest)} ms CPU/request` : ''}; ${what}, ${setup}${f.non2xx || f.errors ? `; non-2xx ${f.non2xx}, errors ${f.errors}` : ''}`]);
    }
    rows.push(['webhook ours / peer', n2(w.ratios.oursOverPeer), '≥ 1.20', `req/s; CPU per request peer ÷ ours ${n2(w.peer.cpuMsPerRequest! / w.ours.cpuMsPerRequest!)} (same core work: only HTTP, authentication and parsing differ)`]);
    rows.push(['webhook ours / ceiling', n2(w.ratios.oursOverCeiling), '', `peer / ceiling ${n2(w.ratios.peerOverCeiling)}`]);
    rows.push(['webhook requests', w.generation, '', `${n0(w.poolSize)} signed before the clock starts${w.signedOnTheFly ? `, ${n0(w.signedOnTheFly)} signed during the run` : ''}`]);
  }
  const d = result.daily;
  if (d) {
    rows.push(['daily jobs, total', `${n2(d.totalMs / 1000)} s`, '≤ 1 s', `${d.generated.items} open items, ${d.generated.people} people, ${d.generated.units} units, ${d.at}; CPU ${n2(d.cpuMs / 1000)} s`]);
    rows.push(['daily digest job', `${n2((d.jobMs['daily-digest'] ?? 0) / 1000)} s`, '', `${d.digestRows} digests queued`]);
    rows.push(['daily outbox rows', n0(d.outboxRows), '', `sha256 ${d.outboxSha256.slice(0, 16)}…; ${d.jobResults.filter((r) => !/: (removed 0|rerouted 0)/.test(r)).join('; ')}`]);
    rows.push(['daily peak RSS', `${n0(d.peakRssMb)} MB`, '≤ 250 MB', `baseline ${n0(d.baselineRssMb)} MB after opening the database`]);
  }
  const o = result.outbox;
  if (o) {
    rows.push(['outbox sustained rate', `${n1(o.sustainedPerSec)}/s`, '≥ 45/s (90 %)', `${n0(100 * o.fractionOfLimit)} % of ${o.limitPerSec}/s; ${o.delivered}/${o.messages} in ${n1(o.spanSec)} s`]);
    rows.push(['outbox deferral writes', n0(o.drainReport.deferred), `≤ ${n0(o.messages)}`, `rows given a later slot by the rate limiter (once per throttled row); ${o.sweeps} passes`]);
    rows.push(['outbox lost / duplicated', `${o.lost} / ${o.duplicated}`, '0 / 0', `failed ${o.failed}; 429s ${o.rateLimited}; ${o.attempts} HTTP sends`]);
  }
  const s = result.search;
  if (s) {
    const worst = s.queries.find((q) => q.p95Ms === s.worstP95Ms)!;
    rows.push(['search, slowest p95', `${n1(s.worstP95Ms)} ms`, '', `「${worst.query}」 as ${worst.scope}, ${worst.total} found; ${s.queries.length} query kinds × 20 over ${n0(s.items)} items`]);
    rows.push(['search, p50 range', `${n1(Math.min(...s.queries.map((q) => q.p50Ms)))}–${n1(Math.max(...s.queries.map((q) => q.p50Ms)))} ms`, '', '2 chars (LIKE), 3 and 6 chars (FTS5 trigram), report words, two words, no match; office and unit scope']);
    rows.push(['search index upkeep', `${n2(s.reindexMs)} ms`, '', `one title edit re-indexed by the trigger; ${n0(s.items)} items inserted in ${n1(s.insertMs / 1000)} s`]);
  }
  return render(rows);
}
