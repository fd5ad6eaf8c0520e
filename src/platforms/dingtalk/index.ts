import type { AppDb } from '../../../db/types';
import type { DingtalkConfig } from '../../config';
import type { FileSource } from '../../core/messages';
import type { Clock } from '../../core/time';
import type { PlatformSender } from '../../outbox/sender';
import { dingtalkApi } from './api';
import { quotaMeter } from './quota';
import { dingtalkSender } from './sender';

export { dingtalkWebhook } from './webhook';

/**
 * The DingTalk sender as an entry builds it (Node once per process, Workers per isolate): the fetch
 * client, the monthly quota meter (it only counts: src/jobs/dingtalk-quota.ts warns) and the sender.
 */
export function buildDingtalkSender(options: { config: DingtalkConfig; db: AppDb; clock: Clock; files: FileSource; fetch?: typeof fetch }): PlatformSender {
  const { config, db, clock } = options;
  const meter = quotaMeter({ db, clock });
  const api = dingtalkApi({ config, clock, meter, fetch: options.fetch });
  return dingtalkSender({ config, api, files: options.files });
}
