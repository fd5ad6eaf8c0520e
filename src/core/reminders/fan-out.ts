import type { AppDb } from '../../../db/types';
import { newEffects, type PushDraft } from '../effects';
import type { Platform } from '../inbound';
import { commitSystemEffects } from '../../outbox/commit';
import { FAN_OUT_CHUNK } from './policy';

/**
 * Enqueues a job's pushes in small atomic units. A crash half-way leaves the earlier units
 * committed; the scheduler then releases the job's claim, and the re-run enqueues everything again,
 * where every push already committed is skipped by its dedupe key.
 */
export async function fanOut(db: AppDb, pushes: readonly PushDraft[], options: { now: Date; pushPlatforms: readonly Platform[] }): Promise<number> {
  for (let i = 0; i < pushes.length; i += FAN_OUT_CHUNK) {
    const effects = newEffects();
    effects.pushes.push(...pushes.slice(i, i + FAN_OUT_CHUNK));
    await commitSystemEffects(db, effects, options);
  }
  return pushes.length;
}
