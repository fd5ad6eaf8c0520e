import type { Timers } from '../../src/platforms/dingtalk/stream/timers';

/**
 * Timers that move only when the test says so: `advance(ms)` fires, in time order, every timer due
 * within that span (intervals repeatedly). Nothing sleeps; a 45-second silence is one call.
 */
export interface ManualTimers extends Timers {
  advance(ms: number): void;
  /** Timers still scheduled (timeouts not yet fired, intervals not cleared). */
  pending(): number;
  /** The delay of the latest timeout scheduled (e.g. the backoff the client chose). */
  lastTimeoutMs(): number | undefined;
}

interface Entry {
  id: number;
  at: number;
  every?: number;
  run(): void;
}

export function manualTimers(): ManualTimers {
  let now = 0;
  let nextId = 1;
  let lastTimeout: number | undefined;
  const entries = new Map<number, Entry>();
  const add = (run: () => void, ms: number, every?: number) => {
    const entry = { id: nextId++, at: now + Math.max(0, ms), every, run };
    entries.set(entry.id, entry);
    return entry.id;
  };
  const clear = (handle: unknown) => {
    entries.delete(handle as number);
  };
  return {
    setTimeout(run, ms) {
      lastTimeout = ms;
      return add(run, ms);
    },
    setInterval: (run, ms) => add(run, ms, Math.max(1, ms)),
    clearTimeout: clear,
    clearInterval: clear,
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...entries.values()].filter((e) => e.at <= until).sort((a, b) => a.at - b.at || a.id - b.id)[0];
        if (!due) break;
        now = due.at;
        if (due.every) due.at += due.every;
        else entries.delete(due.id);
        due.run();
      }
      now = until;
    },
    pending: () => entries.size,
    lastTimeoutMs: () => lastTimeout,
  };
}
