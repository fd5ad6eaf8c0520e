import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { atomic, expectChanged, isConflict } from '../../db/atomic';
import { auditLog, inboundEvents } from '../../db/schema';
import { d1Database } from '../../src/workers/deps';

const at = new Date('2026-11-26T01:00:00Z');

describe('atomic units on D1 (db.batch, no interactive transaction)', () => {
  it('commits every statement of a unit', async () => {
    const db = d1Database(env);
    await atomic(db, [
      db.insert(inboundEvents).values({ key: 'feishu:om_1', platform: 'feishu', receivedAt: at }),
      db.insert(auditLog).values({ at, subjectType: 'test', subjectId: '1', action: 'commit' }),
    ]);
    expect(await db.select().from(inboundEvents)).toHaveLength(1);
    expect(await db.select().from(auditLog)).toHaveLength(1);
  });

  it('the guard after a conditional statement that changed nothing rolls the whole batch back', async () => {
    const db = d1Database(env);
    await db.insert(inboundEvents).values({ key: 'feishu:om_1', platform: 'feishu', receivedAt: at });
    const unit = () =>
      atomic(db, [
        db.insert(auditLog).values({ at, subjectType: 'test', subjectId: '1', action: 'before-guard' }),
        db.insert(inboundEvents).values({ key: 'feishu:om_1', platform: 'feishu', receivedAt: at }).onConflictDoNothing(),
        expectChanged(db),
        db.insert(auditLog).values({ at, subjectType: 'test', subjectId: '1', action: 'after-guard' }),
      ]);
    const error = await unit().then(
      () => undefined,
      (e: unknown) => e,
    );
    // D1 says e.g. "D1_ERROR: CHECK constraint failed: concurrency_guard: SQLITE_CONSTRAINT".
    expect(String((error as Error).cause ?? error)).toContain('CHECK constraint failed: concurrency_guard');
    expect(isConflict(error)).toBe(true);
    expect(await db.select().from(auditLog)).toEqual([]);
  });

  it('the guard lets the unit through when the conditional statement changed a row', async () => {
    const db = d1Database(env);
    await db.insert(inboundEvents).values({ key: 'feishu:om_1', platform: 'feishu', receivedAt: at });
    await atomic(db, [
      db
        .update(inboundEvents)
        .set({ receivedAt: new Date(at.getTime() + 1000) })
        .where(eq(inboundEvents.key, 'feishu:om_1')),
      expectChanged(db),
      db.insert(auditLog).values({ at, subjectType: 'test', subjectId: '1', action: 'after-guard' }),
    ]);
    expect(await db.select({ action: auditLog.action }).from(auditLog)).toEqual([{ action: 'after-guard' }]);
  });

  it('another failure (a duplicate key) is not mistaken for a lost race, and also writes nothing', async () => {
    const db = d1Database(env);
    const error = await atomic(db, [
      db.insert(auditLog).values({ at, subjectType: 'test', subjectId: '1', action: 'first' }),
      db.insert(inboundEvents).values({ key: 'feishu:om_2', platform: 'feishu', receivedAt: at }),
      db.insert(inboundEvents).values({ key: 'feishu:om_2', platform: 'feishu', receivedAt: at }),
    ]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(String((error as Error).cause ?? error)).toContain('UNIQUE constraint failed');
    expect(error).toBeDefined();
    expect(isConflict(error)).toBe(false);
    expect(await db.select().from(auditLog)).toEqual([]);
    expect(await db.select().from(inboundEvents)).toEqual([]);
  });
});
