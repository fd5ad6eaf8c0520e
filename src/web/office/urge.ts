/** 催办 from the /office item page: the same core action as the card button, committed like a chat action. */
import { atomic, isConflict } from '../../../db/atomic';
import type { AppDeps } from '../../app-env';
import { newEffects } from '../../core/effects';
import { UserError } from '../../core/errors';
import type { Directory } from '../../core/org/directory';
import type { Person } from '../../core/org/types';
import { urgeItem } from '../../core/supervision/urge';
import { drainOutbox } from '../../outbox/drain';
import { effectStatements } from '../../outbox/commit';

/** Urges the item as `viewer`; throws the core's UserError, else answers its outcome line once committed. */
export async function urgeFromOffice(deps: AppDeps, dir: Directory, viewer: Person, itemId: string): Promise<string> {
  const now = deps.clock.now();
  const effects = newEffects();
  const outcome = await urgeItem({ db: deps.db, dir, actor: viewer, now, calendar: () => deps.loadCalendar(deps.db), effects }, itemId);
  try {
    await atomic(deps.db, effectStatements(deps.db, effects, { now, actorId: viewer.id }, { now, pushPlatforms: deps.pushPlatforms }));
  } catch (error) {
    if (isConflict(error)) throw new UserError(effects.conflictMessage!);
    throw error;
  }
  deps.defer(() => drainOutbox(deps));
  return outcome.text;
}
