/** D1 binds at most 100 parameters per statement; an IN list takes one per value. */
export const MAX_IN_LIST = 90;

/** Runs an `IN (…)` query once per chunk of values and concatenates the rows (order within a chunk kept). */
export async function selectInChunks<V, R>(values: readonly V[], query: (chunk: V[]) => Promise<R[]>): Promise<R[]> {
  const chunks: V[][] = [];
  for (let i = 0; i < values.length; i += MAX_IN_LIST) chunks.push(values.slice(i, i + MAX_IN_LIST));
  return (await Promise.all(chunks.map(query))).flat();
}
