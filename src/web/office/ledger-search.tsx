/**
 * The search box of the /office ledger (`?q=供暖&page=2`): the same search as `/台账 搜索`, over the
 * whole ledger (everyone allowed in sees all of it), ranked, the words marked, 10 a page.
 */
import type { Directory } from '../../core/org/directory';
import { SEARCH_PAGE_SIZE, searchLedger, type SearchPage } from '../../core/supervision/search';
import { parseSearchQuery, SEARCH_MAX_LENGTH, type Segment } from '../../core/supervision/search-query';
import { STATUS_ZH } from '../../core/supervision/types';
import { UserError } from '../../core/errors';
import type { AppDeps } from '../../app-env';

export type OfficeSearch = { kind: 'none' } | { kind: 'error'; text: string; message: string } | { kind: 'done'; result: SearchPage };

/** `q` absent or blank: no search; anything the bot would refuse is the same Chinese message here. */
export async function officeSearch(deps: AppDeps, query: { q?: string; page?: string }): Promise<OfficeSearch> {
  const text = query.q ?? '';
  if (!text.trim()) return { kind: 'none' };
  try {
    const parsed = parseSearchQuery(text);
    const page = /^\d{1,4}$/.test(query.page ?? '') ? Number(query.page) : 1;
    const now = deps.clock.now();
    return { kind: 'done', result: await searchLedger(deps.db, await deps.loadCalendar(deps.db), now, parsed, { all: true }, page) };
  } catch (error) {
    if (error instanceof UserError) return { kind: 'error', text: text.slice(0, SEARCH_MAX_LENGTH * 2), message: error.message };
    throw error;
  }
}

const Marked = ({ segments }: { segments: readonly Segment[] }) => <>{segments.map((s) => (s.hit ? <mark>{s.text}</mark> : s.text))}</>;

/** The search form of a dashboard page: the words kept in the box, 清除 once searched, a refusal under it. */
export function SearchForm(props: {
  action: string;
  label: string;
  placeholder: string;
  value: string;
  searched: boolean;
  error?: string;
  clearHref: string;
  children?: unknown;
}) {
  return (
    <form class="search" method="get" action={props.action} aria-label={props.label}>
      <input type="search" name="q" value={props.value || undefined} maxlength={SEARCH_MAX_LENGTH * 2} placeholder={props.placeholder} aria-label="搜索词" />
      <button type="submit" class="btn primary">
        搜索
      </button>
      {props.searched ? (
        <a class="btn" href={props.clearHref}>
          清除
        </a>
      ) : null}
      {props.error ? (
        <p class="error-box" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.children}
    </form>
  );
}

export function SearchBox({ search }: { search: OfficeSearch }) {
  const value = search.kind === 'done' ? search.result.query.text : search.kind === 'error' ? search.text : '';
  return (
    <SearchForm
      action="/office#ledger"
      label="台账搜索"
      placeholder="搜索标题、内容、文号、单位、责任人、报告，如：供暖"
      value={value}
      searched={search.kind !== 'none'}
      error={search.kind === 'error' ? search.message : undefined}
      clearHref="/office#ledger"
    />
  );
}

const pageHref = (text: string, page: number) => `/office?${new URLSearchParams({ q: text, page: String(page) })}#ledger`;

export function SearchResults({ result, dir }: { result: SearchPage; dir: Directory }) {
  const { query, hits, total, page, pages } = result;
  return (
    <div id="search-results">
      <p id="search-count">
        搜索「{query.text}」：共 {total} 项{pages > 1 ? `，第 ${page}/${pages} 页` : ''}（按相关程度排序）
      </p>
      {hits.length === 0 ? (
        <p class="muted">没有找到包含「{query.text}」的督查事项。可换个说法，或少写几个字再试。</p>
      ) : (
        <ol class="hits" start={(page - 1) * SEARCH_PAGE_SIZE + 1}>
          {hits.map(({ item, light, title, match }) => (
            <li data-item={item.id}>
              <div>
                <span class="light">{light.emoji}</span> <a href={`/office/items/${encodeURIComponent(item.id)}`}>{item.id}</a>{' '}
                <b>
                  <Marked segments={title} />
                </b>
              </div>
              <div class="note">
                {dir.unit(item.leadUnitId)?.name ?? item.leadUnitId} · 期限 {item.dueOn} · {STATUS_ZH[item.status]}
              </div>
              {match ? (
                <div class="snippet">
                  {match.label}：<Marked segments={match.snippet} />
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {pages > 1 ? (
        <nav class="pager" aria-label="搜索结果分页">
          {page > 1 ? (
            <a class="btn" rel="prev" href={pageHref(query.text, page - 1)}>
              上一页
            </a>
          ) : null}
          <span>
            第 {page}/{pages} 页
          </span>
          {page < pages ? (
            <a class="btn" rel="next" href={pageHref(query.text, page + 1)}>
              下一页
            </a>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
