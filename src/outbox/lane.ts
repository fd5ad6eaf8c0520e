import type { RateLimits } from './rate-limit';

/**
 * Sends in flight at once per platform unless its limits say otherwise: 50/s is reached with round
 * trips up to 200 ms, and a busy two-core server does not push its own sends past their timeouts.
 */
export const MAX_IN_FLIGHT = 10;

/**
 * How many sends of one platform a drain keeps in flight, so a round trip no longer caps the rate:
 * what its limits declare (`inFlight`), else MAX_IN_FLIGHT; never more than its shortest app window
 * allows at once (Feishu 50 a second, DingTalk 20).
 */
export function inFlightCap(limits: RateLimits | undefined): number {
  const shortest = [...(limits?.app ?? [])].sort((a, b) => a.windowMs - b.windowMs)[0];
  return Math.max(1, Math.min(limits?.inFlight ?? MAX_IN_FLIGHT, shortest?.limit ?? Infinity));
}

export interface Lane {
  /** Resolves when one more send of the platform may start. */
  acquire(): Promise<void>;
  release(): void;
}

/**
 * One platform's sends within a drain pass. The first goes alone until it is settled: it fetches the
 * access token once for all that follow, and a 429 it meets pauses them before any has started.
 */
export function createLane(cap: number): Lane {
  let running = 0;
  let opened = false;
  const waiting: Array<() => void> = [];
  const room = () => running < (opened ? cap : 1);
  return {
    acquire() {
      if (waiting.length === 0 && room()) {
        running++;
        return Promise.resolve();
      }
      return new Promise((resolve) =>
        waiting.push(() => {
          running++;
          resolve();
        }),
      );
    },
    release() {
      running--;
      opened = true;
      while (waiting.length && room()) waiting.shift()!();
    },
  };
}
