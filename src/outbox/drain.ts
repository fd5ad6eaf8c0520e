import type { AppDb } from '../../db/types';
import { drainPass, type DrainDeps, type DrainOptions } from './pass';
import type { DrainReport } from './settle';

export type { DrainDeps, DrainOptions } from './pass';
export type { DrainReport } from './settle';

interface Flight {
  done: Promise<DrainReport>;
  /** The pass that follows the running one, shared by everyone who asked meanwhile. */
  next?: Promise<DrainReport>;
}

/** One drain at a time per database in this process (a Worker isolate, a Node server). */
const flights = new WeakMap<AppDb, Flight>();

/**
 * Delivers due outbox rows. Driven after each response (`defer`) and by a periodic sweeper, so
 * nothing depends on one of them finishing. Single-flight: while a pass runs, a caller only wakes it
 * — one more pass follows, since the running one may have read the queue before the caller's rows
 * were committed — so N requests never race N drains over the same rows. A crash between send and
 * mark-sent sends the row again after its lease with the same dedupe key, which the platform uses to
 * drop the copy (Feishu `uuid`).
 */
export function drainOutbox(deps: DrainDeps, options: DrainOptions = {}): Promise<DrainReport> {
  const flight = flights.get(deps.db);
  if (!flight) return fly(deps, options);
  flight.next ??= flight.done.then(settled, settled).then(() => drainOutbox(deps, options));
  return flight.next;
}

const settled = () => undefined;

type Watch = (report: DrainReport | undefined) => void;
/** Who wants to know when a pass ends (the sweeper plans its next wake), per database. */
const watchers = new WeakMap<AppDb, Set<Watch>>();

/** Calls `watch` after every pass over `db` in this process, with its report (none when it threw); answers how to stop. */
export function onDrained(db: AppDb, watch: Watch): () => void {
  let set = watchers.get(db);
  if (!set) watchers.set(db, (set = new Set()));
  set.add(watch);
  return () => void set.delete(watch);
}

function fly(deps: DrainDeps, options: DrainOptions): Promise<DrainReport> {
  const flight: Flight = {
    done: drainPass(deps, options)
      .finally(() => {
        if (flights.get(deps.db) === flight) flights.delete(deps.db);
      })
      .then(
        (report) => {
          watchers.get(deps.db)?.forEach((watch) => watch(report));
          return report;
        },
        (error: unknown) => {
          watchers.get(deps.db)?.forEach((watch) => watch(undefined));
          throw error;
        },
      ),
  };
  flights.set(deps.db, flight);
  return flight.done;
}
