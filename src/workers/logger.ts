import { consoleJsonLogger, setLogger, type LogLevel } from '../log';

let installed: LogLevel | undefined;

/** Workers log through `console` as JSON lines (Workers Logs); LOG_LEVEL is a binding, read per isolate. */
export function useWorkerLogger(level: string | undefined): void {
  const wanted: LogLevel = level === 'debug' || level === 'warn' || level === 'error' || level === 'silent' ? level : 'info';
  if (installed === wanted) return;
  setLogger(consoleJsonLogger(wanted));
  installed = wanted;
}
