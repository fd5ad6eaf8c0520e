/**
 * Which units a person answers for, looked up rather than searched: the digest and the to-do list
 * ask it of each of 2,000 people, and scanning 300 units each time was most of the digest's time.
 * Built once per directory snapshot; lists keep the directory's unit order.
 */
import type { Directory } from './directory';
import { hasRole, type Person, type Unit } from './types';

interface UnitIndex {
  /** Person → units they head or are the liaison (联络员) of. */
  answersFor: Map<string, Unit[]>;
  /** Deputy → units they supervise (分管). */
  supervises: Map<string, Unit[]>;
}

const indexes = new WeakMap<Directory, UnitIndex>();

function add(map: Map<string, Unit[]>, key: string, unit: Unit): void {
  const list = map.get(key);
  if (!list) map.set(key, [unit]);
  else if (list[list.length - 1] !== unit) list.push(unit);
}

function indexOf(dir: Directory): UnitIndex {
  let index = indexes.get(dir);
  if (index) return index;
  const liaisons = new Map<string, string[]>();
  for (const person of dir.people) {
    if (!hasRole(person, 'unit_liaison')) continue;
    const list = liaisons.get(person.unitId);
    if (list) list.push(person.id);
    else liaisons.set(person.unitId, [person.id]);
  }
  index = { answersFor: new Map(), supervises: new Map() };
  for (const unit of dir.units) {
    if (unit.headId) add(index.answersFor, unit.headId, unit);
    for (const liaison of liaisons.get(unit.id) ?? []) add(index.answersFor, liaison, unit);
    if (unit.supervisingDeputyId) add(index.supervises, unit.supervisingDeputyId, unit);
  }
  indexes.set(dir, index);
  return index;
}

/** Units `person` heads or is a liaison of (`u.headId === person.id || isLiaison(person, u.id)`), in directory order. */
export const unitsAnsweredForBy = (dir: Directory, person: Person): readonly Unit[] => indexOf(dir).answersFor.get(person.id) ?? [];

/** Units whose supervising deputy (分管副区长) is `person`, in directory order. */
export const unitsSupervisedBy = (dir: Directory, person: Person): readonly Unit[] => indexOf(dir).supervises.get(person.id) ?? [];
