import type { Statement } from '../../../db/atomic';
import type { AppDb } from '../../../db/types';
import { newEffects, type PushDraft } from '../effects';
import type { Platform } from '../inbound';
import { commitSystemEffects } from '../../outbox/commit';
import { FAN_OUT_CHUNK } from './policy';

/**
 * Enqueues a job's pushes in small atomic units. A crash half-way leaves the earlier units
 * committed; the scheduler then releases the job's claim, and the re-run enqueues everything again,
 * where every push already committed is skipped by its dedupe key. `guard`, when given, is written
 * first in every unit and aborts it when the facts the pushes were built from have changed: then
 * nothing more is enqueued and the answer is false (the caller reads again and rebuilds).
 */
export async function fanOut(
  db: AppDb,
  pushes: readonly PushDraft[],
  options: { now: Date; pushPlatforms: readonly Platform[]; guard?: () => Statement },
): Promise<boolean> {
  for (let i = 0; i < pushes.length; i += FAN_OUT_CHUNK) {
    const effects = newEffects();
    if (options.guard) effects.statements.push(options.guard());
    effects.pushes.push(...pushes.slice(i, i + FAN_OUT_CHUNK));
    if (!(await commitSystemEffects(db, effects, options))) return false;
  }
  return true;
}
