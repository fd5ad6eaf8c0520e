import type { DingtalkConfig } from '../../config';
import type { Card, ChatMessage, FileSource } from '../../core/messages';
import type { Directory } from '../../core/org/directory';
import {
  PermanentDeliveryError,
  RetryableDeliveryError,
  type BatchAnswer,
  type DeliveryRecipient,
  type PlatformSender,
  type SendRequest,
} from '../../outbox/sender';
import type { RateLimits } from '../../outbox/rate-limit';
import type { DingtalkApi } from './api';
import { BATCH_SEND_MAX, batchAnswerFor } from './batch';
import { cardParams, robotMessage } from './cards';
import { sendFileMessage } from './file-send';

/**
 * Delivery on DingTalk through the robot OpenAPI — never through a stored `sessionWebhook`, which
 * expires about 90 minutes after the user's message (errcode 300001), so it cannot carry scheduled
 * pushes or anything sent after a retry (docs/dingtalk.md).
 *
 * Message ids: `card:<outTrackId>` for interactive cards (updated in place with PUT /v1.0/card/instances),
 * `msg:<processQueryKey>` for robot messages (which DingTalk cannot edit: the new state arrives as the
 * next message instead).
 */

export interface DingtalkSenderDeps {
  config: DingtalkConfig;
  api: DingtalkApi;
  /** Generates the file a `file` message describes, at send time. */
  files: FileSource;
}

/**
 * ≤ 20 calls/s per app and API (how-to-process-api-throttling…): the drain defers rows beyond it.
 * One call in flight: robot messages carry no idempotency key, so an answer lost to a timeout shows
 * the message twice, and a batchSend already reaches 20 people a call.
 */
export const DINGTALK_LIMITS: RateLimits = { app: [{ limit: 20, windowMs: 1_000 }], perTarget: [], inFlight: 1 };

export type Target = { kind: 'user'; userId: string } | { kind: 'group'; conversationId: string };

function targetOf(to: DeliveryRecipient, dir: Directory): Target {
  if (to.type === 'platform_user') return { kind: 'user', userId: to.platformUserId };
  if (to.type === 'person') {
    const person = dir.person(to.personId);
    if (!person) throw new PermanentDeliveryError(`通讯录中没有人员 ${to.personId}`);
    if (!person.dingtalkUserId) throw new PermanentDeliveryError(`${person.name} 未绑定钉钉账号：请在通讯录文件中填写 dingtalk_user_id`);
    return { kind: 'user', userId: person.dingtalkUserId };
  }
  const unit = dir.unit(to.unitId);
  if (!unit) throw new PermanentDeliveryError(`通讯录中没有单位 ${to.unitId}`);
  if (!unit.dingtalkConversationId) throw new PermanentDeliveryError(`${unit.name} 未配置钉钉群：请在通讯录文件中填写 dingtalk_conversation_id`);
  return { kind: 'group', conversationId: unit.dingtalkConversationId };
}

/** The same outTrackId for the same outbox row, so a resend after a crash addresses the same card. */
async function outTrackIdFor(dedupeKey: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(dedupeKey)));
  return `duban-${Array.from(digest.slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function dingtalkSender(deps: DingtalkSenderDeps): PlatformSender {
  const { config, api } = deps;

  async function sendCard(request: SendRequest, card: Card, target: Target): Promise<{ messageId: string }> {
    const outTrackId = await outTrackIdFor(request.dedupeKey);
    const cardParamMap = cardParams(card, { urgent: request.urgent });
    const space = { supportForward: false, lastMessageI18n: { ZH_CN: cardParamMap.title } };
    const result = await api.createAndDeliverCard({
      cardTemplateId: config.cardTemplateId,
      outTrackId,
      // Stream mode: clicks come back over the Stream connection, so no route key (docs/dingtalk-stream.md).
      ...(config.mode === 'stream' ? { callbackType: 'STREAM' } : { callbackType: 'HTTP', callbackRouteKey: config.cardRouteKey }),
      cardData: { cardParamMap },
      userIdType: 1,
      ...(target.kind === 'group'
        ? {
            openSpaceId: `dtv1.card//IM_GROUP.${target.conversationId}`,
            imGroupOpenSpaceModel: space,
            imGroupOpenDeliverModel: { robotCode: config.robotCode },
          }
        : {
            openSpaceId: `dtv1.card//IM_ROBOT.${target.userId}`,
            imRobotOpenSpaceModel: space,
            imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode: config.robotCode },
          }),
    });
    const failed = result.deliverResults.find((r) => r.success === false);
    if (failed) {
      const reason = `钉钉卡片投放失败（${failed.spaceType ?? ''} ${failed.spaceId ?? ''}）：${failed.errorMsg ?? '未知原因'}`;
      throw failed.errorMsg === 'SYSTEM_ERROR' ? new RetryableDeliveryError(reason) : new PermanentDeliveryError(reason);
    }
    return { messageId: `card:${outTrackId}` };
  }

  /** The DingTalk userId a batched request goes to, or why it cannot (batchSend reaches people only). */
  function userIdOf(request: SendRequest): string | Error {
    try {
      const target = targetOf(request.to, request.dir);
      return target.kind === 'user' ? target.userId : new PermanentDeliveryError('钉钉批量发送只能发给个人');
    } catch (error) {
      return error as Error;
    }
  }

  /** Robot messages to users, one batchSend for all of them; each user answered on their own. */
  async function sendToUsers(requests: SendRequest[], message: ChatMessage): Promise<BatchAnswer[]> {
    const users = requests.map(userIdOf);
    const userIds = users.filter((u): u is string => typeof u === 'string');
    if (userIds.length === 0) return users.map((u) => ({ error: u as Error }));
    const result = await api.batchSend({ robotCode: config.robotCode, userIds, ...robotMessage(message, { urgent: requests[0]!.urgent }) });
    return users.map((u) => (typeof u === 'string' ? batchAnswerFor(u, result) : { error: u }));
  }

  async function answered(answer: Promise<BatchAnswer[]>): Promise<{ messageId: string }> {
    const [first] = await answer;
    if (!first || 'error' in first) throw first?.error ?? new RetryableDeliveryError('钉钉未返回结果');
    return first;
  }

  /** Sent one by one: a file (uploaded, then sent alone) and an interactive card (createAndDeliverCard per person). */
  const alone = (request: SendRequest) => request.message.kind === 'file' || (request.message.kind === 'card' && config.cardMode === 'interactive');

  const sender: PlatformSender = {
    platform: 'dingtalk',
    limits: DINGTALK_LIMITS,
    batchSize: BATCH_SEND_MAX,
    // 佐证材料: the resource key is the message's downloadCode.
    download: (resource, maxBytes) => api.downloadMessageFile({ downloadCode: resource.key, robotCode: config.robotCode }, maxBytes),
    async sendBatch(requests) {
      // The drain groups rows carrying the same message: robot messages go in one batchSend.
      const message = requests[0]!.message;
      if (!requests.some(alone) && message.kind !== 'file') return sendToUsers(requests, message);
      const answers: BatchAnswer[] = [];
      for (const request of requests) answers.push(await sender.send(request).catch((error: Error) => ({ error })));
      return answers;
    },
    async send(request) {
      const target = targetOf(request.to, request.dir);
      const { message } = request;
      // A file goes alone (file-send.ts): never batched with text.
      if (message.kind === 'file') return sendFileMessage({ api, robotCode: config.robotCode, files: deps.files }, message, target);
      if (message.kind === 'card' && config.cardMode === 'interactive') return sendCard(request, message.card, target);
      if (target.kind === 'user') return answered(sendToUsers([request], message));
      const rendered = robotMessage(message, { urgent: request.urgent, inGroup: true });
      const result = await api.groupSend({ robotCode: config.robotCode, openConversationId: target.conversationId, ...rendered });
      return { messageId: `msg:${result.processQueryKey}` };
    },
    async update(messageId, card) {
      // Robot messages cannot be edited; only interactive cards are updated in place.
      if (!messageId.startsWith('card:')) return;
      await api.updateCard({
        outTrackId: messageId.slice('card:'.length),
        cardData: { cardParamMap: cardParams(card) },
        cardUpdateOptions: { updateCardDataByKey: true, updatePrivateDataByKey: false },
        userIdType: 1,
      });
    },
  };
  return sender;
}
