import type { AppDb } from '../../../db/types';
import type { DingtalkConfig } from '../../config';
import type { Card, ChatMessage, FileSource } from '../../core/messages';
import type { Directory } from '../../core/org/directory';
import type { Clock } from '../../core/time';
import { PermanentDeliveryError, RetryableDeliveryError, type DeliveryRecipient, type PlatformSender, type SendRequest } from '../../outbox/sender';
import type { BatchSendResult, DingtalkApi } from './api';
import { claimCompanions, FLOW_CONTROL_RETRY_MS, settleDelivered, settleFailed, userFlowControlled, userRejected } from './batch';
import { cardParams, robotMessage } from './cards';
import { sendFileMessage } from './file-send';

/**
 * Delivery on DingTalk through the robot OpenAPI — never through a stored `sessionWebhook`, which
 * expires about 90 minutes after the user's message (errcode 300001), so it cannot carry scheduled
 * pushes or anything sent after a retry (dingtalk.md §1, §7).
 *
 * Message ids: `card:<outTrackId>` for interactive cards (updated in place with PUT /v1.0/card/instances),
 * `msg:<processQueryKey>` for robot messages (which DingTalk cannot edit: the new state arrives as the
 * next message instead).
 */

export interface DingtalkSenderDeps {
  config: DingtalkConfig;
  db: AppDb;
  clock: Clock;
  api: DingtalkApi;
  /** Generates the file a `file` message describes, at send time. */
  files: FileSource;
}

/** ≤ 20 calls/s per app and API (how-to-process-api-throttling…): the drain defers rows beyond it. */
export const DINGTALK_LIMITS = { app: [{ limit: 20, windowMs: 1_000 }], perTarget: [] };

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
      callbackType: 'HTTP',
      callbackRouteKey: config.cardRouteKey,
      cardData: { cardParamMap },
      userIdType: 1,
      ...(target.kind === 'group'
        ? { openSpaceId: `dtv1.card//IM_GROUP.${target.conversationId}`, imGroupOpenSpaceModel: space, imGroupOpenDeliverModel: { robotCode: config.robotCode } }
        : { openSpaceId: `dtv1.card//IM_ROBOT.${target.userId}`, imRobotOpenSpaceModel: space, imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode: config.robotCode } }),
    });
    const failed = result.deliverResults.find((r) => r.success === false);
    if (failed) {
      const reason = `钉钉卡片投放失败（${failed.spaceType ?? ''} ${failed.spaceId ?? ''}）：${failed.errorMsg ?? '未知原因'}`;
      throw failed.errorMsg === 'SYSTEM_ERROR' ? new RetryableDeliveryError(reason) : new PermanentDeliveryError(reason);
    }
    return { messageId: `card:${outTrackId}` };
  }

  async function sendToUser(request: SendRequest, message: ChatMessage, userId: string): Promise<{ messageId: string }> {
    const rendered = robotMessage(message, { urgent: request.urgent });
    const now = deps.clock.now();
    const companions = request.to.type === 'person' ? await claimCompanions(deps.db, request.dir, { dedupeKey: request.dedupeKey, message: request.message, urgent: request.urgent }, now) : [];
    let result: BatchSendResult;
    try {
      result = await api.batchSend({ robotCode: config.robotCode, userIds: [userId, ...companions.map((c) => c.userId)], ...rendered });
    } catch (error) {
      if (companions.length) await settleFailed(deps.db, companions, error, deps.clock.now());
      throw error;
    }
    const messageId = `msg:${result.processQueryKey}`;
    if (companions.length) await settleDelivered(deps.db, companions, result, messageId, deps.clock.now());
    if (result.invalidStaffIdList.includes(userId)) throw new PermanentDeliveryError(userRejected(userId));
    if (result.flowControlledStaffIdList.includes(userId)) throw new RetryableDeliveryError(userFlowControlled(userId), FLOW_CONTROL_RETRY_MS);
    return { messageId };
  }

  return {
    platform: 'dingtalk',
    limits: DINGTALK_LIMITS,
    async send(request) {
      const target = targetOf(request.to, request.dir);
      const { message } = request;
      // A file goes alone (file-send.ts): never batched with text.
      if (message.kind === 'file') return sendFileMessage({ api, robotCode: config.robotCode, files: deps.files }, message, target);
      if (message.kind === 'card' && config.cardMode === 'interactive') return sendCard(request, message.card, target);
      if (target.kind === 'user') return sendToUser(request, message, target.userId);
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
}
