import type { ReplyingContext } from '../src/core/context';
import type { ChatRef, Platform } from '../src/core/inbound';
import type { ActionResponse } from '../src/core/messages';
import type { Role } from '../src/core/org/types';

/**
 * Everything a command or card action may use: the domain context (actor, org, clock, calendar
 * loaded once per request on first use, effects, reply) plus where the command came from.
 */
export interface CommandContext extends ReplyingContext {
  platform: Platform;
  chat: ChatRef;
  /** Real time, for what guards access (export-link expiry): the sandbox clock never moves it. */
  realNow: Date;
  /** An absolute link to a path of this service when PUBLIC_BASE_URL is set, else the path itself. */
  link(path: string): string;
  /** The platform id of the inbound message or clicked card (for audit "from which message"). */
  sourceMessage?: string;
}

/**
 * One slash command (one module per command). `parse` turns the text after the command
 * into typed arguments or throws a UserError; `run` does the work through `ctx.effects`.
 */
export interface Command<Args = unknown> {
  /** English name, also the alias typed as `/name`. */
  name: string;
  /** Chinese name typed as `/中文名`. */
  zh: string;
  aliases?: string[];
  summary: string;
  /** The roles that use it; absent: everyone. `/帮助` shows each person the commands of their roles. */
  roles?: readonly Role[];
  /** Usage lines shown by `/帮助 <命令>`, each a complete example. */
  usage: string[];
  parse(args: string, ctx: CommandContext): Args | Promise<Args>;
  run(ctx: CommandContext, args: Args): Promise<void>;
}

/** A card button or form handler, keyed by the button's `action`. */
export interface CardAction {
  action: string;
  run(ctx: CommandContext, payload: Record<string, string>, form: Record<string, string>): Promise<ActionResponse>;
}

export function defineCommand<Args>(command: Command<Args>): Command<unknown> {
  return command as Command<unknown>;
}
