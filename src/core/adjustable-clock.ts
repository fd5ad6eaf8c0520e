import type { Clock } from './time';

/** System time shifted by an offset the sandbox can set ("jump to 2026-10-08 09:00"); time keeps flowing. */
export function adjustableClock(base: Clock = { now: () => new Date() }): Clock & { set(at: Date): void } {
  let offsetMs = 0;
  return {
    now: () => new Date(base.now().getTime() + offsetMs),
    set(at) {
      offsetMs = at.getTime() - base.now().getTime();
    },
  };
}
