import { eq } from 'drizzle-orm';
import { inboundEvents } from './schema';
import type { AppDb } from './types';

/**
 * Why the database cannot take a write right now, or undefined when it can. A DELETE that matches no
 * row still needs the write lock, so a read-only file (or D1 database) fails it, yet nothing changes.
 * Same statement on better-sqlite3 and D1.
 */
export async function databaseWriteProblem(db: AppDb): Promise<string | undefined> {
  try {
    await db.delete(inboundEvents).where(eq(inboundEvents.key, ''));
    return undefined;
  } catch (error) {
    return String((error as Error)?.message ?? error);
  }
}
