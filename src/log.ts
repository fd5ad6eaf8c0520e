/**
 * The one logger the app writes to, whatever the runtime: pino on Node (src/node/logger.ts), JSON
 * lines on `console` in Workers (src/workers/logger.ts). An entry installs it once; until then (tests,
 * the CLI) nothing is written. Fields first, message second, as pino takes them.
 */
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(fields: LogFields, message: string): void;
  info(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  error(fields: LogFields, message: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

let current: Logger = silentLogger;

/** Installs the process's logger (entries and tests); answers the one it replaces. */
export function setLogger(logger: Logger): Logger {
  const previous = current;
  current = logger;
  return previous;
}

export function log(): Logger {
  return current;
}

/** An error as log fields: its message and stack, never the whole object (it may hold request bodies). */
export function errorFields(error: unknown): LogFields {
  return error instanceof Error ? { err: { type: error.name, message: error.message, stack: error.stack } } : { err: { message: String(error) } };
}
