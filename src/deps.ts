import type { AppDeps } from './app-env';
import type { Config } from './config';
import type { AppDb } from '../db/types';
import { registry } from '../commands';
import { realClockOf } from './core/adjustable-clock';
import { loadCalendar } from './core/calendar';
import type { Platform } from './core/inbound';
import { loadDirectory } from './core/org/directory';
import { allJobs } from './jobs';
import { runDueJobs } from './jobs/scheduler';
import type { PlatformSender } from './outbox/sender';
import { sandboxSender } from './platforms/sandbox/sender';
import { memoryFileStore, type FileStore } from './files/store';

/**
 * The app's dependencies from what an entry provides: Node builds them once per process, the
 * Worker once per request (bindings exist only per request). Platform senders are built by the
 * entry because each runtime sends differently; the sandbox sender is added when the sandbox is on.
 */
export function buildDeps(
  config: Config,
  db: AppDb,
  clock: AppDeps['clock'],
  defer: AppDeps['defer'],
  platformSenders: Partial<Record<Platform, PlatformSender>> = {},
  files: FileStore = memoryFileStore(),
): AppDeps {
  const senders: Partial<Record<Platform, PlatformSender>> = { ...platformSenders };
  if (config.sandbox) senders.sandbox = sandboxSender(db, clock);
  const pushPlatforms = Object.keys(senders) as Platform[];
  const jobSettings = { dailyPushAt: config.dailyPushAt, escalateOnHolidays: config.escalateOnHolidays, dingtalkMonthlyQuota: config.dingtalk?.monthlyQuota };
  return {
    config,
    db,
    clock,
    realClock: realClockOf(clock),
    registry,
    senders,
    files,
    pushPlatforms,
    loadCalendar,
    publicBaseUrl: config.publicBaseUrl,
    attachmentMaxBytes: config.attachmentMaxBytes,
    loadDirectory: () => loadDirectory(db),
    defer,
    runDueJobs: async (now) => runDueJobs(db, await loadCalendar(db), allJobs, now, { settings: jobSettings, pushPlatforms }),
  };
}
