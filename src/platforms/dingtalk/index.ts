import type { AppDb } from '../../../db/types';
import type { DingtalkConfig } from '../../config';
import type { Platform } from '../../core/inbound';
import type { FileSource } from '../../core/messages';
import { loadDirectory } from '../../core/org/directory';
import type { Clock } from '../../core/time';
import type { PlatformSender } from '../../outbox/sender';
import { dingtalkApi } from './api';
import { quotaMeter } from './quota';
import { dingtalkSender } from './sender';

export { dingtalkWebhook } from './webhook';

/**
 * The DingTalk sender as an entry builds it (Node once per process, Workers per isolate): the fetch
 * client, the monthly quota meter and the sender. `pushPlatforms` names where quota warnings go.
 */
export function buildDingtalkSender(options: {
  config: DingtalkConfig;
  db: AppDb;
  clock: Clock;
  files: FileSource;
  pushPlatforms(): readonly Platform[];
  fetch?: typeof fetch;
}): PlatformSender {
  const { config, db, clock } = options;
  const meter = quotaMeter({ db, clock, monthlyQuota: config.monthlyQuota, pushPlatforms: options.pushPlatforms, loadDirectory: () => loadDirectory(db) });
  const api = dingtalkApi({ config, clock, meter, fetch: options.fetch });
  return dingtalkSender({ config, api, files: options.files });
}
