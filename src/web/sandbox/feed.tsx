/**
 * The sandbox chat as server-rendered HTML: one chat's messages (1:1 with the bot, or the unit's
 * group) in arrival order, each card rendered from the core message model. The page shows it at
 * load and polls it as JSON fragments, replacing a message whose content changed (a card updated
 * in place) and appending new ones (pushes).
 */
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { raw } from 'hono/html';
import type { AppDb } from '../../../db/types';
import { sandboxMessages } from '../../../db/schema';
import type { FileMessage, FileSpec, Message } from '../../core/messages';
import { LEDGER_SHEET } from '../../export/ledger-columns';
import type { Person } from '../../core/org/types';
import { dayjs, RULE_TZ } from '../../core/time';
import { CardView } from '../render/card';
import { plainTextToHtml } from '../render/markdown';

/** A chat as the page names it: `p2p` (1:1 with the bot) or the id of the person's unit (its group). */
export type ChatKey = string;

export interface FeedMessage {
  id: string;
  /** Arrival order (SQLite rowid): with a fixed clock every message has the same `sentAt`. */
  seq: number;
  urgent: boolean;
  sentAt: Date;
  message: Message;
}

const recipientOf = (person: Person, chat: ChatKey) =>
  chat === 'p2p'
    ? and(eq(sandboxMessages.recipientType, 'person'), eq(sandboxMessages.recipientId, person.id))
    : and(eq(sandboxMessages.recipientType, 'unit_chat'), eq(sandboxMessages.recipientId, chat));

export async function loadFeed(db: AppDb, person: Person, chat: ChatKey): Promise<FeedMessage[]> {
  const rows = await db
    .select({
      seq: sql<number>`rowid`,
      id: sandboxMessages.id,
      urgent: sandboxMessages.urgent,
      sentAt: sandboxMessages.sentAt,
      payload: sandboxMessages.payload,
    })
    .from(sandboxMessages)
    .where(recipientOf(person, chat))
    .orderBy(asc(sql`rowid`));
  return rows.map((r) => ({ id: r.id, seq: Number(r.seq), urgent: r.urgent, sentAt: r.sentAt, message: r.payload as Message }));
}

export async function countFeed(db: AppDb, person: Person, chat: ChatKey): Promise<number> {
  const [row] = await db.select({ n: count() }).from(sandboxMessages).where(recipientOf(person, chat));
  return row?.n ?? 0;
}

const shortTime = (at: Date) => dayjs(at).tz(RULE_TZ).format('MM-DD HH:mm');

export function MessageView({ m }: { m: FeedMessage }) {
  return (
    <div class={`msg bot${m.urgent ? ' urgent' : ''}`} id={`m-${m.id}`} data-msg={m.id} data-seq={String(m.seq)}>
      <div class="meta">
        <span class="sender">督办助手</span>
        {m.urgent ? <span class="tag-urgent">加急</span> : null}
        <time datetime={m.sentAt.toISOString()}>{shortTime(m.sentAt)}</time>
      </div>
      {m.message.kind === 'card' ? (
        <CardView card={m.message.card} options={{ interactive: true, idPrefix: m.id }} />
      ) : m.message.kind === 'file' ? (
        <FileBubble message={m.message} />
      ) : (
        <div class="bubble">{raw(plainTextToHtml(m.message.text))}</div>
      )}
    </div>
  );
}

const FORMAT_NAMES: Record<FileSpec['format'], string> = { xlsx: 'Excel', csv: 'CSV' };

/** A file as the sandbox shows it: what it is, and its one-time download link (chat platforms send the file itself). */
function FileBubble({ message }: { message: FileMessage }) {
  const { format } = message.file;
  return (
    <div class="bubble file">
      <span class="file-icon" aria-hidden="true">
        {format.toUpperCase()}
      </span>
      <span class="file-name">
        {`${LEDGER_SHEET}.${format}`}
        <small>{`${FORMAT_NAMES[format]} 文件 · 链接只能下载一次`}</small>
      </span>
      <a class="file-download" href={message.link} target="_blank" rel="noopener">
        下载
      </a>
    </div>
  );
}

export const messageHtml = (m: FeedMessage) => String(<MessageView m={m} />);
