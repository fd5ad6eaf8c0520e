import type { Timers } from './timers';

/**
 * Keeps a socket honest: a WebSocket ping every `pingEveryMs`, and `onSilent` when neither a frame nor
 * a pong arrived for `silentAfterMs`. A socket can die without `close` (an `error` alone, a half-open
 * TCP connection: open-dingtalk/dingtalk-stream-sdk-nodejs issue 13); this is what notices.
 */
export function startWatchdog(options: { timers: Timers; pingEveryMs: number; silentAfterMs: number; ping(): void; onSilent(): void }) {
  const { timers } = options;
  let deadline = timers.setTimeout(options.onSilent, options.silentAfterMs);
  const pinger = timers.setInterval(options.ping, options.pingEveryMs);
  return {
    /** Something arrived: the socket is alive for another `silentAfterMs`. */
    alive() {
      timers.clearTimeout(deadline);
      deadline = timers.setTimeout(options.onSilent, options.silentAfterMs);
    },
    stop() {
      timers.clearTimeout(deadline);
      timers.clearInterval(pinger);
    },
  };
}
