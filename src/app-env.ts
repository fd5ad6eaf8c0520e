import type { RequestIdVariables } from 'hono/request-id';
import type { Config } from './config';
import type { BotDeps } from './bot/context';
import type { Platform } from './core/inbound';
import type { Clock } from './core/time';
import type { PlatformSender } from './outbox/sender';
import type { Directory } from './core/org/directory';
import type { JobReport } from './jobs/scheduler';
import type { FileStore } from './files/store';

/** Everything the HTTP app needs, injected by the entry (node.ts, worker.ts) or a test. */
export interface AppDeps extends BotDeps {
  config: Config;
  /** The clock rules and jobs run by; the sandbox may set it (`real` is then the time it shifts). */
  clock: Clock & { set?(at: Date): void; real?: Clock };
  senders: Partial<Record<Platform, PlatformSender>>;
  /** Attachment bytes (佐证材料): FILES_DIR on Node, the FILES R2 bucket on Workers. */
  files: FileStore;
  loadDirectory(): Promise<Directory>;
  /** Run work after the response is sent (Node: tracked promise; Workers: waitUntil). */
  defer(task: () => Promise<unknown>): void;
  runDueJobs(now: Date): Promise<JobReport[]>;
  /** Long-lived platform connections this process holds (DingTalk Stream…), by name, for /healthz. */
  connections?(): Record<string, unknown>;
  /** Feishu: the bot's own open_id, to tell whether a group message @-mentions the bot (absent = unknown). */
  feishuBotOpenId?(): Promise<string>;
}

export type AppEnv = { Variables: { deps: AppDeps } & RequestIdVariables };
