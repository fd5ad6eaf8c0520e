import { readFileSync } from 'node:fs';
import { dbAsset } from '../../db/assets';
import type { AppDeps } from '../app-env';
import type { Config } from '../config';
import type { AppDb } from '../../db/types';
import { people } from '../../db/schema';
import { buildDeps } from '../deps';
import type { Platform } from '../core/inbound';
import { cachedCalendarLoader } from '../core/calendar/cache';
import { cachedDirectoryLoader } from '../core/org/directory-cache';
import { importOrg, parseOrgFile } from '../core/org/import';
import type { PlatformSender } from '../outbox/sender';
import { buildDingtalkSender } from '../platforms/dingtalk';
import { ledgerFileSource } from '../export/ledger-file';
import { feishuSender } from '../platforms/feishu/api';
import { installSyncCrypto } from '../platforms/feishu/crypto';
import { nodeSyncCrypto } from './sync-crypto';
import { memoryFileStore } from '../files/store';
import { directoryFileStore } from './file-dir-store';

export const DEMO_ORG_FILE = dbAsset('demo-org.yaml');

/** Loads a directory file into the database (re-import semantics: update in place, deactivate who vanished). */
export async function loadOrgFile(db: AppDb, path: string, now: Date) {
  return importOrg(db, parseOrgFile(readFileSync(path, 'utf8')), now, 'startup');
}

/**
 * The directory at start: ORG_FILE, when set, is the source of truth and is re-imported every start;
 * without it the demo organisation is loaded only into an empty directory, so an `org import` done
 * with the CLI is not undone by the next restart.
 */
export async function loadStartupOrg(db: AppDb, orgFile: string | undefined, now: Date): Promise<string> {
  if (orgFile) {
    const summary = await loadOrgFile(db, orgFile, now);
    return `${orgFile} — ${summary.units} units, ${summary.people} people${summary.deactivatedPeople.length ? `, deactivated: ${summary.deactivatedPeople.join(', ')}` : ''}`;
  }
  const [someone] = await db.select({ id: people.id }).from(people).limit(1);
  if (someone) return 'kept the directory already in the database (set ORG_FILE to re-import a file)';
  const summary = await loadOrgFile(db, DEMO_ORG_FILE, now);
  return `demo (db/demo-org.yaml) — ${summary.units} units, ${summary.people} people`;
}

/** Builds the app's dependencies for one process (Node). Platform senders are added by their adapters. */
export function buildNodeDeps(
  config: Config,
  db: AppDb,
  clock: AppDeps['clock'],
  defer: AppDeps['defer'],
  extraSenders: Partial<Record<Platform, PlatformSender>> = {},
): AppDeps {
  // Node has synchronous SHA-256/AES: no thread-pool round trip per webhook request.
  installSyncCrypto(nodeSyncCrypto);
  const senders = { ...extraSenders };
  const files = ledgerFileSource(db, clock);
  if (config.dingtalk && !senders.dingtalk) {
    senders.dingtalk = buildDingtalkSender({ config: config.dingtalk, db, clock, files });
  }
  // Feishu: the Open API client sends (an injected sender, e.g. with a test timeout, takes its place)
  // and tells the receivers the bot's own open_id.
  const feishu = config.feishu ? feishuSender(config.feishu, { files }) : undefined;
  if (feishu) senders.feishu ??= feishu;
  const deps: AppDeps = {
    // An in-memory database (tests, a throwaway run) keeps its attachments in memory too.
    ...buildDeps(config, db, clock, defer, senders, config.databasePath === ':memory:' ? memoryFileStore() : directoryFileStore(config.filesDir)),
    // One process, one database: the directory is loaded once and reloaded when it changes.
    loadDirectory: cachedDirectoryLoader(db),
    // Likewise the work calendar: read again only after a calendar import.
    loadCalendar: cachedCalendarLoader(db),
    ...(feishu ? { feishuBotOpenId: feishu.botOpenId } : {}),
  };
  return deps;
}
