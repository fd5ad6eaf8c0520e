import type { Statement } from './atomic';
import type { AppDb } from './types';

/** A drizzle query prepared on the sync driver: run with its placeholders' values. */
interface Prepared {
  run(values: unknown): unknown;
}

/** Per database: each statement shape drizzle has built, by name. */
const prepared = new WeakMap<object, Map<string, Prepared>>();

/**
 * A statement for `atomic` (better-sqlite3 only) that drizzle builds once per database and `shape`,
 * with placeholders (`sql.placeholder`), and that runs with `values` for them. A statement run in
 * every unit of a fan-out costs its SQL building each time otherwise (docs/daily-jobs-at-scale.md).
 * D1's `batch` takes query builders only: there, build the statement as usual.
 */
export function reusedStatement(db: AppDb, shape: string, build: () => { prepare(): unknown }, values: unknown): Statement {
  let byShape = prepared.get(db);
  if (!byShape) prepared.set(db, (byShape = new Map()));
  let query = byShape.get(shape);
  if (!query) byShape.set(shape, (query = build().prepare() as Prepared));
  const ready = query;
  // `atomic` runs a unit's statements with `run()` inside one transaction on better-sqlite3.
  return { run: () => ready.run(values) } as unknown as Statement;
}
