import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AppDeps } from '../app-env';
import type { Config } from '../config';
import type { AppDb } from '../../db/types';
import { buildDeps } from '../deps';
import type { Platform } from '../core/inbound';
import { importOrg, parseOrgFile } from '../core/org/import';
import type { PlatformSender } from '../outbox/sender';
import { buildDingtalkSender } from '../platforms/dingtalk';
import { feishuSender } from '../platforms/feishu/api';

export const DEMO_ORG_FILE = fileURLToPath(new URL('../../db/demo-org.yaml', import.meta.url));

/** Loads the directory file named by ORG_FILE (or the demo organisation) into the database. */
export async function loadOrgFile(db: AppDb, path: string, now: Date) {
  return importOrg(db, parseOrgFile(readFileSync(path, 'utf8')), now, 'startup');
}

/** Builds the app's dependencies for one process (Node). Platform senders are added by their adapters. */
export function buildNodeDeps(
  config: Config,
  db: AppDb,
  clock: AppDeps['clock'],
  defer: AppDeps['defer'],
  extraSenders: Partial<Record<Platform, PlatformSender>> = {},
): AppDeps {
  const senders = { ...extraSenders };
  let deps: AppDeps | undefined;
  if (config.dingtalk && !senders.dingtalk) {
    senders.dingtalk = buildDingtalkSender({ config: config.dingtalk, db, clock, pushPlatforms: () => deps?.pushPlatforms ?? [] });
  }
  // Feishu: the SDK client sends (an injected sender, e.g. with a test timeout, takes its place) and
  // tells the webhook the bot's own open_id.
  const feishu = config.feishu ? feishuSender(config.feishu) : undefined;
  if (feishu) senders.feishu ??= feishu;
  deps = { ...buildDeps(config, db, clock, defer, senders), ...(feishu ? { feishuBotOpenId: feishu.botOpenId } : {}) };
  return deps;
}
