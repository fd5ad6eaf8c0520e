import { atomic, runStatements, type Statement } from '../../db/atomic';
import type { AppDb } from '../../db/types';

/** Writes one atomic unit (the statements of one event); resolves once it is durable. */
export type CommitUnit = (statements: Statement[]) => Promise<void>;

interface Pending {
  statements: Statement[];
  settle(error?: unknown): void;
}

export interface SyncClient {
  inTransaction: boolean;
  transaction(fn: () => void): () => void;
}

/**
 * A unit that follows the previous one by less than this waits for the end of the loop turn, so the
 * events arriving with it share its COMMIT; a lone unit (20 requests a second, a quiet office) is
 * written at once. Waiting costs a lone event more than the COMMIT it would share: its answer would
 * also wait for the work queued before it in the turn (a delivery pass, bench/burst). As PostgreSQL's
 * `commit_delay` applies only while `commit_siblings` transactions are active.
 */
export const GROUPING_WINDOW_MS = 5;

/**
 * Group commit for the receive pipeline on better-sqlite3: under load, the units of the events that reach
 * their commit in the same turn of the event loop are written in one SQLite transaction, each in its own
 * savepoint (better-sqlite3 nests `transaction` that way), so each stays all-or-nothing and a unit that
 * fails (a lost race, a duplicate) is rolled back alone. One COMMIT writes the pages the units share once
 * instead of once per event — per event it was the largest single cost of a webhook request (bench/,
 * docs/benchmarks.md). Every unit's promise settles after that COMMIT, so no event is answered before
 * its effects are durable. D1 (no synchronous transaction) keeps `atomic` as it is.
 */
export function groupCommitter(client: SyncClient, now: () => number = () => performance.now()): CommitUnit {
  let queue: Pending[] = [];
  let lastQueuedAt = Number.NEGATIVE_INFINITY;
  const flush = () => {
    const batch = queue;
    queue = [];
    const failures = new Map<Pending, unknown>();
    try {
      client.transaction(() => {
        for (const unit of batch) {
          // A unit that made SQLite abort the whole transaction leaves nothing to commit the rest into.
          if (!client.inTransaction) throw new Error('group commit: an earlier unit rolled the transaction back');
          try {
            // What `atomic` does on better-sqlite3; nested in this transaction it is a savepoint.
            client.transaction(() => runStatements(unit.statements))();
          } catch (error) {
            failures.set(unit, error);
          }
        }
      })();
    } catch (error) {
      for (const unit of batch) unit.settle(error);
      return;
    }
    for (const unit of batch) unit.settle(failures.get(unit));
  };
  return (statements) =>
    statements.length === 0
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          const at = now();
          const underLoad = at - lastQueuedAt < GROUPING_WINDOW_MS;
          lastQueuedAt = at;
          queue.push({ statements, settle: (error) => (error === undefined ? resolve() : reject(error)) });
          // Units queued before the flush runs join it, however it was scheduled.
          if (queue.length === 1) (underLoad ? setImmediate : queueMicrotask)(flush);
        });
}

const committers = new WeakMap<AppDb, CommitUnit>();

/** The pipeline's way to commit on this database: grouped on better-sqlite3, `atomic` alone elsewhere. */
export function commitUnitFor(db: AppDb): CommitUnit {
  let commit = committers.get(db);
  if (!commit) {
    const client = (db as unknown as { $client?: Partial<SyncClient> }).$client;
    const grouped = typeof client?.transaction === 'function' && typeof setImmediate === 'function' && typeof (db as { batch?: unknown }).batch !== 'function';
    commit = grouped ? groupCommitter(client as SyncClient) : (statements) => atomic(db, statements);
    committers.set(db, commit);
  }
  return commit;
}
