/**
 * The search box of /office/documents (`?q=供暖`): every word must appear in a document's title, 文号
 * (its own or the 来文's), sender or drafting unit, sign-off record (the 批示 text) or item number.
 * The same words and refusals as `/台账 搜索`; the register is small (hundreds a year), so it is
 * filtered as loaded rather than indexed.
 */
import { UserError } from '../../core/errors';
import type { Doc } from '../../core/documents/types';
import type { Directory } from '../../core/org/directory';
import { highlight, parseSearchQuery, SEARCH_MAX_LENGTH } from '../../core/supervision/search-query';
import { DOCUMENT_COLUMNS } from '../../export/document-export';
import { SearchForm } from './ledger-search';

export type DocumentSearch = { kind: 'none' } | { kind: 'error'; text: string; message: string } | { kind: 'done'; text: string; words: string[]; docs: Doc[] };

const SEARCHED = new Set(['标题', '文号', '来文单位/起草单位', '审签记录', '督查事项']);
const searched = DOCUMENT_COLUMNS.filter((c) => SEARCHED.has(c.header));

export function searchDocuments(docs: readonly Doc[], dir: Directory, q: string | undefined): DocumentSearch {
  const text = q ?? '';
  if (!text.trim()) return { kind: 'none' };
  try {
    const { text: normalised, words } = parseSearchQuery(text);
    const lowered = words.map((w) => w.toLowerCase());
    const found = docs.filter((d) => {
      const haystack = searched.map((c) => c.value(d, dir).normalize('NFKC').toLowerCase()).join('\n');
      return lowered.every((w) => haystack.includes(w));
    });
    return { kind: 'done', text: normalised, words, docs: found };
  } catch (error) {
    if (error instanceof UserError) return { kind: 'error', text: text.slice(0, SEARCH_MAX_LENGTH * 2), message: error.message };
    throw error;
  }
}

/** A title with the words marked (each piece escaped by JSX); one span, so a stacked (flex) cell keeps it one line of text. */
export const MarkedTitle = ({ title, words }: { title: string; words: readonly string[] }) => (
  <span>{highlight(title, words).map((s) => (s.hit ? <mark>{s.text}</mark> : s.text))}</span>
);

export function DocumentSearchBox({ search }: { search: DocumentSearch }) {
  return (
    <SearchForm
      action="/office/documents"
      label="公文搜索"
      placeholder="搜索标题、文号、来文单位、批示，如：供暖"
      value={search.kind === 'none' ? '' : search.text}
      searched={search.kind !== 'none'}
      error={search.kind === 'error' ? search.message : undefined}
      clearHref="/office/documents"
    >
      {search.kind === 'done' ? (
        <p class="note" id="documents-found">
          搜索「{search.text}」：共 {search.docs.length} 件
        </p>
      ) : null}
    </SearchForm>
  );
}
