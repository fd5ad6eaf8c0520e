import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import { declaredBodyLimit } from '../body-limit';
import { answerHttp } from '../http-answer';
import { cardEvents, robotEvents } from './events';

// For transports that read callbacks themselves (Stream): the same pipeline without the HTTP signature.
export { receiveCardClick, receiveRobotMessage, type RobotReply } from './events';

/**
 * POST /webhooks/dingtalk (robot messages, HTTP mode) and POST /webhooks/dingtalk/card (interactive
 * card clicks, `callbackType: "HTTP"`), through the receive pipeline (src/bot/pipeline.ts) with the
 * receivers of events.ts. Answers 404 unless DingTalk is configured.
 */

/** Robot messages and card clicks are small; anything bigger is not DingTalk. */
const MAX_BODY_BYTES = 64 * 1024;

const limit = declaredBodyLimit(MAX_BODY_BYTES, (c) => c.json({ error: '请求体过大' }, 413));

export function dingtalkWebhook() {
  const api = new Hono<AppEnv>();
  api.post('/', limit, (c) => answerHttp(c, robotEvents));
  api.post('/card', limit, (c) => answerHttp(c, cardEvents));
  return api;
}
