/**
 * What people type after `/台账 搜索` (or into the /office search box): plain words, at most
 * {@link SEARCH_MAX_LENGTH} characters, every word must appear (AND). Full-text syntax is refused with
 * a Chinese message rather than passed on: the words are only ever bound as quoted phrases or LIKE
 * patterns, never as query syntax.
 */
import { UserError } from '../errors';

export const SEARCH_MAX_LENGTH = 50;
export const SEARCH_MAX_WORDS = 5;
/** The trigram index answers words of 3+ characters; shorter ones are matched with LIKE. */
export const TRIGRAM_MIN_CHARS = 3;

export interface SearchQuery {
  /** The query as normalised, for the card, the page box and the next-page command. */
  text: string;
  words: string[];
}

export const SEARCH_EXAMPLE = '/台账 搜索 供暖';
const FTS_SYNTAX = /["*^]/;
const FTS_OPERATORS = new Set(['AND', 'OR', 'NOT', 'NEAR']);

export function parseSearchQuery(input: string): SearchQuery {
  const text = input
    .normalize('NFKC')
    .replace(/\p{Cc}/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
  if (!text) throw new UserError(`请在「搜索」后写要找的文字，例如：${SEARCH_EXAMPLE}（可搜标题、内容、文号、单位、责任人和报告）。`);
  if ([...text].length > SEARCH_MAX_LENGTH)
    throw new UserError(`搜索词太长（${[...text].length} 字），请不超过 ${SEARCH_MAX_LENGTH} 字，例如：${SEARCH_EXAMPLE}。`);
  if (FTS_SYNTAX.test(text)) throw new UserError('搜索词不能包含引号（"）、星号（*）或 ^ 等符号，请直接输入要找的文字，多个词用空格分开。');
  const words = [...new Set(text.split(' '))];
  const operator = words.find((w) => FTS_OPERATORS.has(w.toUpperCase()) || /^NEAR\(/i.test(w));
  if (operator) throw new UserError(`搜索不支持「${operator}」这样的检索语法：多个词用空格分开即表示同时包含。`);
  if (words.length > SEARCH_MAX_WORDS) throw new UserError(`搜索词最多 ${SEARCH_MAX_WORDS} 个（用空格分开），请减少一些。`);
  return { text, words };
}

/** The words as one FTS5 query: each a quoted phrase (a substring, for the trigram tokenizer), all required. */
export function ftsMatch(words: readonly string[]): string | undefined {
  const long = words.filter((w) => [...w].length >= TRIGRAM_MIN_CHARS);
  return long.length ? long.map((w) => `"${w}"`).join(' ') : undefined;
}

/** Words too short for the trigram index, as LIKE patterns (`%` `_` `\` escaped). */
export function likePatterns(words: readonly string[]): string[] {
  return words.filter((w) => [...w].length < TRIGRAM_MIN_CHARS).map((w) => `%${w.replace(/[\\%_]/g, '\\$&')}%`);
}

/** A piece of shown text, and whether it is one of the words (to be highlighted). */
export interface Segment {
  text: string;
  hit: boolean;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `text` cut into plain and matching pieces (case-insensitive); rendering escapes each piece. */
export function highlight(text: string, words: readonly string[]): Segment[] {
  if (!words.length) return [{ text, hit: false }];
  const pattern = new RegExp(
    words
      .map(escapeRegExp)
      .sort((a, b) => b.length - a.length)
      .join('|'),
    'giu',
  );
  const segments: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index > last) segments.push({ text: text.slice(last, m.index), hit: false });
    const previous = segments.at(-1);
    // Two words side by side are one bold run: `**供暖****投诉**` is not bold on every platform.
    if (previous?.hit && m.index === last) previous.text += m[0];
    else segments.push({ text: m[0], hit: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last), hit: false });
  return segments;
}

/** The first match in `text` with up to `around` characters either side, marked with … where cut. */
export function snippet(text: string, words: readonly string[], around = 20): Segment[] | undefined {
  const segments = highlight(text.replace(/\s+/g, ' '), words);
  const first = segments.findIndex((s) => s.hit);
  if (first < 0) return undefined;
  const before = segments
    .slice(0, first)
    .map((s) => s.text)
    .join('');
  const start = Math.max(0, before.length - around);
  const out: Segment[] = [];
  if (before.length) out.push({ text: (start > 0 ? '…' : '') + before.slice(start), hit: false });
  let budget = around * 3;
  for (const s of segments.slice(first)) {
    if (budget <= 0) {
      out.push({ text: '…', hit: false });
      break;
    }
    const piece = s.hit ? s.text : s.text.slice(0, budget);
    out.push({ text: piece + (!s.hit && piece.length < s.text.length ? '…' : ''), hit: s.hit });
    budget -= piece.length;
    if (!s.hit && piece.length < s.text.length) break;
  }
  return out;
}
