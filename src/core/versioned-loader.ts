/**
 * A loaded value kept while `version()` answers the same string: a cheap read first, the costly load
 * only after a change (the directory, the work calendar). A failed load is not kept: the next call
 * tries again.
 */
export function versionedLoader<T>(version: () => Promise<string>, load: () => Promise<T>): () => Promise<T> {
  let cached: { version: string; value: Promise<T> } | undefined;
  return async () => {
    const current = await version();
    if (cached?.version !== current) {
      const entry = { version: current, value: load() };
      cached = entry;
      entry.value.catch(() => {
        if (cached === entry) cached = undefined;
      });
    }
    return cached.value;
  };
}
