import type { AppDb } from '../../db/types';
import type { WorkCalendar } from './calendar/types';
import type { Effects } from './effects';
import type { Message } from './messages';
import type { Directory } from './org/directory';
import type { Person } from './org/types';

/**
 * What a domain operation needs from its caller: who acts, the org and calendar snapshots, the
 * clock reading, and where to put effects. A command's `CommandContext` is one; jobs build their own.
 */
export interface DomainContext {
  db: AppDb;
  dir: Directory;
  actor: Person;
  now: Date;
  calendar(): Promise<WorkCalendar>;
  effects: Effects;
}

/** A domain context that can also answer the person who acted. */
export interface ReplyingContext extends DomainContext {
  reply(message: Message | string, options?: { subject?: string }): void;
}
