/** D1 binds at most 100 parameters per statement; an IN list takes one per value. */
export const MAX_IN_LIST = 90;

/**
 * Bound parameters one statement may carry: D1 allows 100 (its documented limit), SQLite as
 * better-sqlite3 builds it 32 766 (SQLITE_MAX_VARIABLE_NUMBER). D1 is the database with `batch`.
 */
export const D1_MAX_BOUND_PARAMETERS = 100;
export const SQLITE_MAX_BOUND_PARAMETERS = 32_766;

/** Past this many rows a multi-row insert saves nothing more, and its SQL text only grows. */
const MAX_ROWS_PER_INSERT = 200;

/** D1: atomic units go through `batch` (better-sqlite3 has none). */
export const isBatchDb = (db: object): boolean => typeof (db as { batch?: unknown }).batch === 'function';

/** How many rows of `columns` bound values each fit in one INSERT on `db`. */
export function rowsPerInsert(db: object, columns: number): number {
  const limit = isBatchDb(db) ? D1_MAX_BOUND_PARAMETERS : SQLITE_MAX_BOUND_PARAMETERS;
  return Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(limit / columns)));
}

/** Consecutive chunks of `size` values (the last may be shorter), taken from `values` only as each is asked for. */
export function* chunksOf<V>(values: Iterable<V>, size: number): Generator<V[]> {
  if (!(size >= 1)) throw new RangeError(`chunk size must be at least 1, got ${size}`);
  let chunk: V[] = [];
  for (const value of values) {
    chunk.push(value);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length) yield chunk;
}

/** Runs an `IN (…)` query once per chunk of values and concatenates the rows (order within a chunk kept). */
export async function selectInChunks<V, R>(values: readonly V[], query: (chunk: V[]) => Promise<R[]>): Promise<R[]> {
  return (await Promise.all([...chunksOf(values, MAX_IN_LIST)].map(query))).flat();
}
