/** The to-do list of the person acting, read as of the request (the same facts the digest reads). */
import type { DomainContext } from '../context';
import { itemViews } from '../reminders/item-views';
import { loadLeaveFacts } from '../reminders/leave-facts';
import { loadLiveItemStates } from '../reminders/snapshot';
import { localDate, type LocalDate } from '../time';
import { todoBook, type HandedOver, type TodoItem } from './items';
import { loadDocs, OPEN_DOC_STATUSES } from '../documents/store';
import { loadPendingSignoffs } from './signoffs';
import { loadPendingDisputes } from '../supervision/disputes';

type TodoContext = Pick<DomainContext, 'db' | 'dir' | 'actor' | 'now' | 'calendar'>;

export interface TodoView {
  todos: TodoItem[];
  /** While the actor is on approved leave: what is addressed to them and who handles it meanwhile. */
  handedOver: HandedOver[];
  /** The last day of the actor's approved leave covering today, when away. */
  awayUntil?: LocalDate;
}

export async function todoViewOf(ctx: TodoContext): Promise<TodoView> {
  const calendar = await ctx.calendar();
  const [states, leave, documents, signoffs, disputes] = await Promise.all([
    loadLiveItemStates(ctx.db),
    loadLeaveFacts(ctx.db, calendar, localDate(ctx.now)),
    loadDocs(ctx.db, OPEN_DOC_STATUSES),
    loadPendingSignoffs(ctx.db),
    loadPendingDisputes(ctx.db),
  ]);
  const book = todoBook({ dir: ctx.dir, items: itemViews(states, calendar, ctx.now), leave, documents, signoffs, disputes });
  const awayUntil = leave.absences
    .filter((r) => r.requesterId === ctx.actor.id)
    .map((r) => r.endDate)
    .sort()
    .at(-1);
  return { todos: book.of(ctx.actor), handedOver: book.handedOver(ctx.actor), awayUntil };
}

export async function todoOf(ctx: TodoContext): Promise<TodoItem[]> {
  return (await todoViewOf(ctx)).todos;
}
