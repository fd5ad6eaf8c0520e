import type { Statement } from '../../../db/atomic';
import { chunksOf } from '../../../db/in-chunks';
import type { AppDb } from '../../../db/types';
import { newEffects, type PushDraft } from '../effects';
import type { Platform } from '../inbound';
import { commitSystemEffects } from '../../outbox/commit';
import { FAN_OUT_CHUNK } from './policy';

/**
 * Enqueues a job's pushes in atomic units of FAN_OUT_CHUNK, taking them from `pushes` one unit at
 * a time, so a generator's rendered cards are held for one unit only. A crash half-way leaves the
 * earlier units committed; the scheduler then releases the job's claim, and the re-run enqueues
 * everything again, where every push already committed is skipped by its dedupe key. `guard`, when
 * given, is written first in every unit and aborts it when the facts the pushes were built from
 * have changed: then nothing more is enqueued and the answer is false (the caller reads again and
 * rebuilds). Otherwise the answer is how many pushes were enqueued or already there.
 */
export async function fanOut(
  db: AppDb,
  pushes: Iterable<PushDraft>,
  options: { now: Date; pushPlatforms: readonly Platform[]; guard?: () => Statement; chunk?: number },
): Promise<number | false> {
  let count = 0;
  for (const chunk of chunksOf(pushes, options.chunk ?? FAN_OUT_CHUNK)) {
    const effects = newEffects();
    if (options.guard) effects.statements.push(options.guard());
    effects.pushes.push(...chunk);
    if (!(await commitSystemEffects(db, effects, options))) return false;
    count += chunk.length;
  }
  return count;
}
