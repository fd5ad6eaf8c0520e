import type { AppDb } from '../../db/types';
import type { CommandRegistry } from '../../commands/registry';
import type { CommandContext } from '../../commands/types';
import type { WorkCalendar } from '../core/calendar/types';
import { newEffects } from '../core/effects';
import type { ChatRef, Platform } from '../core/inbound';
import { text, type Message } from '../core/messages';
import type { Directory } from '../core/org/directory';
import type { Person } from '../core/org/types';
import type { Clock } from '../core/time';

/** What the bot needs from its host; built by the entry (Node or Workers) and passed down. */
export interface BotDeps {
  db: AppDb;
  clock: Clock;
  /** Real time for what guards access (signature freshness, export-link expiry): the sandbox clock never moves it. */
  realClock: Clock;
  registry: CommandRegistry;
  /** Every mounted platform: pushes go out on each. */
  pushPlatforms: readonly Platform[];
  loadCalendar(db: AppDb): Promise<WorkCalendar>;
  /** PUBLIC_BASE_URL, for links in messages; absent = links are shown as paths. */
  publicBaseUrl?: string;
  /** ATTACHMENT_MAX_MB in bytes (absent: 20 MB). */
  attachmentMaxBytes?: number;
}

export function makeContext(deps: BotDeps, dir: Directory, actor: Person, platform: Platform, chat: ChatRef, sourceMessage?: string): CommandContext {
  const effects = newEffects();
  let calendar: Promise<WorkCalendar> | undefined;
  return {
    db: deps.db,
    dir,
    actor,
    platform,
    chat,
    now: deps.clock.now(),
    realNow: deps.realClock.now(),
    calendar: () => (calendar ??= deps.loadCalendar(deps.db)),
    effects,
    reply(message: Message | string, options?: { subject?: string }) {
      effects.replies.push({ message: typeof message === 'string' ? text(message) : message, subject: options?.subject });
    },
    sourceMessage,
    link: (path) => `${deps.publicBaseUrl ?? ''}${path}`,
  };
}
