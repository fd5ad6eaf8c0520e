import { pino, type DestinationStream } from 'pino';
import type { LogLevel } from '../log';

/**
 * Node's logger: pino, one JSON object per line on stdout, ISO time. Pipe it through `pino-pretty`
 * to read it by eye (docs/operations.md).
 */
export function nodeLogger(level: LogLevel, destination?: DestinationStream) {
  const options = {
    level,
    base: { service: 'duban' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // An error object under `err` keeps its type, message and stack.
    serializers: { err: pino.stdSerializers.err },
  };
  return destination ? pino(options, destination) : pino(options);
}
