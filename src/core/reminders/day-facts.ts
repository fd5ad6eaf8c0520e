/**
 * The day's state as the reminder jobs read it: directory, live items with their lights, leave and
 * pauses. At 09:00 four jobs run back to back on the same state; they share one read per scheduler
 * pass, kept while the state stamp (snapshot.ts) has not moved, read again as soon as it has.
 */
import type { AppDb } from '../../../db/types';
import { memoisedCalendar } from '../calendar/memoised';
import { loadDocs, OPEN_DOC_STATUSES } from '../documents/store';
import type { Doc } from '../documents/types';
import type { WorkCalendar } from '../calendar/types';
import { loadDirectory, type Directory } from '../org/directory';
import { localDate, type LocalDate } from '../time';
import { todoBook, type TodoBook } from '../todo/items';
import { loadPendingSignoffs, type PendingSignoff } from '../todo/signoffs';
import { loadPendingDisputes, type Dispute } from '../supervision/disputes';
import { itemViews, type ItemView } from './item-views';
import { loadLeaveFacts, type LeaveFacts } from './leave-facts';
import { loadPauses } from './pauses';
import { loadLiveItemStates } from './snapshot';

export interface DayFacts {
  dir: Directory;
  /** The run's calendar, answering each question once. */
  calendar: WorkCalendar;
  today: LocalDate;
  /** Live items (drafts, issued, in progress) in ledger order. */
  items: ItemView[];
  leave: LeaveFacts;
  /** Person → last paused day, for pauses not over by today. */
  pausedUntil: Map<string, LocalDate>;
  /** Documents in a sign-off chain, returned or awaiting 转办 (Art. 61, 62). */
  documents: Doc[];
  /** Sign-off steps waiting (议题, 纪要, 全区性会议, 用印). */
  signoffs: PendingSignoff[];
  /** Units' disagreements waiting for the supervising deputy (Art. 61). */
  disputes: Dispute[];
  /** Everyone's waiting matters (src/core/todo), built on first use. */
  todo(): TodoBook;
}

/** One scheduler pass's read of the day: the facts and the state stamp they were read at. */
export interface DayFactsCache {
  stamp?: number;
  facts?: Promise<DayFacts>;
}

export async function loadDayFacts(db: AppDb, calendar: WorkCalendar, now: Date): Promise<DayFacts> {
  const today = localDate(now);
  const memoised = memoisedCalendar(calendar);
  const [dir, states, leave, pausedUntil, documents, signoffs, disputes] = await Promise.all([
    loadDirectory(db),
    loadLiveItemStates(db),
    loadLeaveFacts(db, memoised, today),
    loadPauses(db, today),
    loadDocs(db, OPEN_DOC_STATUSES),
    loadPendingSignoffs(db),
    loadPendingDisputes(db),
  ]);
  const items = itemViews(states, memoised, now);
  let book: TodoBook | undefined;
  return {
    dir,
    calendar: memoised,
    today,
    items,
    leave,
    pausedUntil,
    documents,
    signoffs,
    disputes,
    todo: () => (book ??= todoBook({ dir, items, leave, documents, signoffs, disputes })),
  };
}

/**
 * The facts as of `stamp`: the pass's cached read when it was made at that stamp, else a new read
 * (kept for the next job). A read that raced a change is caught by the caller's guard, which
 * compares with `stamp`, and read again under the new stamp.
 */
export function dayFactsAt(cache: DayFactsCache | undefined, stamp: number, load: () => Promise<DayFacts>): Promise<DayFacts> {
  if (cache?.facts && cache.stamp === stamp) return cache.facts;
  const facts = load();
  if (cache) {
    cache.stamp = stamp;
    cache.facts = facts;
    // A failed read is not kept: the next job reads again.
    facts.catch(() => {
      if (cache.facts === facts) cache.facts = undefined;
    });
  }
  return facts;
}
