import { z } from 'zod';
import type { ChatRef, InboundAttachment, InboundMessage } from '../../core/inbound';
import type { Directory } from '../../core/org/directory';
import type { Inbound } from '../../bot/inbound';
import { NOT_TEXT_HINT, strangerReply } from '../../core/platform-replies';
import { dayjs, RULE_TZ } from '../../core/time';
import { toPerson, toUnitChat } from '../../core/messages';
import { toPlatformUser } from '../../outbox/sender';
import { parseBoundedJson } from '../bounded-json';
import { actionOf } from '../click-value';

export { actionOf };

/**
 * Feishu payloads (already authenticated and decrypted) → the core's inbound shapes. The core never
 * sees a Feishu payload (transport kept apart from logic).
 */

/** An authenticated payload that lacks what its event type promises: answered 400, nothing written. */
export class MalformedEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedEventError';
  }
}

const header = z.object({ event_id: z.string().min(1), event_type: z.string().min(1) });

// https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/im-v1/message/events/receive
const messageReceive = z.object({
  sender: z.object({ sender_id: z.object({ open_id: z.string().min(1) }), sender_type: z.string() }),
  message: z.object({
    message_id: z.string().min(1),
    /** Set when the message replies to another (a card the bot sent): where an attachment belongs. */
    parent_id: z.string().optional(),
    chat_id: z.string().min(1),
    chat_type: z.string().min(1),
    message_type: z.string().min(1),
    content: z.string(),
    mentions: z.array(z.object({ key: z.string(), id: z.object({ open_id: z.string().optional() }).partial() })).optional(),
  }),
});

// https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/application-v6/bot/events/menu
const botMenu = z.object({
  operator: z.object({ operator_id: z.object({ open_id: z.string().min(1) }) }),
  event_key: z.string().min(1),
});

// https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-callback-communication
const cardAction = z.object({
  operator: z.object({ open_id: z.string().min(1) }),
  action: z.object({ value: z.unknown().optional(), form_value: z.record(z.string(), z.unknown()).optional() }),
  context: z.object({ open_message_id: z.string().optional() }).optional(),
});

export type FeishuEvent =
  | {
      kind: 'message';
      /** message_id, not event_id: the docs warn the same message may come with another event_id. */
      dedupeKey: string;
      senderOpenId: string;
      fromUser: boolean;
      chatType: 'p2p' | 'group';
      chatId: string;
      messageId: string;
      parentId?: string;
      messageType: string;
      content: string;
      mentionedOpenIds: string[];
    }
  | { kind: 'menu'; dedupeKey: string; operatorOpenId: string; eventKey: string }
  | { kind: 'card_action'; dedupeKey: string; operatorOpenId: string; messageId?: string; value: unknown; formValue: Record<string, unknown> }
  | { kind: 'other'; eventType: string };

function parsed<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new MalformedEventError(`${what}: ${result.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  }
  return result.data;
}

/** Reads a decrypted event envelope (schema 2.0; 1.0 envelopes are acknowledged and ignored). */
export function parseEvent(payload: Record<string, unknown>): FeishuEvent {
  if (payload.schema !== '2.0') return { kind: 'other', eventType: String((payload.event as { type?: unknown })?.type ?? payload.type ?? 'unknown') };
  const { event_id: eventId, event_type: eventType } = parsed(header, payload.header, 'header');
  const event = payload.event;
  if (eventType === 'im.message.receive_v1') {
    const { sender, message } = parsed(messageReceive, event, eventType);
    return {
      kind: 'message',
      dedupeKey: message.message_id,
      senderOpenId: sender.sender_id.open_id,
      fromUser: sender.sender_type === 'user',
      chatType: message.chat_type === 'p2p' ? 'p2p' : 'group',
      chatId: message.chat_id,
      messageId: message.message_id,
      parentId: message.parent_id || undefined,
      messageType: message.message_type,
      content: message.content,
      mentionedOpenIds: (message.mentions ?? []).map((m) => m.id.open_id).filter((id): id is string => Boolean(id)),
    };
  }
  if (eventType === 'application.bot.menu_v6') {
    const menu = parsed(botMenu, event, eventType);
    return { kind: 'menu', dedupeKey: eventId, operatorOpenId: menu.operator.operator_id.open_id, eventKey: menu.event_key };
  }
  if (eventType === 'card.action.trigger') {
    const click = parsed(cardAction, event, eventType);
    return {
      kind: 'card_action',
      dedupeKey: eventId,
      operatorOpenId: click.operator.open_id,
      messageId: click.context?.open_message_id,
      value: click.action.value,
      formValue: click.action.form_value ?? {},
    };
  }
  return { kind: 'other', eventType };
}

/** `@_user_1 /请假 明天` → `/请假 明天`: mentions arrive as placeholders in the text. */
export function stripMentions(text: string): string {
  return text
    .replace(/@_user_\d+|@_all/g, '')
    .replace(/[ \t\u3000]{2,}/g, ' ')
    .trim();
}

type PostNode = { tag?: string; text?: string };

/** The text of a `text` message, or the plain text of a `post` (rich text); undefined for pictures, files… */
export function messageText(messageType: string, content: string): string | undefined {
  const parsed = parseBoundedJson(content);
  if (!parsed.ok) throw new MalformedEventError(`message.content ${parsed.error}`);
  const body = parsed.value;
  if (messageType === 'text') {
    const text = (body as { text?: unknown })?.text;
    if (typeof text !== 'string') throw new MalformedEventError('text message without content.text');
    return stripMentions(text);
  }
  if (messageType === 'post') {
    // Received posts carry {title, content: [[node…]…]}; sent ones may wrap that in a locale key.
    const post = (body ?? {}) as Record<string, unknown>;
    const localized = Object.values(post).find((v): v is { content: unknown[] } => Array.isArray((v as { content?: unknown })?.content));
    const paragraphs = Array.isArray(post.content) ? post.content : localized?.content;
    if (!paragraphs) return undefined;
    const lines = paragraphs.map((p) =>
      Array.isArray(p)
        ? (p as PostNode[])
            .filter((n) => n?.tag === 'text')
            .map((n) => n.text ?? '')
            .join('')
        : '',
    );
    return stripMentions(lines.join('\n'));
  }
  return undefined;
}

const imageContent = z.object({ image_key: z.string().min(1) });
const fileContent = z.object({ file_key: z.string().min(1), file_name: z.string().optional() });

/**
 * A picture (`{"image_key"}`) or file (`{"file_key","file_name"}`) message's resource, to download
 * with im/v1/messages/:id/resources/:key (message content formats: im-v1/message/events/message_content).
 */
export function attachedResource(messageType: string, content: string): InboundAttachment['resource'] | undefined {
  const parsed = parseBoundedJson(content);
  if (!parsed.ok) return undefined;
  if (messageType === 'image') {
    const image = imageContent.safeParse(parsed.value);
    return image.success ? { type: 'image', key: image.data.image_key } : undefined;
  }
  if (messageType === 'file') {
    const file = fileContent.safeParse(parsed.value);
    return file.success ? { type: 'file', key: file.data.file_key, name: file.data.file_name || undefined } : undefined;
  }
  return undefined;
}

/** A picker value as the core expects it: `2024-04-01 +0800` → `2024-04-01`; date-times in Beijing time. */
function formValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(formValue).join(',');
  if (typeof value !== 'string') return value === undefined || value === null ? '' : String(value);
  const date = /^(\d{4}-\d{2}-\d{2}) [+-]\d{4}$/.exec(value);
  if (date) return date[1]!;
  const dateTime = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}) ([+-]\d{2})(\d{2})$/.exec(value);
  if (dateTime)
    return dayjs(`${dateTime[1]!.replace(' ', 'T')}:00${dateTime[2]}:${dateTime[3]}`)
      .tz(RULE_TZ)
      .format('YYYY-MM-DD HH:mm');
  const time = /^(\d{2}:\d{2}) [+-]\d{4}$/.exec(value);
  return time ? time[1]! : value;
}

export function formFields(formValues: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(formValues).map(([name, value]) => [name, formValue(value)]));
}

/**
 * Decides what an event means for the bot. Group messages count only when they @-mention the bot:
 * `botOpenId` (GET /open-apis/bot/v3/info, cached) is asked only for messages that mention someone;
 * when it is unknown, any mention counts (the `im:message.group_at_msg` scope delivers only those anyway).
 */
export async function toInbound(event: FeishuEvent, dir: Directory, botOpenId: () => Promise<string | undefined>): Promise<Inbound> {
  if (event.kind === 'other') return { kind: 'ignore', reason: `event ${event.eventType} is not handled` };

  if (event.kind === 'menu') {
    const actor = dir.byFeishuOpenId(event.operatorOpenId);
    if (!actor) return { kind: 'reply', dedupeKey: event.dedupeKey, text: strangerReply(dir, '飞书'), to: toPlatformUser(event.operatorOpenId) };
    // A menu item's event key is the command's name (help, leave, …); it has no chat, so the answer goes 1:1.
    const message: InboundMessage = { platform: 'feishu', dedupeKey: event.dedupeKey, actor, chat: { type: 'p2p' }, text: `/${event.eventKey}` };
    return { kind: 'message', message };
  }

  if (event.kind === 'card_action') {
    const actor = dir.byFeishuOpenId(event.operatorOpenId);
    if (!actor) return { kind: 'refuse_click', text: strangerReply(dir, '飞书') };
    const { action, payload } = actionOf(event.value);
    return {
      kind: 'action',
      action: { platform: 'feishu', dedupeKey: event.dedupeKey, actor, platformMessageId: event.messageId, action, payload, form: formFields(event.formValue) },
    };
  }

  if (!event.fromUser) return { kind: 'ignore', reason: 'message from an app, not a person' };
  if (event.chatType === 'group') {
    if (event.mentionedOpenIds.length === 0) return { kind: 'ignore', reason: 'group message without @bot' };
    const bot = await botOpenId();
    if (bot && !event.mentionedOpenIds.includes(bot)) return { kind: 'ignore', reason: 'group message @-mentions someone else' };
  }
  const text = messageText(event.messageType, event.content);
  const actor = dir.byFeishuOpenId(event.senderOpenId);
  if (!actor)
    return { kind: 'reply', dedupeKey: event.dedupeKey, text: strangerReply(dir, '飞书'), to: toPlatformUser(event.senderOpenId), replyTo: event.messageId };
  const unit = event.chatType === 'group' ? dir.units.find((u) => u.feishuChatId === event.chatId) : undefined;
  const chat: ChatRef = event.chatType === 'p2p' ? { type: 'p2p' } : { type: 'group', unitId: unit?.id ?? null, platformChatId: event.chatId };
  const resource = text === undefined ? attachedResource(event.messageType, event.content) : undefined;
  if (resource) {
    return {
      kind: 'attachment',
      attachment: {
        platform: 'feishu',
        dedupeKey: event.dedupeKey,
        actor,
        chat,
        platformMessageId: event.messageId,
        parentMessageId: event.parentId,
        resource,
      },
    };
  }
  if (text === undefined) {
    return { kind: 'reply', dedupeKey: event.dedupeKey, text: NOT_TEXT_HINT, to: unit ? toUnitChat(unit.id) : toPerson(actor.id), replyTo: event.messageId };
  }
  return {
    kind: 'message',
    message: { platform: 'feishu', dedupeKey: event.dedupeKey, actor, chat, text, platformMessageId: event.messageId },
  };
}
