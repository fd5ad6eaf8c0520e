import { and, asc, eq, gt, inArray, lt, lte, sql } from 'drizzle-orm';
import type { AppDb } from '../../db/types';
import { outbox } from '../../db/schema';

/** The statements the drain writes on outbox rows it has not sent yet. */

export type OutboxRow = typeof outbox.$inferSelect;

/**
 * The rows due longest by `now` (of `platforms` only, when given): a new row is due from when it
 * was queued, a retry from its backoff. In the order of the `outbox_due` index, so it reads `limit`
 * rows however many are due; by id instead, it sorted every due row of a backlog on every call.
 */
export function dueRows(db: AppDb, now: Date, limit: number, platforms?: string[]): Promise<OutboxRow[]> {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now), platforms ? inArray(outbox.platform, platforms) : undefined))
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(limit);
}

/**
 * Rows picked by id must be found by id: with `status` and `next_attempt_at` among its terms, SQLite
 * takes `id IN (a, b)` through the `outbox_due` index instead, reading every row due (a backlog's
 * worth) for two. The unary `+` keeps those terms out of index choice and changes no value.
 */
const stillDue = (now: Date) => and(sql`+${outbox.status} = 'pending'`, sql`+${outbox.nextAttemptAt} <= ${now.getTime()}`);

/** Those of `ids` still pending and due by `now` (rows whose planned slot has come). */
export function dueRowsById(db: AppDb, now: Date, ids: number[]): Promise<OutboxRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(outbox)
    .where(and(inArray(outbox.id, ids), stillDue(now)));
}

/**
 * Claims due rows with a lease (a conditional UPDATE), so two workers never send one at once; each
 * claim counts an attempt. Answers the rows this worker got.
 */
export function claimRows(db: AppDb, ids: number[], now: Date, leaseMs: number): Promise<OutboxRow[]> {
  return db
    .update(outbox)
    .set({ nextAttemptAt: new Date(now.getTime() + leaseMs), attempts: sql`${outbox.attempts} + 1` })
    .where(and(inArray(outbox.id, ids), stillDue(now)))
    .returning();
}

/** Gives a due, unclaimed row a later slot: one write, no attempt spent. */
export function reschedule(db: AppDb, id: number, now: Date, at: Date) {
  return db
    .update(outbox)
    .set({ nextAttemptAt: at })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)));
}

/**
 * When the earliest pending row is due (a claimed row: when its lease ends), or the earliest due
 * later than `after`; undefined when none is.
 */
export async function nextDueAt(db: AppDb, after?: Date): Promise<Date | undefined> {
  const [first] = await db
    .select({ at: outbox.nextAttemptAt })
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), after ? gt(outbox.nextAttemptAt, after) : undefined))
    .orderBy(asc(outbox.nextAttemptAt))
    .limit(1);
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
