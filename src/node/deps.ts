import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AppDeps } from '../app-env';
import type { Config } from '../config';
import type { AppDb } from '../../db/types';
import { registry } from '../../commands';
import { loadCalendar } from '../core/calendar';
import type { Platform } from '../core/inbound';
import { loadDirectory } from '../core/org/directory';
import { importOrg, parseOrgFile } from '../core/org/import';
import type { Clock } from '../core/time';
import { allJobs } from '../jobs';
import { runDueJobs } from '../jobs/scheduler';
import type { PlatformSender } from '../outbox/sender';
import { sandboxSender } from '../platforms/sandbox/sender';

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
  const senders: Partial<Record<Platform, PlatformSender>> = { ...extraSenders };
  if (config.sandbox) senders.sandbox = sandboxSender(db, clock as Clock);
  return {
    config,
    db,
    clock,
    registry,
    senders,
    pushPlatforms: Object.keys(senders) as Platform[],
    loadCalendar,
    loadDirectory: () => loadDirectory(db),
    defer,
    runDueJobs: async (now) => runDueJobs(db, await loadCalendar(db), allJobs, now),
  };
}
