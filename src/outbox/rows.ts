import { and, asc, eq, inArray, lt, lte, sql } from 'drizzle-orm';
import type { AppDb } from '../../db/types';
import { outbox } from '../../db/schema';

/** The statements the drain writes on outbox rows it has not sent yet. */

export type OutboxRow = typeof outbox.$inferSelect;

export function dueRows(db: AppDb, now: Date, limit: number): Promise<OutboxRow[]> {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)))
    .orderBy(asc(outbox.id))
    .limit(limit);
}

/**
 * Claims due rows with a lease (a conditional UPDATE), so two workers never send one at once; each
 * claim counts an attempt. Answers the rows this worker got.
 */
export function claimRows(db: AppDb, ids: number[], now: Date, leaseMs: number): Promise<OutboxRow[]> {
  return db
    .update(outbox)
    .set({ nextAttemptAt: new Date(now.getTime() + leaseMs), attempts: sql`${outbox.attempts} + 1` })
    .where(and(inArray(outbox.id, ids), eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)))
    .returning();
}

/** Gives a due, unclaimed row a later slot: one write, no attempt spent. */
export function reschedule(db: AppDb, id: number, now: Date, at: Date) {
  return db
    .update(outbox)
    .set({ nextAttemptAt: at })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)));
}

/** When the earliest pending row is due (a claimed row: when its lease ends); undefined when none is pending. */
export async function nextDueAt(db: AppDb): Promise<Date | undefined> {
  const [first] = await db.select({ at: outbox.nextAttemptAt }).from(outbox).where(eq(outbox.status, 'pending')).orderBy(asc(outbox.nextAttemptAt)).limit(1);
  return first?.at;
}

/** Returns a claimed row to the queue for `at`, giving back the attempt the claim counted. */
export function putBack(db: AppDb, row: OutboxRow, at: Date, payload?: unknown) {
  return db
    .update(outbox)
    .set({ attempts: row.attempts - 1, nextAttemptAt: at, ...(payload ? { payload } : {}) })
    .where(eq(outbox.id, row.id));
}

/** Whether a card about the row's subject is still waiting to go out before this refresh. */
export async function hasEarlierPendingSend(db: AppDb, row: OutboxRow): Promise<boolean> {
  const [earlier] = await db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.subject, row.subject!), eq(outbox.platform, row.platform), eq(outbox.op, 'send'), eq(outbox.status, 'pending'), lt(outbox.id, row.id)))
    .limit(1);
  return Boolean(earlier);
}
