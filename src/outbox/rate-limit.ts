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
  /** Calls the drain keeps in flight at once (default in lane.ts). */
  inFlight?: number;
}

export interface RateLimiter {
  /**
   * Takes one call for `target` at `now` when every window allows it and answers 0; otherwise
   * takes nothing and answers how many milliseconds to wait. Pure bookkeeping on the injected
   * clock: it never sleeps, so the drain defers the row instead and tests stay deterministic.
   */
  take(target: string, now: Date): number;
  /**
   * The call `take` allowed at `takenAt` was answered at `at`: it counts from then on, since the
   * platform may have counted it anywhere in between (with several calls in flight, one sent early
   * can arrive late and put the 51st inside Feishu's one-second window).
   */
  answered(target: string, takenAt: Date, at: Date): void;
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

/** Moves one entry `from` of an ascending log to `to`, keeping it ascending. */
function restamp(log: number[], from: number, to: number): void {
  const i = log.indexOf(from);
  if (i < 0) return;
  log.splice(i, 1);
  let j = log.length;
  while (j > 0 && log[j - 1]! > to) j--;
  log.splice(j, 0, to);
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
    answered(target, takenAt, at) {
      restamp(appLog, takenAt.getTime(), at.getTime());
      const log = targetLogs.get(target);
      if (log) restamp(log, takenAt.getTime(), at.getTime());
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
