/**
 * The one logger the app writes to, whatever the runtime: pino on Node (src/node/logger.ts), JSON
 * lines on `console` in Workers (src/workers/logger.ts). An entry installs it once; until then (tests,
 * the CLI) only errors are written, to stderr. Fields first, message second, as pino takes them.
 */
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(fields: LogFields, message: string): void;
  info(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  error(fields: LogFields, message: string): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const RANK: Record<LogLevel, number> = { debug: 20, info: 30, warn: 40, error: 50, silent: 100 };

/**
 * One JSON object per line on `console` (Workers Logs indexes their fields), in pino's shape:
 * numeric `level`, `time` in ms, `msg`.
 */
export function consoleJsonLogger(minimum: LogLevel): Logger {
  const write = (level: Exclude<LogLevel, 'silent'>, fields: LogFields, message: string) => {
    if (RANK[level] < RANK[minimum]) return;
    const line = JSON.stringify({ level: RANK[level], time: Date.now(), ...fields, msg: message });
    if (level === 'error') console.error(line);
    else if (level === 'warn') console.warn(line);
    else console.log(line);
  };
  return {
    debug: (fields, message) => write('debug', fields, message),
    info: (fields, message) => write('info', fields, message),
    warn: (fields, message) => write('warn', fields, message),
    error: (fields, message) => write('error', fields, message),
  };
}

let current: Logger = consoleJsonLogger('error');

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
