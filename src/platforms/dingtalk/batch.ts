import { PermanentDeliveryError, RetryableDeliveryError, type BatchAnswer } from '../../outbox/sender';
import type { BatchSendResult } from './api';

/**
 * Batching identical pushes into one oToMessages/batchSend call: on the free 标准版 every call counts
 * against 5 000 a month, so a digest or notice sent to many people in the same words goes out 20 at a
 * time. The outbox's drain groups the rows (`sendBatch`, `batchSize`) and settles each person by the
 * answer below. https://open.dingtalk.com/document/development/chatbots-send-one-on-one-chat-messages-in-batches
 */

/** userIds per batchSend: the documented maximum (the API's own error text says 100). */
export const BATCH_SEND_MAX = 20;
/** A user DingTalk flow-controlled (`flowControlledStaffIdList`) is tried again after a minute. */
export const FLOW_CONTROL_RETRY_MS = 60_000;

/** Each user's part of a batchSend that went through: delivered, refused for good, or flow-controlled. */
export function batchAnswerFor(userId: string, result: BatchSendResult): BatchAnswer {
  if (result.invalidStaffIdList.includes(userId)) return { error: new PermanentDeliveryError(userRejected(userId)) };
  if (result.flowControlledStaffIdList.includes(userId)) {
    return { error: new RetryableDeliveryError(userFlowControlled(userId), FLOW_CONTROL_RETRY_MS, 'recipient') };
  }
  return { messageId: `msg:${result.processQueryKey}` };
}

export const userRejected = (userId: string) => `钉钉拒收：用户 ${userId} 无效或未开通机器人会话（invalidStaffIdList）`;
export const userFlowControlled = (userId: string) => `钉钉对用户 ${userId} 限流（flowControlledStaffIdList），稍后重试`;
