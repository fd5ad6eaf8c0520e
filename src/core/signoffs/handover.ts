/**
 * A leader whose leave starts while a sign-off (议题, 纪要, 全区性会议, 用印) waits on his step: the daily
 * leave duties send its card to whoever acts for him (Art. 9, 11), with the stand-in line — as for
 * documents and supervision decisions. The stand-in's push key is the one the step's own send uses for
 * a stand-in, so a card already sent to them is not sent twice.
 */
import { eq } from 'drizzle-orm';
import { signoffSteps } from '../../../db/schema';
import type { AppDb } from '../../../db/types';
import type { DomainContext } from '../context';
import { newEffects, type Effects } from '../effects';
import { awaySet } from '../leave/store';
import type { Directory } from '../org/directory';
import { localDate } from '../time';
import { pushToDecider } from './engine';
import { currentRound } from './store';
import { SUBJECT_ADAPTERS } from './subjects';

export async function handOverSignoffs(db: AppDb, dir: Directory, now: Date): Promise<Effects> {
  const effects = newEffects();
  const away = await awaySet(db, localDate(now));
  if (away.size === 0) return effects;
  const pending = await db.select().from(signoffSteps).where(eq(signoffSteps.status, 'pending'));
  for (const step of pending) {
    const addressee = step.addresseeId ? dir.person(step.addresseeId) : undefined;
    if (!addressee || !away.has(addressee.id)) continue;
    const adapter = SUBJECT_ADAPTERS[step.subjectType];
    // The adapters only read here (the subject as its card shows it).
    const ctx: DomainContext = { db, dir, now, effects, actor: addressee, calendar: () => Promise.reject(new Error('no calendar in the hand-over')) };
    const view = await adapter.load(ctx, step.subjectId);
    if (view?.status !== 'in_review') continue;
    pushToDecider(ctx, adapter, view, await currentRound(db, view.type, view.id), step, away);
  }
  return effects;
}
