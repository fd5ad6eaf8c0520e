import type { ParseArgsConfig } from 'node:util';
import type { AppDb } from '../../db/types';

/** What a CLI command may use; the entry builds it from the process, tests build their own. */
export interface CliContext {
  /** Opens the database on first use (parseConfig + openSqlite), so `--help` never touches it. */
  db(): Promise<AppDb>;
  now: Date;
  /** Default for `--by`: who runs the command (the OS user). */
  actor: string;
  readFile(path: string): string;
  out(text: string): void;
}

export interface CliInput {
  positionals: string[];
  options: Record<string, string | boolean | undefined>;
}

/**
 * One admin command, e.g. `calendar import`. Modules in src/cli/ export one each and
 * src/cli/index.ts lists them; help is generated from the same data.
 */
export interface CliCommand {
  /** The words that select it: ['calendar', 'import']. */
  path: readonly string[];
  /** One line, Chinese. */
  summary: string;
  /** Arguments after the path, e.g. `<file.json> [--by <name>] [--dry-run]`. */
  usage: string;
  /** More help lines (Chinese): options, formats, examples. */
  details: readonly string[];
  options?: NonNullable<ParseArgsConfig['options']>;
  /** Positional argument names, all required, e.g. ['file.json']. */
  positionals: readonly string[];
  /** Resolves to the exit code, normally 0; throw UserError (or a subclass) for bad input. */
  run(ctx: CliContext, input: CliInput): Promise<number>;
}
