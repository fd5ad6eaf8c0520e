/**
 * Nudges during the day (Art. 40 催办督办 "确保限时办结"): a decision pending for more than
 * NUDGE_AFTER_WORKING_HOURS working hours gets one reminder a day to whoever may decide it now —
 * the to-do book's answer, so a stand-in is nudged for an absent leader and nobody away is.
 */
import type { WorkCalendar } from '../calendar/types';
import type { PushDraft } from '../effects';
import { citing } from '../errors';
import { cardMessage, mdText, toPerson, type Card } from '../messages';
import type { Directory } from '../org/directory';
import { OPEN_TODO_ACTION, todoLine } from '../todo/card';
import { isDecision, TODO_KINDS, type TodoBook, type TodoItem } from '../todo/items';
import { localDate } from '../time';
import { reminderKey } from './keys';
import { CHASE_ARTICLE, NUDGE_AFTER_WORKING_HOURS, OFFICE_HOURS } from './policy';
import { moreWorkingHoursThan } from './working-hours';

const HOURS_ZH = OFFICE_HOURS.map((s) => `${s.from}–${s.until}`).join('、');

function nudgeCard(todo: TodoItem, now: Date): Card {
  return {
    title: `待您决定 · ${TODO_KINDS[todo.kind].zh}`,
    colour: 'orange',
    blocks: [
      { type: 'markdown', text: todoLine(todo, now) },
      { type: 'note', text: mdText(citing(CHASE_ARTICLE, `已等待您决定超过 ${NUDGE_AFTER_WORKING_HOURS} 个工作小时（工作日 ${HOURS_ZH} 计），请及时办理。`)) },
      { type: 'buttons', buttons: [{ label: '打开办理', action: OPEN_TODO_ACTION, payload: { ref: todo.ref }, style: 'primary' }] },
    ],
  };
}

/** The nudges due now, made as the outbox takes them. */
export function* nudgesFor(dir: Directory, book: TodoBook, away: ReadonlySet<string>, calendar: WorkCalendar, now: Date): Generator<PushDraft> {
  const today = localDate(now);
  // A unit's list is shared by its head and liaisons: its decisions picked out once.
  const decisions = new WeakMap<readonly TodoItem[], TodoItem[]>();
  for (const person of dir.people) {
    if (away.has(person.id)) continue;
    const list = book.of(person);
    let waiting = decisions.get(list);
    if (!waiting) decisions.set(list, (waiting = list.filter(isDecision)));
    for (const todo of waiting) {
      if (!moreWorkingHoursThan(calendar, todo.since, now, NUDGE_AFTER_WORKING_HOURS)) continue;
      const to = toPerson(person.id);
      // Once per matter, recipient and day, whatever how often the job wakes.
      yield { to, message: cardMessage(nudgeCard(todo, now)), key: reminderKey('nudge', todo.ref, today, to) };
    }
  }
}
