import { atomic, isConflict, type Statement } from '../../db/atomic';
import type { AppDb } from '../../db/types';
import { auditLog } from '../../db/schema';
import type { Effects } from '../core/effects';
import type { Platform } from '../core/inbound';
import { outboxStatements, type EnqueueContext } from './enqueue';

export interface EffectOrigin {
  now: Date;
  /** Who acted; null for the system (scheduled jobs). */
  actorId: string | null;
  /** The platform message that caused it, for the audit log. */
  sourceMessage?: string | null;
}

/** The statements that make effects durable: domain writes, their audit entries, their outbox rows. */
export function effectStatements(db: AppDb, effects: Effects, origin: EffectOrigin, enqueue: EnqueueContext): Statement[] {
  return [
    ...effects.statements,
    ...effects.audits.map((a) =>
      db.insert(auditLog).values({
        at: origin.now,
        actorId: origin.actorId,
        subjectType: a.subjectType,
        subjectId: a.subjectId,
        action: a.action,
        detail: a.detail ?? null,
        sourceMessage: origin.sourceMessage ?? null,
      }),
    ),
    ...outboxStatements(db, effects, enqueue),
  ];
}

/**
 * Commits effects produced outside a chat request (a scheduled job) as one atomic unit.
 * False when a guarded statement lost a race: nothing was written.
 */
export async function commitSystemEffects(db: AppDb, effects: Effects, options: { now: Date; pushPlatforms: readonly Platform[] }): Promise<boolean> {
  try {
    await atomic(db, effectStatements(db, effects, { now: options.now, actorId: null }, options));
    return true;
  } catch (error) {
    if (isConflict(error)) return false;
    throw error;
  }
}
