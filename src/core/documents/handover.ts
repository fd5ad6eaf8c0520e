/**
 * A leader whose leave starts while a document waits on his step: the daily leave duties send its
 * card to whoever acts for him (Art. 9, 11), with the stand-in notice. The outbox key is the one the
 * step's own send uses, so a stand-in already sent the card is not sent it twice.
 */
import type { AppDb } from '../../../db/types';
import { newEffects, type Effects } from '../effects';
import { awaySet } from '../leave/store';
import type { Directory } from '../org/directory';
import { localDate } from '../time';
import { sendStepCard } from './flow';
import { currentStepOf, loadDocs } from './store';

export async function handOverDocuments(db: AppDb, dir: Directory, now: Date): Promise<Effects> {
  const effects = newEffects();
  const away = await awaySet(db, localDate(now));
  if (away.size === 0) return effects;
  for (const d of await loadDocs(db, ['reviewing'])) {
    const step = currentStepOf(d);
    if (step?.addresseeId && away.has(step.addresseeId)) await sendStepCard({ db, dir, now, effects }, d, step);
  }
  return effects;
}
