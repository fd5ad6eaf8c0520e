import type { AppDb } from '../../db/types';
import type { Config } from '../config';
import type { Platform } from '../core/inbound';
import type { Clock } from '../core/time';
import type { PlatformSender } from '../outbox/sender';
import { buildDingtalkSender } from '../platforms/dingtalk';
import type { FeishuSender } from '../platforms/feishu/delivery';
import { ledgerFileSource } from '../export/ledger-file';
import { feishuSender } from '../platforms/feishu/api';

export interface WorkerSenders {
  senders: Partial<Record<Platform, PlatformSender>>;
  feishu?: FeishuSender;
}

/**
 * The platform senders a Worker can load: the fetch-based Feishu client (the SDK is too heavy for
 * a Worker, docs/cloudflare.md) and the DingTalk client, which is fetch-based anyway.
 */
export function workerPlatformSenders(config: Config, db: AppDb, clock: Clock): WorkerSenders {
  const senders: Partial<Record<Platform, PlatformSender>> = {};
  const files = ledgerFileSource(db, clock);
  const feishu = config.feishu ? feishuSender(config.feishu, { files }) : undefined;
  if (feishu) senders.feishu = feishu;
  if (config.dingtalk) {
    senders.dingtalk = buildDingtalkSender({ config: config.dingtalk, db, clock, files });
  }
  return { senders, feishu };
}
