/**
 * Ledger search at full scale: the daily benchmark's generated organisation and 10 000-item ledger
 * (bench/daily/generate.ts; the FTS index is filled by the migration's triggers as the rows go in),
 * then `searchLedger` — what `/台账 搜索` and the /office search box call — for each kind of query,
 * as the office (whole ledger) and as one unit (its scope), each repeated; latencies in ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openSqlite } from '../../db/open-sqlite';
import { loadCalendar } from '../../src/core/calendar';
import { searchLedger } from '../../src/core/supervision/search';
import { parseSearchQuery } from '../../src/core/supervision/search-query';
import { localDate } from '../../src/core/time';
import { DAILY_AT } from '../daily/run';
import { FULL_SCALE, generateOrg, importGenerated, insertLedger, type Scale } from '../daily/generate';

/** 2 characters (LIKE), 3 and 6 (trigram), a report's words, two words, a phrase in no item. */
export const SEARCH_QUERIES = ['河道', '老旧小', '安全生产检查', '阶段性工作', '营商环境 第12', '不存在的事项'];
const REPEAT = 20;

export interface SearchFigures {
  items: number;
  /** Generating and inserting the ledger, index maintained by the triggers. */
  insertMs: number;
  /** One title edit, its index row rebuilt by the trigger in the same statement (mean of 100). */
  reindexMs: number;
  queries: Array<{ query: string; scope: 'office' | 'unit'; total: number; p50Ms: number; p95Ms: number; maxMs: number }>;
  /** The slowest query kind's p95. */
  worstP95Ms: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const round = (x: number) => Math.round(x * 100) / 100;

export async function benchSearch(options: { scale?: Scale; log(line: string): void }): Promise<SearchFigures> {
  const scale = options.scale ?? FULL_SCALE;
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-search-'));
  const { db, close } = openSqlite(join(dir, 'duban.db'));
  try {
    const now = new Date(DAILY_AT);
    const org = generateOrg(scale);
    await importGenerated(db, org, now);
    const started = performance.now();
    const ledger = await insertLedger(db, org, scale, localDate(now));
    const insertMs = performance.now() - started;
    const reindexStart = performance.now();
    for (let i = 1; i <= 100; i++) await db.run(sql`UPDATE supervision_items SET title = title || '。' WHERE rowid = ${i}`);
    const reindexMs = (performance.now() - reindexStart) / 100;
    const calendar = await loadCalendar(db);
    const queries: SearchFigures['queries'] = [];
    for (const text of SEARCH_QUERIES) {
      for (const [scope, units] of [
        ['office', undefined],
        ['unit', [org.workUnits[0]!]],
      ] as const) {
        const times: number[] = [];
        let total = 0;
        for (let i = 0; i < REPEAT; i++) {
          const t = performance.now();
          const page = await searchLedger(db, calendar, now, parseSearchQuery(text), units ? { units: [...units] } : { all: true });
          times.push(performance.now() - t);
          total = page.total;
        }
        times.sort((a, b) => a - b);
        queries.push({ query: text, scope, total, p50Ms: round(quantile(times, 0.5)), p95Ms: round(quantile(times, 0.95)), maxMs: round(times.at(-1)!) });
      }
    }
    const figures: SearchFigures = {
      items: ledger.items,
      insertMs: round(insertMs),
      reindexMs: round(reindexMs),
      queries,
      worstP95Ms: Math.max(...queries.map((q) => q.p95Ms)),
    };
    for (const q of queries) options.log(`  「${q.query}」 as ${q.scope}: ${q.total} found, p50 ${q.p50Ms} ms, p95 ${q.p95Ms} ms`);
    options.log(
      `  ${ledger.items} items inserted (index by triggers) in ${(insertMs / 1000).toFixed(1)} s; a title edit re-indexed in ${figures.reindexMs} ms`,
    );
    return figures;
  } finally {
    close();
    rmSync(dir, { recursive: true, force: true });
  }
}
