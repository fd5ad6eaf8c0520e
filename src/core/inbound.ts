import type { Person } from './org/types';

export type Platform = 'feishu' | 'dingtalk' | 'sandbox';

/** Where a message was typed: a 1:1 chat with the bot, or a group (a unit's chat when known). */
export type ChatRef = { type: 'p2p' } | { type: 'group'; unitId: string | null; platformChatId: string };

/** The one internal shape every platform turns a text message into (transport kept apart from logic). */
export interface InboundMessage {
  platform: Platform;
  /** Platform-unique id used for dedupe (Feishu: message_id; DingTalk: msgId). */
  dedupeKey: string;
  actor: Person;
  chat: ChatRef;
  text: string;
  /** The platform's id of the inbound message, to reply to it. */
  platformMessageId?: string;
}

/** A picture or file sent to the bot (佐证材料); downloaded later, by a durable job. */
export interface InboundAttachment {
  platform: Platform;
  dedupeKey: string;
  actor: Person;
  chat: ChatRef;
  platformMessageId: string;
  /** The message it replies to (Feishu parent_id): which card, and so which item or report. */
  parentMessageId?: string;
  resource: { type: 'image' | 'file'; key: string; name?: string; size?: number };
}

/** A card button click or form submission. */
export interface InboundAction {
  platform: Platform;
  dedupeKey: string;
  actor: Person;
  /** The platform's id of the card message that was clicked. */
  platformMessageId?: string;
  action: string;
  payload: Record<string, string>;
  form: Record<string, string>;
}
