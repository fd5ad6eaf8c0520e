/**
 * What documents wait for, as to-do entries (src/core/todo): the current step's leader (or whoever
 * acts for him, Art. 9, 11), the office's own review step and its 转办 (Art. 61), and the redraft
 * of a returned document (the drafting unit's, or the office's for a 来文).
 */
import { md } from '../messages';
import type { TodoItem } from '../todo/items';
import { currentStepOf } from './store';
import { docName, KIND_ZH, ROLE_ZH, type Doc } from './types';

export type DocumentTodo =
  | { to: 'office'; todo: TodoItem }
  | { to: 'unit'; unitId: string; todo: TodoItem }
  | { to: 'addressee'; addresseeId: string; todo: TodoItem };

export function documentTodos(docs: readonly Doc[], officeUnitId: string | undefined): DocumentTodo[] {
  const out: DocumentTodo[] = [];
  for (const d of docs) {
    const { doc } = d;
    const ref = `document:${doc.id}`;
    const name = md`**${docName(doc)}** ${doc.title}`;
    if (doc.status === 'reviewing') {
      const step = currentStepOf(d);
      if (!step) continue;
      const since =
        d.steps
          .filter((s) => s.round === doc.round && s.decidedAt)
          .map((s) => s.decidedAt!)
          .at(-1) ?? doc.updatedAt;
      const todo: TodoItem = { kind: 'document', ref, since, line: md`${name}｜${KIND_ZH[doc.kind]}｜待${ROLE_ZH[step.role]}` };
      out.push(step.addresseeId ? { to: 'addressee', addresseeId: step.addresseeId, todo } : { to: 'office', todo });
    } else if (doc.status === 'to_forward') {
      out.push({ to: 'office', todo: { kind: 'document_forward', ref, since: doc.updatedAt, line: md`${name}｜领导已审定，待转办立项（第六十一条）` } });
    } else if (doc.status === 'returned') {
      const todo: TodoItem = { kind: 'redraft', ref, since: doc.updatedAt, line: md`${name}｜已退回，请修改后重新报送` };
      out.push(doc.direction === 'outgoing' && doc.unitId && doc.unitId !== officeUnitId ? { to: 'unit', unitId: doc.unitId, todo } : { to: 'office', todo });
    }
  }
  return out;
}
