/**
 * The platform-neutral message model. The core speaks only this; each platform renders it
 * (Feishu card JSON 2.0, DingTalk cards, the sandbox page).
 */
import type { LedgerFilters } from './supervision/ledger';

export type Colour = 'blue' | 'green' | 'orange' | 'red' | 'grey' | 'purple';

/** A button sends `action` with `payload` back to the bot (compact: platforms limit callback size). */
export interface Button {
  label: string;
  action: string;
  payload?: Record<string, string>;
  style?: 'primary' | 'danger' | 'default';
  /**
   * The typed command that does the same, e.g. `/签收 DB-0012`. Platforms without callback buttons
   * (DingTalk ActionCard) make the button send it as the user's own message; when absent they fall
   * back to a generic encoding of `action` + `payload`.
   */
  command?: string;
}

/**
 * Card markdown as runs of two kinds: the bot's own `markup`, and `text` (anything a person typed, and
 * any data) that each renderer escapes for its target — Feishu lark_md, DingTalk markdown, HTML — so a
 * typed `[详情](https://…)` or `<at id=all></at>` stays inert text. Build it with the `md` tag.
 */
export type MdPart = { markup: string } | { text: string };
export interface Md {
  readonly md: readonly MdPart[];
}

/** `md\`**${title}**\``: the literal parts are markup; interpolated strings and numbers are text, `Md` values stay as built. */
export function md(strings: TemplateStringsArray, ...values: ReadonlyArray<string | number | Md>): Md {
  const parts: MdPart[] = [];
  strings.forEach((chunk, i) => {
    if (chunk) parts.push({ markup: chunk });
    if (i >= values.length) return;
    const value = values[i]!;
    if (typeof value === 'object') parts.push(...value.md);
    else parts.push({ text: String(value) });
  });
  return { md: parts };
}

/** Text alone, shown as typed. */
export const mdText = (value: string): Md => ({ md: [{ text: value }] });

/** Pieces joined by a markup separator (a line break by default). */
export function mdJoin(pieces: readonly Md[], separator = '\n'): Md {
  // One array, filled in place: a daily digest joins thousands of lines (docs/daily-jobs-at-scale.md).
  const parts: MdPart[] = [];
  pieces.forEach((piece, i) => {
    if (i > 0) parts.push({ markup: separator });
    for (const part of piece.md) parts.push(part);
  });
  return { md: parts };
}

/**
 * The markdown for one target: text through `escape`, markup through `markup` (as is by default, for a
 * target lacking some syntax). Outbox rows and sandbox history written before markdown was typed hold a
 * bare string; it is shown as text.
 */
export function renderMd(value: Md | string, escape: (text: string) => string, markup = (source: string) => source): string {
  if (typeof value === 'string') return escape(value);
  return value.md.map((part) => ('markup' in part ? markup(part.markup) : escape(part.text))).join('');
}

/** The markdown as the bot wrote it, text unescaped: for reading a card's content, never for display. */
export const mdSource = (value: Md | string): string => renderMd(value, (text) => text);

/** Plain text, shown as text wherever it is rendered (labels, values, titles). */
export interface Field {
  label: string;
  value: string;
}

export interface SelectOption {
  label: string;
  value: string;
}

export interface FormInput {
  kind: 'text' | 'textarea' | 'date' | 'select';
  name: string;
  label: string;
  required?: boolean;
  placeholder?: string;
  initial?: string;
  options?: SelectOption[];
  /** A select where several options may be chosen; the values arrive comma-separated. */
  multiple?: boolean;
}

export interface ChartSeries {
  name: string;
  values: number[];
}

export type Block =
  | { type: 'markdown'; text: Md }
  | { type: 'fields'; fields: Field[] }
  | { type: 'buttons'; buttons: Button[] }
  | { type: 'form'; name: string; inputs: FormInput[]; submit: Button }
  | { type: 'note'; text: Md }
  | { type: 'divider' }
  | { type: 'chart'; title: string; categories: string[]; series: ChartSeries[] };

export interface Card {
  title: string;
  colour: Colour;
  blocks: Block[];
}

/**
 * A file described, not held: the platform sender has it generated when the message goes out, so an
 * outbox row stays small and a retry sends the ledger as it stands then. The one kind so far is the
 * ledger export of `/台账 导出`, made for (and only ever sent to) office staff.
 */
export interface FileSpec {
  type: 'ledger';
  format: 'xlsx' | 'csv';
  filters: LedgerFilters;
  /** Who asked: the file is generated only while this person may still export. */
  requestedBy: string;
}

/** A generated file, ready to upload. */
export interface OutgoingFile {
  filename: string;
  contentType: string;
  body: Uint8Array;
}

/** Generates the file a `file` message describes (src/export/ledger-file.ts), for the platform senders. */
export type FileSource = (spec: FileSpec) => Promise<OutgoingFile>;

/**
 * A file message: chat platforms upload and send the file itself; `link` downloads the same file from
 * this service (a one-time link), which the sandbox shows as the file's download button.
 */
export interface FileMessage {
  kind: 'file';
  file: FileSpec;
  link: string;
}

/** A message a platform renders by itself: text or a card. */
export type ChatMessage = { kind: 'text'; text: string } | { kind: 'card'; card: Card };
export type Message = ChatMessage | FileMessage;

export const text = (value: string): Message => ({ kind: 'text', text: value });
export const cardMessage = (card: Card): Message => ({ kind: 'card', card });
export const fileMessage = (file: FileSpec, link: string): Message => ({ kind: 'file', file, link });

/** Where a message goes: a person directly, or a unit's group chat. */
export type Recipient = { type: 'person'; personId: string } | { type: 'unit_chat'; unitId: string };

export const toPerson = (personId: string): Recipient => ({ type: 'person', personId });
export const toUnitChat = (unitId: string): Recipient => ({ type: 'unit_chat', unitId });

/** What a card click gets back at once: a toast and, where the state changed, the updated card. */
export interface ActionResponse {
  toast: { kind: 'info' | 'success' | 'error' | 'warning'; text: string };
  card?: Card;
}
