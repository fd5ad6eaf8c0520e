import type { RateLimits } from '../../outbox/rate-limit';
import { PermanentDeliveryError, type DeliveryRecipient, type PlatformSender } from '../../outbox/sender';
import type { FileSource, Message, OutgoingFile } from '../../core/messages';
import type { Directory } from '../../core/org/directory';
import { renderMessage } from './cards';
import { sha256, toHex } from './crypto';

/**
 * What goes into a Feishu send, apart from how it is sent (api.ts): published limits, message
 * content (files uploaded first), the idempotency uuid, and who receives it.
 */

/**
 * Published limits for sending, replying and patching: 50/s and 1000/min per app and tenant; 5/s
 * per user, per group and per message patched.
 * https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/im-v1/message/create
 */
export const FEISHU_LIMITS: RateLimits = {
  app: [
    { limit: 50, windowMs: 1_000 },
    { limit: 1_000, windowMs: 60_000 },
  ],
  perTarget: [{ limit: 5, windowMs: 1_000 }],
};

/** Below the outbox lease (60 s), so a hung request is abandoned before another worker may claim the row. */
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface FeishuSender extends PlatformSender {
  /** The bot's own open_id (GET /open-apis/bot/v3/info), fetched once and cached. */
  botOpenId(): Promise<string>;
}

export interface FeishuSenderOptions {
  /** Generates the file a `file` message describes, at send time. */
  files: FileSource;
  /** Per-request timeout; a timed-out send is retried by the outbox with the same `uuid`. */
  timeoutMs?: number;
}

/** Upload limit of im/v1/files: https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/im-v1/file/create */
const FEISHU_FILE_MAX_BYTES = 30 * 1024 * 1024;

/** The upload's `file_type`: `xls` for Excel workbooks, `stream` for anything not in Feishu's list (CSV). */
type FeishuFileType = 'xls' | 'stream';

/** Uploads one file (POST /open-apis/im/v1/files) and answers its `file_key`. */
export type FeishuUpload = (file: OutgoingFile, fileType: FeishuFileType) => Promise<string>;

/**
 * `msg_type` and `content` for the send and reply APIs. A file message is generated and uploaded
 * first, then sent as `msg_type: "file"` with its `file_key`; an upload that fails is retried by the
 * outbox with the whole row (a `file_key` is not worth keeping across attempts).
 */
export async function feishuContent(message: Message, files: FileSource, upload: FeishuUpload): Promise<{ msgType: string; content: string }> {
  if (message.kind !== 'file') return renderMessage(message);
  const file = await files(message.file);
  if (file.body.byteLength > FEISHU_FILE_MAX_BYTES) {
    throw new PermanentDeliveryError(`${file.filename} 超过飞书文件上限 30 MB，未发送；可用导出回复中的链接下载`);
  }
  const fileKey = await upload(file, /\.xlsx?$/i.test(file.filename) ? 'xls' : 'stream');
  return { msgType: 'file', content: JSON.stringify({ file_key: fileKey }) };
}

/**
 * Feishu's `uuid` dedupes sends for an hour but takes at most 50 characters, while outbox keys can be
 * longer (`leave:12:step:2:notify:feishu`): its SHA-256, UUID-shaped, is stable and short.
 */
export async function messageUuid(dedupeKey: string): Promise<string> {
  const hex = toHex(await sha256(dedupeKey)).slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export type Receiver = { idType: 'open_id' | 'chat_id'; id: string };

export function openIdOf(dir: Directory, personId: string): string {
  const person = dir.person(personId);
  if (!person) throw new PermanentDeliveryError(`通讯录中没有人员 ${personId}（可能已停用）`);
  if (!person.feishuOpenId) throw new PermanentDeliveryError(`${person.name}（${person.id}）未登记飞书 open_id，请在通讯录文件中补充后重新导入`);
  return person.feishuOpenId;
}

export function receiverOf(to: DeliveryRecipient, dir: Directory): Receiver {
  if (to.type === 'platform_user') return { idType: 'open_id', id: to.platformUserId };
  if (to.type === 'person') return { idType: 'open_id', id: openIdOf(dir, to.personId) };
  const unit = dir.unit(to.unitId);
  if (!unit) throw new PermanentDeliveryError(`通讯录中没有单位 ${to.unitId}（可能已停用）`);
  if (!unit.feishuChatId) throw new PermanentDeliveryError(`${unit.name}未登记飞书群 chat_id，请在通讯录文件中补充后重新导入`);
  return { idType: 'chat_id', id: unit.feishuChatId };
}
