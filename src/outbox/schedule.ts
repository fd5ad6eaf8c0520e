import { createRateLimiter, type RateLimiter, type RateWindow } from './rate-limit';
import type { PlatformSender } from './sender';

/**
 * A platform's delivery schedule, kept per sender instance like its rate limiter, so every pass of
 * a process shares it: the slots planned for rows still waiting, and how far ahead it plans.
 *
 * It plans two of the platform's shortest app windows ahead, in time and in calls (Feishu 2 s and
 * 100 calls). A short queue is planned whole, each row's `next_attempt_at` saying when it goes; in a
 * backlog, a row whose app slot would lie further out is left due and unplanned — nothing written —
 * and the platform is *full*: no row of it is planned until only one window of slots is left, then
 * the oldest waiting rows are planned in one go. So the oldest rows go first across recipients, and
 * planning one costs the same with 100 or 5 000 waiting. Planning a whole backlog at once wrote a
 * slot per row, each found by walking all the slots before it; a newer row could take a gap left
 * among slots planned minutes ahead, and an older one whose window late answers had filled was
 * planned again after all of them.
 */
export interface Schedule {
  limiter: RateLimiter;
  /** Slots planned for rows still waiting (row id → epoch ms): a row due at its slot goes without asking again. */
  planned: Map<number, number>;
  /**
   * Rows whose slot came while the platform was full and answers that came later than planned
   * left them no room: read on every round and planned before the rows queued after them, though
   * their `next_attempt_at` (the lapsed slot) sorts them behind those in the `outbox_due` index.
   */
  lapsed: Set<number>;
  /** Until when no new row is planned (epoch ms). */
  fullUntil: number;
  /** The shortest app window: the unit the horizon is counted in. */
  window: RateWindow;
}

const schedules = new WeakMap<PlatformSender, Schedule>();

/** The sender's schedule; none for a sender without rate limits. */
export function scheduleOf(sender: PlatformSender): Schedule | undefined {
  const limits = sender.limits;
  if (!limits) return undefined;
  let schedule = schedules.get(sender);
  if (!schedule) {
    const window = [...limits.app].sort((a, b) => a.windowMs - b.windowMs)[0] ?? { limit: Infinity, windowMs: 0 };
    schedules.set(sender, (schedule = { limiter: createRateLimiter(limits), planned: new Map(), lapsed: new Set(), fullUntil: 0, window }));
  }
  return schedule;
}

export const isFull = (schedule: Schedule | undefined, now: Date) => (schedule?.fullUntil ?? 0) > now.getTime();

/**
 * The rows to read by id at `now`: those whose slot has come and those whose slot lapsed. A plan
 * older than `forgetMs` is forgotten: its row went elsewhere, or is planned again.
 */
export function rowsToRead(schedule: Schedule, now: Date, forgetMs: number): number[] {
  const ids = [...schedule.lapsed];
  for (const [id, slot] of schedule.planned) {
    if (slot < now.getTime() - forgetMs) schedule.planned.delete(id);
    else if (slot <= now.getTime()) ids.push(id);
  }
  return ids;
}

/** What a due row does now. */
export type Decision =
  /** It goes now (its call is taken). */
  | { kind: 'go'; slot: number }
  /** It is given `slot` (one write, no attempt spent), remembered as planned once it is written. */
  | { kind: 'later'; slot: number }
  /** It waits, unwritten, for the platform to plan again; `filled`: this row found the platform full. */
  | { kind: 'wait'; filled: boolean };

/**
 * When a due row goes: at its planned slot when the calls answered since leave it room; otherwise it
 * is planned like any row waiting — within the horizon, and none once a row before it was not.
 * Planned even while its recipient has a send in flight: a row that waited would be planned after
 * everyone else's, and a group's rows would pile up at the end at 5 a second.
 */
export function decide(schedule: Schedule, rowId: number, target: string, now: Date): Decision {
  const { limiter, planned, lapsed, window } = schedule;
  const plan = planned.get(rowId);
  planned.delete(rowId);
  const slotCame = lapsed.delete(rowId) || (plan !== undefined && plan <= now.getTime());
  if (plan !== undefined) limiter.release(target, plan);
  if (slotCame && limiter.take(target, now) === 0) return { kind: 'go', slot: now.getTime() };
  let filled = false;
  if (!isFull(schedule, now)) {
    const appSlot = limiter.nextAppSlot(now);
    filled = appSlot > now.getTime() + 2 * window.windowMs && limiter.plannedAfter(now) >= 2 * window.limit;
    if (filled) schedule.fullUntil = appSlot - window.windowMs;
  }
  if (isFull(schedule, now)) {
    // A row whose slot lapsed keeps its place before the rows queued after it.
    if (slotCame) lapsed.add(rowId);
    return { kind: 'wait', filled };
  }
  const slot = limiter.takeSlot(target, now);
  return slot > now.getTime() ? { kind: 'later', slot } : { kind: 'go', slot };
}
