/**
 * The card markdown of the message model as HTML: the subset the core writes and Feishu renders —
 * **bold**, `code`, [links](https://…), "- " and "1. " lists (with indented continuation lines),
 * paragraphs and line breaks. Everything is escaped first, so text can never inject HTML; the text runs
 * of a card's markdown (what people typed) are kept out of the markdown syntax altogether.
 */
import { raw } from 'hono/html';
import { renderMd, type Md } from '../../core/messages';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Only web links and paths of this service are made clickable. */
const SAFE_HREF = /^(https?:\/\/|\/)[^\s"'<>]*$/;

function inline(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (whole, label: string, href: string) => {
      const url = href.replace(/&amp;/g, '&');
      return SAFE_HREF.test(url) ? `<a href="${escapeHtml(url)}">${label}</a>` : whole;
    });
}

type ListKind = 'ul' | 'ol';
const BULLET = /^\s{0,1}[-*•]\s+(.*)$/;
const NUMBERED = /^\s{0,1}(\d{1,3})[.、]\s+(.*)$/;
const CONTINUATION = /^\s{2,}(\S.*)$/;

/** Markdown text → HTML string (already escaped). */
export function markdownToHtml(text: string): string {
  const out: string[] = [];
  let paragraph: string[] = [];
  let list: { kind: ListKind; items: string[]; start: number } | undefined;
  const flushParagraph = () => {
    if (paragraph.length) out.push(`<p>${paragraph.join('<br>')}</p>`);
    paragraph = [];
  };
  const flushList = () => {
    if (!list) return;
    const start = list.kind === 'ol' && list.start !== 1 ? ` start="${list.start}"` : '';
    out.push(`<${list.kind}${start}>${list.items.map((i) => `<li>${i}</li>`).join('')}</${list.kind}>`);
    list = undefined;
  };
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    const continuation = CONTINUATION.exec(line);
    if (bullet || numbered) {
      const kind: ListKind = bullet ? 'ul' : 'ol';
      flushParagraph();
      if (list && list.kind !== kind) flushList();
      list ??= { kind, items: [], start: numbered ? Number(numbered[1]) : 1 };
      list.items.push(inline(bullet ? bullet[1]! : numbered![2]!));
    } else if (list && continuation) {
      list.items[list.items.length - 1] += `<br>${inline(continuation[1]!)}`;
    } else if (line.trim() === '') {
      flushParagraph();
      flushList();
    } else {
      flushList();
      paragraph.push(inline(line.trim()));
    }
  }
  flushParagraph();
  flushList();
  return out.join('');
}

/**
 * Text runs reach the markdown parser with every character its syntax uses swapped for a private-use
 * stand-in, so no typed `**`, `[x](url)`, `- ` or `1. ` can form markup; the stand-ins become the
 * escaped characters again in the finished HTML.
 */
const SYNTAX = ['\\', '`', '*', '_', '[', ']', '(', ')', '-', '•', '.', '、', '#', '<', '>', '&', '"', "'", '!', '~', '|'];
const STAND_IN_BASE = 0xe000;
const SYNTAX_CHAR = new RegExp(`[${SYNTAX.map((c) => `\\${c}`).join('')}]`, 'g');
const STAND_IN = new RegExp(`[\\u${STAND_IN_BASE.toString(16)}-\\u${(STAND_IN_BASE + SYNTAX.length - 1).toString(16)}]`, 'g');

const inert = (text: string) => text.replace(/[\ue000-\uf8ff]/g, '\ufffd').replace(SYNTAX_CHAR, (c) => String.fromCharCode(STAND_IN_BASE + SYNTAX.indexOf(c)));

/** A card's markdown (bot markup and typed text) → HTML string (already escaped). */
export function mdToHtml(value: Md): string {
  return markdownToHtml(renderMd(value, inert)).replace(STAND_IN, (c) => escapeHtml(SYNTAX[c.charCodeAt(0) - STAND_IN_BASE]!));
}

/** For JSX: the rendered markdown as a raw (pre-escaped) string. */
export const Markdown = (props: { text: Md; class?: string }) => raw(`<div class="${props.class ?? 'md'}">${mdToHtml(props.text)}</div>`);

/** Plain text with line breaks kept; only the bot's own export links are made clickable (bot text messages). */
export function plainTextToHtml(text: string): string {
  return escapeHtml(text)
    .replace(/(?<![\w/:.-])(?:https?:\/\/[^\s</]+)?\/exports\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`)
    .replace(/\n/g, '<br>');
}
