/**
 * Search over the ledger (Art. 40 督查台账): the `ledger_search` FTS5 table (migration `search`, kept
 * in step with items, reports and 来文 by triggers) ranked by bm25, words of 1–2 characters by LIKE
 * over the same columns. Results are limited by the same scope as `/台账` (ledgerScope).
 */
import { inArray, sql, type SQL } from 'drizzle-orm';
import { supervisionItems } from '../../../db/schema';
import type { AppDb } from '../../../db/types';
import type { WorkCalendar } from '../calendar/types';
import { itemLight, type ItemLight } from './light';
import { ftsMatch, highlight, likePatterns, snippet, type SearchQuery, type Segment } from './search-query';
import type { SupervisionItem } from './types';

export const SEARCH_PAGE_SIZE = 10;

/** Columns of `ledger_search` after the title, in the order a hit is explained. */
const FIELDS = [
  { column: 'reports', label: '报告' },
  { column: 'content', label: '内容' },
  { column: 'reference', label: '文号' },
  { column: 'responsible', label: '责任人' },
  { column: 'units', label: '单位' },
] as const;
const COLUMNS = ['item_id', 'title', 'content', 'reference', 'units', 'responsible', 'reports'] as const;
type Column = (typeof COLUMNS)[number];
/** bm25 weights per column (as COLUMNS): a word in the number or title counts most, in reports least. */
const WEIGHTS = sql.raw('10.0, 8.0, 2.0, 5.0, 3.0, 4.0, 1.0');

export interface SearchHit {
  item: SupervisionItem;
  light: ItemLight;
  title: Segment[];
  /** Where else the words were found (a report, the content…), a short excerpt; absent when only in the title. */
  match?: { label: string; snippet: Segment[] };
}

export interface SearchPage {
  query: SearchQuery;
  hits: SearchHit[];
  total: number;
  page: number;
  pages: number;
}

type Scope = { all: true } | { units: string[] };
type Row = Record<Column, string> & { rid: number };

function scopeCondition(scope: Scope): SQL {
  if ('all' in scope) return sql`1`;
  const units = sql.join(
    scope.units.map((u) => sql`${u}`),
    sql`, `,
  );
  return sql`(i.lead_unit_id IN (${units}) OR EXISTS (SELECT 1 FROM json_each(i.assisting_unit_ids) j WHERE j.value IN (${units})))`;
}

function conditions(query: SearchQuery, scope: Scope): SQL {
  const parts: SQL[] = [scopeCondition(scope)];
  const match = ftsMatch(query.words);
  if (match) parts.push(sql`ledger_search MATCH ${match}`);
  for (const pattern of likePatterns(query.words)) {
    parts.push(
      sql`(${sql.join(
        COLUMNS.map((c) => sql`ledger_search.${sql.identifier(c)} LIKE ${pattern} ESCAPE '\\'`),
        sql` OR `,
      )})`,
    );
  }
  return sql.join(parts, sql` AND `);
}

/** One page (1-based) of the items matching every word, best first; a page past the end is the last. */
export async function searchLedger(db: AppDb, calendar: WorkCalendar, now: Date, query: SearchQuery, scope: Scope, page = 1): Promise<SearchPage> {
  const where = conditions(query, scope);
  const from = sql`ledger_search JOIN supervision_items i ON i.rowid = ledger_search.rowid`;
  const ranked = Boolean(ftsMatch(query.words));
  // bm25 exists only for a MATCH; 1–2 character words rank title hits first, then the newest.
  const order = ranked
    ? sql`bm25(ledger_search, ${WEIGHTS}), i.year DESC, i.seq DESC`
    : sql`(${sql.join(
        likePatterns(query.words).map((p) => sql`(ledger_search.title LIKE ${p} ESCAPE '\\')`),
        sql` + `,
      )}) DESC, i.year DESC, i.seq DESC`;
  const countAll = async () => (await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM ${from} WHERE ${where}`))[0]?.n ?? 0;
  // A LIKE search reads every row: one pass gives the page and the total (a window count). bm25 may not
  // sit beside a window function, so a ranked search counts apart (cheap: the index answers it).
  const pageRows = (n: number) =>
    db.all<Row & { total?: number }>(sql`
    SELECT ledger_search.rowid AS rid, ${sql.join(
      COLUMNS.map((c) => sql`ledger_search.${sql.identifier(c)}`),
      sql`, `,
    )}${ranked ? sql`` : sql`, count(*) OVER () AS total`}
    FROM ${from} WHERE ${where} ORDER BY ${order}
    LIMIT ${SEARCH_PAGE_SIZE} OFFSET ${(n - 1) * SEARCH_PAGE_SIZE}`);
  let current = Math.max(1, Math.floor(page));
  let counted = ranked ? await countAll() : undefined;
  if (counted !== undefined) current = Math.min(current, Math.max(1, Math.ceil(counted / SEARCH_PAGE_SIZE)));
  let rows = await pageRows(current);
  if (rows.length === 0 && current > 1) {
    // Past the end (an old 下一页 button after items went away): the last page.
    counted = await countAll();
    current = Math.max(1, Math.ceil(counted / SEARCH_PAGE_SIZE));
    rows = await pageRows(current);
  }
  const total = counted ?? rows[0]?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / SEARCH_PAGE_SIZE));
  if (total === 0) return { query, hits: [], total, page: 1, pages };
  const ids = rows.map((r) => r.item_id);
  const items = new Map((await db.select().from(supervisionItems).where(inArray(supervisionItems.id, ids))).map((i) => [i.id, i]));
  const hits = rows.flatMap((row): SearchHit[] => {
    const item = items.get(row.item_id);
    if (!item) return [];
    const found = FIELDS.map((f) => ({ label: f.label, snippet: snippet(row[f.column] ?? '', query.words) })).find((f) => f.snippet);
    const titleHit = highlight(item.title, query.words).some((s) => s.hit);
    return [
      {
        item,
        light: itemLight(item, calendar, now),
        title: highlight(item.title, query.words),
        match: found && (!titleHit || found.label === '报告' || found.label === '内容') ? { label: found.label, snippet: found.snippet! } : undefined,
      },
    ];
  });
  return { query, hits, total, page: current, pages };
}
