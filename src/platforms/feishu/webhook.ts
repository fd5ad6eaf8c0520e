import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import { declaredBodyLimit } from '../body-limit';
import { answerHttp } from '../http-answer';
import { webhookEvents } from './events';

/** Feishu events are a few KB; card callbacks with a form stay far below this. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/**
 * `POST /webhooks/feishu`: event deliveries and card callbacks alike (the console's event URL and
 * callback URL may both point here), through the receive pipeline (src/bot/pipeline.ts). Verified and
 * decrypted with Web Crypto, so it runs on Workers (node:crypto on Node, see crypto.ts).
 * Unauthenticated → 401, malformed → 400, both before anything is written or sent; answered at once,
 * delivered after the response.
 * With FEISHU_MODE=ws the events come over the long connection instead and this route answers 404.
 */
export function feishuWebhook() {
  const hook = new Hono<AppEnv>();
  hook.post(
    '/',
    declaredBodyLimit(MAX_WEBHOOK_BODY_BYTES, (c) => c.json({ error: `请求体过大（上限 ${MAX_WEBHOOK_BODY_BYTES} 字节）` }, 400)),
    (c) => answerHttp(c, webhookEvents),
  );
  return hook;
}
