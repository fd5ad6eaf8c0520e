import * as lark from '@larksuiteoapi/node-sdk';
import type { FeishuConfig } from '../../config';
import type { Card, Recipient } from '../../core/messages';
import type { Directory } from '../../core/org/directory';
import { PermanentDeliveryError, RetryableDeliveryError, type SendRequest } from '../../outbox/sender';
import { renderCard } from './cards';
import { DEFAULT_TIMEOUT_MS, feishuContent, messageUuid, openIdOf, receiverOf, FEISHU_LIMITS, type FeishuSender, type FeishuSenderOptions, type FeishuUpload } from './delivery';
import { codeError, thrownError, TOKEN_CODES } from './errors';

// Shared with the fetch-based sender for Workers (fetch-api.ts); re-exported for existing importers.
export { FEISHU_LIMITS, messageUuid, type FeishuSender, type FeishuSenderOptions } from './delivery';

/** This client's own token cache (the SDK's default one is shared by every Client of the process). */
function tokenCache(): lark.Cache & { clear(): void } {
  const values = new Map<string, { value: unknown; expiresAt?: number }>();
  const keyOf = (key: string | symbol, namespace?: string) => `${namespace ?? ''}/${String(key)}`;
  return {
    async get(key, options) {
      const entry = values.get(keyOf(key as symbol, options?.namespace));
      return entry && (!entry.expiresAt || entry.expiresAt > Date.now()) ? entry.value : undefined;
    },
    async set(key, value, expiresAt, options) {
      values.set(keyOf(key as symbol, options?.namespace), { value, expiresAt });
      return true;
    },
    clear: () => values.clear(),
  };
}

/** The SDK's HTTP client with a timeout on every call (it sets none), responses unwrapped as the SDK expects. */
function timedHttp(timeoutMs: number): lark.HttpInstance {
  // Typed as a plain axios instance, but its response interceptor already returns `response.data`.
  const base = lark.defaultHttpInstance as unknown as lark.HttpInstance;
  const timed = <O extends { timeout?: number }>(opts?: O) => ({ ...opts, timeout: opts?.timeout ?? timeoutMs }) as O;
  return {
    request: (opts) => base.request(timed(opts)),
    get: (url, opts) => base.get(url, timed(opts)),
    delete: (url, opts) => base.delete(url, timed(opts)),
    head: (url, opts) => base.head(url, timed(opts)),
    options: (url, opts) => base.options(url, timed(opts)),
    post: (url, data, opts) => base.post(url, data, timed(opts)),
    put: (url, data, opts) => base.put(url, data, timed(opts)),
    patch: (url, data, opts) => base.patch(url, data, timed(opts)),
  };
}

type FeishuResponse<T> = { code?: number; msg?: string; data?: T };

/** Sends with the official SDK (`domain` = FEISHU_BASE_URL, so tests point it at a local fake). */
export function feishuSender(config: FeishuConfig, options: FeishuSenderOptions): FeishuSender {
  const tokens = tokenCache();
  const client = new lark.Client({
    appId: config.appId,
    appSecret: config.appSecret,
    domain: config.baseUrl,
    cache: tokens,
    httpInstance: timedHttp(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    // Failures are classified and recorded on the outbox row; the SDK's own dumps would only repeat them.
    loggerLevel: lark.LoggerLevel.fatal,
  });

  /** One API call; HTTP 200 with a non-zero `code` is a failure too. */
  async function call<T>(request: () => Promise<FeishuResponse<T>>): Promise<T | undefined> {
    let response: FeishuResponse<T>;
    try {
      response = await request();
    } catch (error) {
      const failure = thrownError(error);
      const code = (error as { response?: { data?: { code?: unknown } } })?.response?.data?.code;
      if (typeof code === 'number' && TOKEN_CODES.has(code)) tokens.clear();
      throw failure;
    }
    if (response?.code !== 0) {
      if (TOKEN_CODES.has(response?.code ?? -1)) tokens.clear();
      throw codeError(response?.code ?? -1, response?.msg);
    }
    return response.data;
  }

  let botOpenId: Promise<string> | undefined;

  // The SDK answers the upload's `data` alone (a non-zero `code` on HTTP 200 comes back as null).
  const upload: FeishuUpload = async (file, fileType) => {
    const data = await call(async () => ({
      code: 0,
      data: await client.im.v1.file.create({ data: { file_type: fileType, file_name: file.filename, file: Buffer.from(file.body) } }),
    }));
    if (!data?.file_key) throw new RetryableDeliveryError('飞书上传文件未返回 file_key');
    return data.file_key;
  };

  return {
    platform: 'feishu',
    limits: FEISHU_LIMITS,
    // JSON 2.0 cards can be interacted with and updated for 14 days (card-json-v2-breaking-changes-release-notes).
    cardsUpdatableForMs: 14 * 24 * 3_600_000,

    async send(request: SendRequest) {
      const { msgType, content } = await feishuContent(request.message, options.files, upload);
      const uuid = await messageUuid(request.dedupeKey);
      // A reply lands in the chat of the message it answers (p2p or group); anything else is sent to the recipient.
      const data = await call(async () => {
        if (request.replyTo) {
          return client.im.v1.message.reply({ path: { message_id: request.replyTo }, data: { msg_type: msgType, content, uuid } });
        }
        const { idType, id } = receiverOf(request.to, request.dir);
        return client.im.v1.message.create({ params: { receive_id_type: idType }, data: { receive_id: id, msg_type: msgType, content, uuid } });
      });
      if (!data?.message_id) throw new RetryableDeliveryError('飞书未返回 message_id');
      return { messageId: data.message_id };
    },

    async update(messageId: string, card: Card) {
      await call(() => client.im.v1.message.patch({ path: { message_id: messageId }, data: { content: JSON.stringify(renderCard(card)) } }));
    },

    async urgent(messageId: string, to: Recipient, dir: Directory) {
      if (to.type !== 'person') throw new PermanentDeliveryError('加急只能发给个人');
      const openId = openIdOf(dir, to.personId);
      const data = await call(() => client.im.v1.message.urgentApp({
        path: { message_id: messageId }, params: { user_id_type: 'open_id' }, data: { user_id_list: [openId] },
      }));
      if (data?.invalid_user_id_list?.includes(openId)) throw new PermanentDeliveryError(`飞书拒绝加急：open_id ${openId} 无效`);
    },

    botOpenId() {
      botOpenId ??= (async () => {
        const bot = await call(async () => {
          const info = await client.request<{ code?: number; msg?: string; bot?: { open_id?: string } }>({ method: 'GET', url: '/open-apis/bot/v3/info' });
          return { code: info.code, msg: info.msg, data: info.bot };
        });
        if (!bot?.open_id) throw new RetryableDeliveryError('飞书 bot/v3/info 未返回 open_id');
        return bot.open_id;
      })();
      // A failed lookup is forgotten, so the next group message asks again.
      botOpenId.catch(() => { botOpenId = undefined; });
      return botOpenId;
    },
  };
}
