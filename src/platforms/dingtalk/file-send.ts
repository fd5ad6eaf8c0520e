import type { FileMessage, FileSource } from '../../core/messages';
import { PermanentDeliveryError, RetryableDeliveryError } from '../../outbox/sender';
import type { DingtalkApi } from './api';
import { FLOW_CONTROL_RETRY_MS, userFlowControlled, userRejected } from './batch';
import type { Target } from './sender';

/**
 * A file message on DingTalk: the file is generated, uploaded (oapi media/upload → media_id) and sent
 * as the robot's `sampleFile` message to the one recipient — never batched, since no two people get
 * the same file message. Robot message types:
 * https://open.dingtalk.com/document/development/robot-message-type (`sampleFile`)
 */

/** media/upload takes files of type `file` up to 20 MB. */
const DINGTALK_FILE_MAX_BYTES = 20 * 1024 * 1024;

export async function sendFileMessage(
  deps: { api: DingtalkApi; robotCode: string; files: FileSource },
  message: FileMessage,
  target: Target,
): Promise<{ messageId: string }> {
  const file = await deps.files(message.file);
  if (file.body.byteLength > DINGTALK_FILE_MAX_BYTES) {
    throw new PermanentDeliveryError(`${file.filename} 超过钉钉文件上限 20 MB，未发送；可用导出回复中的链接下载`);
  }
  const mediaId = await deps.api.uploadFile(file);
  const robot = {
    robotCode: deps.robotCode,
    msgKey: 'sampleFile',
    msgParam: JSON.stringify({ mediaId, fileName: file.filename, fileType: file.filename.split('.').pop() ?? '' }),
  };
  if (target.kind === 'group') {
    const sent = await deps.api.groupSend({ ...robot, openConversationId: target.conversationId });
    return { messageId: `msg:${sent.processQueryKey}` };
  }
  const sent = await deps.api.batchSend({ ...robot, userIds: [target.userId] });
  if (sent.invalidStaffIdList.includes(target.userId)) throw new PermanentDeliveryError(userRejected(target.userId));
  if (sent.flowControlledStaffIdList.includes(target.userId)) throw new RetryableDeliveryError(userFlowControlled(target.userId), FLOW_CONTROL_RETRY_MS);
  return { messageId: `msg:${sent.processQueryKey}` };
}
