import { sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { AppDb } from './types';
import { concurrencyGuard } from './schema';

export type Statement = BatchItem<'sqlite'>;

/**
 * Runs statements as one all-or-nothing unit. D1 rejects BEGIN, so there is no interactive
 * transaction anywhere: logic reads first, then writes one batch (`db.batch` on D1, a
 * synchronous transaction on better-sqlite3). Concurrency is handled by conditional statements
 * followed by `expectChanged()`.
 */
export async function atomic(db: AppDb, statements: Statement[]): Promise<void> {
  if (statements.length === 0) return;
  const batchable = db as unknown as { batch?: (s: Statement[]) => Promise<unknown> };
  if (typeof batchable.batch === 'function') {
    await batchable.batch(statements);
    return;
  }
  const sync = db as unknown as { transaction: (fn: () => void) => void };
  sync.transaction(() => runStatements(statements));
}

/** Runs statements one by one on better-sqlite3 (synchronous); the caller holds the transaction. */
export function runStatements(statements: Statement[]): void {
  for (const s of statements) (s as unknown as { run: () => void }).run();
}

/**
 * Aborts the atomic unit when the statement just before it changed no row (a lost race: the
 * request was already decided, the event already seen). The CHECK on concurrency_guard fails.
 */
export function expectChanged(db: AppDb): Statement {
  return db.insert(concurrencyGuard).select(sql`SELECT 0 AS ok WHERE changes() = 0`);
}

/** True when an error is the guard above firing, i.e. the unit lost a race and wrote nothing. */
export function isConflict(error: unknown): boolean {
  const text = String((error as { message?: string })?.message ?? error) + String((error as { cause?: unknown })?.cause ?? '');
  return text.includes('CHECK constraint failed') && text.includes('concurrency_guard');
}
