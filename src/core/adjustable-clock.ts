import type { Clock } from './time';

/** A clock the sandbox moves, over the real time it never moves. */
export interface AdjustableClock extends Clock {
  set(at: Date): void;
  /** The unshifted time: what signature freshness and link expiry are judged by. */
  real: Clock;
}

/** System time shifted by an offset the sandbox can set ("jump to 2026-10-08 09:00"); time keeps flowing. */
export function adjustableClock(base: Clock = { now: () => new Date() }): AdjustableClock {
  let offsetMs = 0;
  return {
    now: () => new Date(base.now().getTime() + offsetMs),
    set(at) {
      offsetMs = at.getTime() - base.now().getTime();
    },
    real: base,
  };
}

/** The real time under `clock`: its base when it is a sandbox clock, else the clock itself. */
export function realClockOf(clock: Clock & { real?: Clock }): Clock {
  return clock.real ?? clock;
}
