import { drainOutbox, onDrained, type DrainDeps, type DrainReport } from './drain';
import { nextDueAt } from './rows';

/** The timer functions the sweeper waits with (injected in tests, so none of them sleeps). */
export interface SweeperTimers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SweeperOptions {
  /** The longest it sleeps with nothing due: rows another process queued are found this soon. */
  everyMs?: number;
  /** The shortest it sleeps between passes, so a row due "now" over and over cannot spin it. */
  minGapMs?: number;
  timers?: SweeperTimers;
  onError?(error: unknown): void;
}

export interface Sweeper {
  /** No more passes; resolves once the one running (if any) has finished. */
  stop(): Promise<void>;
}

const realTimers: SweeperTimers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Drains the outbox when its next row is due — the slot the rate limiter gave it, a retry's
 * backoff, a lapsed lease — instead of on a fixed tick, so throttled rows go out the moment the
 * platform has room. Every pass (its own, or one a request's `defer` woke) makes it look again at
 * when the next row is due; it never runs a pass of its own beside one already running (drain.ts).
 */
export function startSweeper(deps: DrainDeps, options: SweeperOptions = {}): Sweeper {
  const { everyMs = 1_000, minGapMs = 5, timers = realTimers, onError = (error) => console.error('outbox sweep failed', error) } = options;
  let timer: unknown;
  let stopped = false;
  let sweeping: Promise<void> | undefined;

  const wakeIn = (ms: number) => {
    if (stopped) return;
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = timers.setTimeout(() => {
      timer = undefined;
      void sweep();
    }, ms);
  };

  const plan = async (report: DrainReport | undefined) => {
    let ms = everyMs;
    try {
      const due = await nextWakeAt(deps.db, report, deps.clock.now());
      if (due) ms = Math.min(everyMs, Math.max(minGapMs, due.getTime() - deps.clock.now().getTime()));
    } catch (error) {
      onError(error);
    }
    wakeIn(ms);
  };

  const sweep = () => {
    sweeping = (async () => {
      let report: DrainReport | undefined;
      try {
        report = await drainOutbox(deps);
      } catch (error) {
        onError(error);
      }
      await plan(report);
    })().finally(() => {
      sweeping = undefined;
    });
    return sweeping;
  };

  // A pass a request woke may have given rows slots sooner than the sweeper's next wake.
  const unsubscribe = onDrained(deps.db, (report) => {
    if (!sweeping && !stopped) void plan(report);
  });
  wakeIn(0);

  return {
    async stop() {
      stopped = true;
      unsubscribe();
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
      await sweeping;
    },
  };
}

/**
 * When a pass has something to do after one that reported `report` at `now`: the earliest row due,
 * or — when rows were left due but unplanned, waiting for their platform's budget — the earlier of
 * when it can plan them and the next row due after now (a slot, a retry). Undefined: nothing pending.
 */
export async function nextWakeAt(db: DrainDeps['db'], report: DrainReport | undefined, now: Date): Promise<Date | undefined> {
  if (!report?.planFrom) return nextDueAt(db);
  const due = await nextDueAt(db, now);
  return due && due < report.planFrom ? due : report.planFrom;
}
