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

/**
 * The platform's budget as a schedule on the injected clock: calls made (stamped when answered) and
 * calls planned (slots given to rows waiting in the outbox). Pure bookkeeping: it never sleeps, so
 * the drain gives a row its slot instead and tests stay deterministic.
 */
export interface RateLimiter {
  /**
   * Takes one call for `target` at `now` when the calls made so far leave room in every window and
   * answers 0; otherwise takes nothing and answers how many milliseconds to wait.
   */
  take(target: string, now: Date): number;
  /**
   * Plans one call for `target`: the earliest time from `from` on that fits every window among the
   * calls made and planned (and after a pause), kept for it. Answers that time (epoch ms).
   */
  takeSlot(target: string, from: Date): number;
  /**
   * The earliest time from `from` on the app's windows (and a pause) leave room for one more call
   * among the calls made and planned; plans nothing. The drain plans no row whose app slot lies
   * beyond its horizon, so the rows waiting beyond it go oldest first once it moves.
   */
  nextAppSlot(from: Date): number;
  /** How many calls are planned later than `from` (slots given to rows still waiting for them). */
  plannedAfter(from: Date): number;
  /** A planned or taken call that will not be made (the row was claimed elsewhere, or a pause came first). */
  release(target: string, slot: number): void;
  /**
   * The call taken at `takenAt` was answered at `at`: it counts from then on, since the platform may
   * have counted it anywhere in between (with several calls in flight, one sent early can arrive
   * late and put the 51st inside Feishu's one-second window). How much answer times differ also
   * widens the windows slots are planned in (from `sentAt`, when it left after waiting for its lane), so
   * planned calls still fit once their answers move them.
   */
  answered(target: string, takenAt: Date, at: Date, sentAt?: Date): void;
  /** The platform answered "too many requests, retry after …": nothing goes out before `until`. */
  pauseUntil(until: Date): void;
  /** Epoch ms until which a 429 holds every call back (0 when none does). */
  pausedUntil(): number;
}

/** Milliseconds until one more call fits among the calls of `log` made by `now`; 0 = it does now. */
function waitFor(log: number[], windows: RateWindow[], now: number): number {
  let wait = 0;
  for (const { limit, windowMs } of windows) {
    const inWindow = log.filter((t) => t > now - windowMs && t <= now);
    if (inWindow.length >= limit) wait = Math.max(wait, inWindow[inWindow.length - limit]! + windowMs - now);
  }
  return wait;
}

/** The index of the first entry of an ascending log later than `t`. */
function after(log: number[], t: number): number {
  let lo = 0;
  let hi = log.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (log[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The earliest time from `t` on where one more call keeps every window of `log` (made and planned
 * calls) within its limit: it does not when `limit` neighbouring calls and it span less than the window.
 */
function firstFit(log: number[], windows: RateWindow[], t: number, marginMs: number): number {
  for (;;) {
    let next = t;
    for (const { limit, windowMs } of windows) {
      const w = windowMs + marginMs;
      const pos = after(log, t);
      for (let i = Math.max(0, pos - limit); i <= pos && i + limit <= log.length; i++) {
        const first = log[i]!;
        const last = log[i + limit - 1]!;
        if (Math.max(last, t) - Math.min(first, t) >= w) continue;
        // Inside this run's span: the earliest way out is past its first call's window (or, for a
        // run wholly later than t, at its first call, checked again from there).
        next = Math.max(next, first <= t ? first + w : first);
      }
    }
    if (next === t) return t;
    t = next;
  }
}

/** Inserts `t` into an ascending log. */
function insert(log: number[], t: number): void {
  log.splice(after(log, t), 0, t);
}

/** Removes one entry `t` of a log; false when there is none. */
function remove(log: number[], t: number): boolean {
  const i = log.indexOf(t);
  if (i < 0) return false;
  log.splice(i, 1);
  return true;
}

/** Targets not heard from for a whole window are forgotten once this many are tracked. */
const MAX_TRACKED_TARGETS = 10_000;
/** Answer times remembered to widen planned windows by how much they differ. */
const LATENCY_SAMPLES = 20;
/** Never widened by more than this: a hung call says nothing about the platform's clock. */
const MAX_MARGIN_MS = 500;

export function createRateLimiter(limits: RateLimits): RateLimiter {
  const appLog: number[] = [];
  const targetLogs = new Map<string, number[]>();
  const horizon = Math.max(0, ...limits.app.map((w) => w.windowMs), ...limits.perTarget.map((w) => w.windowMs));
  const latencies: number[] = [];
  let pausedUntil = 0;
  // Later slots are spread evenly over the shortest app window, not planned as one burst at its
  // start: a burst leaves over several round trips, and its answers would crowd the next one out.
  const pace = [...limits.app].sort((a, b) => a.windowMs - b.windowMs)[0];

  // The spread of recent answer times, its slowest tenth left out: a lone stall (GC, a busy
  // machine) should not slow every slot planned after it; the check when a row is due catches it.
  const marginMs = () => {
    if (latencies.length === 0) return 0;
    const sorted = [...latencies].sort((a, b) => a - b);
    return Math.min(MAX_MARGIN_MS, sorted[Math.floor(sorted.length * 0.9)]! - sorted[0]!);
  };
  const prune = (log: number[], now: number) => {
    while (log.length && log[0]! <= now - horizon - MAX_MARGIN_MS) log.shift();
  };
  let forgotAt = -Infinity;
  const logOf = (target: string, now: number) => {
    // At most once a horizon: when more targets than that were heard from within it, sweeping on
    // every call would cost O(targets) per call.
    if (targetLogs.size > MAX_TRACKED_TARGETS && now - forgotAt >= horizon) {
      forgotAt = now;
      for (const [key, log] of targetLogs) {
        prune(log, now);
        if (log.length === 0) targetLogs.delete(key);
      }
    }
    let log = targetLogs.get(target);
    if (!log) targetLogs.set(target, (log = []));
    prune(log, now);
    return log;
  };
  /** The app's next fit from `t` (and, for a later call, its even pace): one step, repeated until it holds. */
  const appFit = (t: number, now: number, margin: number) => {
    const fit = firstFit(appLog, limits.app, t, margin);
    return fit > now && pace ? firstFit(appLog, [{ limit: 1, windowMs: (pace.windowMs + margin) / pace.limit }], fit, 0) : fit;
  };
  const waitNow = (targetLog: number[], now: number) => {
    if (now < pausedUntil) return pausedUntil - now;
    return Math.max(waitFor(appLog, limits.app, now), waitFor(targetLog, limits.perTarget, now));
  };
  const record = (target: string, t: number) => {
    insert(appLog, t);
    insert(logOf(target, t), t);
  };
  const release = (target: string, t: number) => {
    remove(appLog, t);
    const log = targetLogs.get(target);
    if (log) remove(log, t);
  };

  return {
    take(target, at) {
      const now = at.getTime();
      prune(appLog, now);
      const wait = waitNow(logOf(target, now), now);
      if (wait > 0) return wait;
      record(target, now);
      return 0;
    },
    takeSlot(target, from) {
      const now = from.getTime();
      prune(appLog, now);
      const targetLog = logOf(target, now);
      // Answers move calls later by their answer time: what can crowd a window is how much those
      // times differ (a slow answer after quick ones), so that is what planned windows are widened by.
      const margin = marginMs();
      let t = Math.max(now, pausedUntil);
      // Alternate until all agree: a later app slot may not fit the recipient, and the reverse.
      for (;;) {
        const fit = firstFit(targetLog, limits.perTarget, appFit(t, now, margin), margin);
        if (fit === t) break;
        t = fit;
      }
      record(target, t);
      return t;
    },
    nextAppSlot(from) {
      const now = from.getTime();
      prune(appLog, now);
      const margin = marginMs();
      let t = Math.max(now, pausedUntil);
      for (let fit = appFit(t, now, margin); fit !== t; fit = appFit(t, now, margin)) t = fit;
      return t;
    },
    plannedAfter: (from) => appLog.length - after(appLog, from.getTime()),
    release,
    answered(target, takenAt, at, sentAt = takenAt) {
      const from = takenAt.getTime();
      const to = at.getTime();
      latencies.push(to - Math.max(from, sentAt.getTime()));
      if (latencies.length > LATENCY_SAMPLES) latencies.shift();
      if (remove(appLog, from)) insert(appLog, to);
      const log = targetLogs.get(target);
      if (log && remove(log, from)) insert(log, to);
    },
    pauseUntil(until) {
      pausedUntil = Math.max(pausedUntil, until.getTime());
    },
    pausedUntil: () => pausedUntil,
  };
}
