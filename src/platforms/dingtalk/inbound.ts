import { z } from 'zod';
import type { Inbound } from '../../bot/inbound';
import type { ChatRef, InboundAttachment } from '../../core/inbound';
import { toPerson } from '../../core/messages';
import { NOT_TEXT_HINT, strangerReply } from '../../core/platform-replies';
import { toPlatformUser } from '../../outbox/sender';
import { actionResponseMessage } from './cards';
import type { Directory } from '../../core/org/directory';
import { parseButtonText } from './button-text';
import { parseBoundedJson } from '../bounded-json';

/**
 * DingTalk payloads → the core's inbound shapes. The robot callback body is the official
 * receive-message sample (fixtures/dingtalk/robot-callback-http-text.json); `sessionWebhook` is
 * deliberately ignored (it expires after ~90 minutes, see sender.ts).
 */

const robotCallback = z.object({
  msgId: z.string().min(1),
  msgtype: z.string().min(1),
  /** A string: "1" 单聊, "2" 群聊. */
  conversationType: z.enum(['1', '2']),
  conversationId: z.string().min(1),
  /** The sender's userId in the organisation; absent for external users (and before the robot is published). */
  senderStaffId: z.string().optional(),
  senderNick: z.string().optional(),
  conversationTitle: z.string().optional(),
  text: z.object({ content: z.string() }).optional(),
  /** Pictures and files (receive-message): `{downloadCode}`, files with `fileName`. */
  content: z.unknown().optional(),
});

const pictureContent = z.object({ downloadCode: z.string().min(1) });
const fileContent = z.object({ downloadCode: z.string().min(1), fileName: z.string().optional() });

/** A picture or file message's resource (its downloadCode), or undefined for anything else. */
function attachedResource(callback: RobotCallback): InboundAttachment['resource'] | undefined {
  if (callback.msgtype === 'picture') {
    const picture = pictureContent.safeParse(callback.content);
    return picture.success ? { type: 'image', key: picture.data.downloadCode } : undefined;
  }
  if (callback.msgtype === 'file') {
    const file = fileContent.safeParse(callback.content);
    return file.success ? { type: 'file', key: file.data.downloadCode, name: file.data.fileName || undefined } : undefined;
  }
  return undefined;
}
export type RobotCallback = z.infer<typeof robotCallback>;

export function parseRobotCallback(body: unknown): { ok: true; value: RobotCallback } | { ok: false; error: string } {
  const parsed = robotCallback.safeParse(body);
  if (!parsed.success)
    return { ok: false, error: `消息格式不正确：${parsed.error.issues.map((i) => `${i.path.join('.') || '（根）'} ${i.message}`).join('；')}` };
  return { ok: true, value: parsed.data };
}

function chatOf(callback: RobotCallback, dir: Directory): ChatRef {
  if (callback.conversationType === '1') return { type: 'p2p' };
  // A group's conversationId is the openConversationId the group-send APIs take (receive-message doc).
  const unit = dir.units.find((u) => u.dingtalkConversationId === callback.conversationId);
  return { type: 'group', unitId: unit?.id ?? null, platformChatId: callback.conversationId };
}

/**
 * What one robot callback asks of the bot. An ActionCard button (no callback route) arrives as its
 * generic text encoding: an action whose answer is a chat reply.
 */
export function robotInbound(callback: RobotCallback, dir: Directory): Inbound {
  const actor = callback.senderStaffId ? dir.byDingtalkUserId(callback.senderStaffId) : undefined;
  const replyTo = (text: string): Inbound => ({
    kind: 'reply',
    dedupeKey: callback.msgId,
    text,
    to: actor ? toPerson(actor.id) : toPlatformUser(callback.senderStaffId ?? callback.conversationId),
  });
  if (!actor) return replyTo(strangerReply(dir, '钉钉'));
  const resource = attachedResource(callback);
  if (resource) {
    // DingTalk has no reply-to-message: a file belongs to the person's report of the last ten minutes.
    return {
      kind: 'attachment',
      attachment: { platform: 'dingtalk', dedupeKey: callback.msgId, actor, chat: chatOf(callback, dir), platformMessageId: callback.msgId, resource },
    };
  }
  if (callback.msgtype !== 'text' || !callback.text) return replyTo(NOT_TEXT_HINT);
  // Group messages keep a leading space where the @-mention was.
  const text = callback.text.content.trim();
  const button = parseButtonText(text);
  if (button) {
    return {
      kind: 'action',
      action: {
        platform: 'dingtalk',
        dedupeKey: callback.msgId,
        actor,
        platformMessageId: callback.msgId,
        action: button.action,
        payload: button.payload,
        form: {},
      },
      answerInChat: actionResponseMessage,
    };
  }
  return {
    kind: 'message',
    message: { platform: 'dingtalk', dedupeKey: callback.msgId, actor, chat: chatOf(callback, dir), text, platformMessageId: callback.msgId },
  };
}

const cardCallback = z
  .object({
    outTrackId: z.string().min(1),
    userId: z.string().min(1),
    corpId: z.string().optional(),
    type: z.string().optional(),
    /** The official sample puts the click in `content`, the template builder's sample in `value`: both JSON strings. */
    content: z.string().optional(),
    value: z.string().optional(),
  })
  .refine((b) => b.content !== undefined || b.value !== undefined, '缺少 content 或 value');

export interface CardClick {
  outTrackId: string;
  userId: string;
  action: string;
  payload: Record<string, string>;
  form: Record<string, string>;
}

const scalar = (v: unknown): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v);

function stringRecord(value: unknown): Record<string, string> {
  let object = value;
  if (typeof value === 'string') {
    const parsed = parseBoundedJson(value);
    if (!parsed.ok) return {};
    object = parsed.value;
  }
  if (!object || typeof object !== 'object' || Array.isArray(object)) return {};
  return Object.fromEntries(
    Object.entries(object)
      .filter(([, v]) => scalar(v))
      .map(([k, v]) => [k, String(v)]),
  );
}

/** Form values the template collected: `submit_form_fields` (loop-rendered forms) or named params. */
function formValues(params: Record<string, unknown>): Record<string, string> {
  const form: Record<string, string> = { ...stringRecord(params.form) };
  const fields = Array.isArray(params.submit_form_fields) ? params.submit_form_fields : [];
  for (const field of fields) {
    if (!field || typeof field !== 'object') continue;
    const f = field as Record<string, unknown>;
    const value = f.default_string ?? f.value;
    if (typeof f.name === 'string' && scalar(value)) form[f.name] = String(value);
  }
  for (const [k, v] of Object.entries(params)) {
    if (!['action', 'payload', 'form', 'submit_form_fields'].includes(k) && scalar(v)) form[k] ??= String(v);
  }
  return form;
}

/**
 * A card click: the template's button sends `{action, payload}` as its callback params (docs/dingtalk.md),
 * form inputs come along as further params. Malformed → an error message for a 400.
 */
export function parseCardCallback(body: unknown): { ok: true; value: CardClick } | { ok: false; error: string } {
  const parsed = cardCallback.safeParse(body);
  if (!parsed.success)
    return { ok: false, error: `卡片回调格式不正确：${parsed.error.issues.map((i) => `${i.path.join('.') || '（根）'} ${i.message}`).join('；')}` };
  const content = parseBoundedJson(parsed.data.content ?? parsed.data.value!);
  if (!content.ok) return { ok: false, error: content.reason === 'syntax' ? '卡片回调的 content 不是 JSON' : `卡片回调的 content ${content.error}` };
  const inner = content.value as any;
  const params = inner?.cardPrivateData?.params ?? inner?.params;
  if (!params || typeof params !== 'object' || typeof params.action !== 'string' || !params.action) {
    return { ok: false, error: '卡片回调缺少 params.action：请按 docs/dingtalk.md 配置卡片模板按钮的回传参数' };
  }
  return {
    ok: true,
    value: {
      outTrackId: parsed.data.outTrackId,
      userId: parsed.data.userId,
      action: params.action,
      payload: stringRecord(params.payload),
      form: formValues(params),
    },
  };
}
