/** The to-do list of the person acting, read as of the request (the same facts the digest reads). */
import type { DomainContext } from '../context';
import { itemViews } from '../reminders/item-views';
import { loadLeaveFacts } from '../reminders/leave-facts';
import { LIVE_STATUSES, loadItemStates } from '../reminders/snapshot';
import { localDate } from '../time';
import { todoBook, type TodoItem } from './items';
import { loadDocs, OPEN_DOC_STATUSES } from '../documents/store';
import { loadPendingSignoffs } from './signoffs';

export async function todoOf(ctx: Pick<DomainContext, 'db' | 'dir' | 'actor' | 'now' | 'calendar'>): Promise<TodoItem[]> {
  const calendar = await ctx.calendar();
  const [states, leave, documents, signoffs] = await Promise.all([
    loadItemStates(ctx.db, LIVE_STATUSES), loadLeaveFacts(ctx.db, calendar, localDate(ctx.now)), loadDocs(ctx.db, OPEN_DOC_STATUSES), loadPendingSignoffs(ctx.db),
  ]);
  return todoBook({ dir: ctx.dir, items: itemViews(states, calendar, ctx.now), leave, documents, signoffs }).of(ctx.actor);
}
