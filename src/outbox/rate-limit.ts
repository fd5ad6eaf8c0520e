/** At most `limit` calls in any `windowMs` (a sliding window). */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

/** A platform's published limits, declared by its sender. */
export interface RateLimits {
  /** For the whole app (Feishu: 50/s and 1000/min per app and tenant). */
  app: RateWindow[];
  /** For each recipient or message (Feishu: 5/s per user, per group, per message patched). */
  perTarget: RateWindow[];
}

export interface RateLimiter {
  /**
   * Takes one call for `target` at `now` when every window allows it and answers 0; otherwise
   * takes nothing and answers how many milliseconds to wait. Pure bookkeeping on the injected
   * clock: it never sleeps, so the drain defers the row instead and tests stay deterministic.
   */
  take(target: string, now: Date): number;
  /** The platform answered "too many requests, retry after …": nothing goes out before `until`. */
  pauseUntil(until: Date): void;
  /** Milliseconds until the app-wide budget (or a pause) allows any call at all; 0 = it does now. Takes nothing. */
  appWait(now: Date): number;
}

/** Milliseconds until one more call fits in every window of `log` (ascending call times). */
function waitFor(log: number[], windows: RateWindow[], now: number): number {
  let wait = 0;
  for (const { limit, windowMs } of windows) {
    const inWindow = log.filter((t) => t > now - windowMs);
    if (inWindow.length >= limit) wait = Math.max(wait, inWindow[inWindow.length - limit]! + windowMs - now);
  }
  return wait;
}

/** Targets not heard from for a whole window are forgotten once this many are tracked. */
const MAX_TRACKED_TARGETS = 10_000;

export function createRateLimiter(limits: RateLimits): RateLimiter {
  const appLog: number[] = [];
  const targetLogs = new Map<string, number[]>();
  const horizon = Math.max(0, ...limits.app.map((w) => w.windowMs), ...limits.perTarget.map((w) => w.windowMs));
  let pausedUntil = 0;

  const prune = (log: number[], now: number) => {
    while (log.length && log[0]! <= now - horizon) log.shift();
  };

  return {
    take(target, at) {
      const now = at.getTime();
      if (now < pausedUntil) return pausedUntil - now;
      prune(appLog, now);
      if (targetLogs.size > MAX_TRACKED_TARGETS) {
        for (const [key, log] of targetLogs) {
          prune(log, now);
          if (log.length === 0) targetLogs.delete(key);
        }
      }
      const targetLog = targetLogs.get(target) ?? [];
      prune(targetLog, now);
      if (targetLog.length === 0) targetLogs.delete(target);
      const wait = Math.max(waitFor(appLog, limits.app, now), waitFor(targetLog, limits.perTarget, now));
      if (wait > 0) return wait;
      appLog.push(now);
      targetLog.push(now);
      targetLogs.set(target, targetLog);
      return 0;
    },
    pauseUntil(until) {
      pausedUntil = Math.max(pausedUntil, until.getTime());
    },
    appWait(at) {
      const now = at.getTime();
      if (now < pausedUntil) return pausedUntil - now;
      prune(appLog, now);
      return waitFor(appLog, limits.app, now);
    },
  };
}
