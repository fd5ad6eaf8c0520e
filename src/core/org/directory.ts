import type { AppDb } from '../../../db/types';
import { people as peopleTable, units as unitsTable } from '../../../db/schema';
import type { Person, Role, SingleHolderRole, Unit, UnitFunction } from './types';

/** A read-only snapshot of the organisation, loaded once per request or job. */
export interface Directory {
  readonly people: readonly Person[];
  readonly units: readonly Unit[];
  person(id: string): Person | undefined;
  unit(id: string): Unit | undefined;
  unitByName(name: string): Unit | undefined;
  personByName(name: string): Person[];
  /** The one active holder of 区长 / 常务副区长 / 区委主要领导. */
  holder(role: SingleHolderRole): Person | undefined;
  withRole(role: Role): Person[];
  officeUnit(fn: UnitFunction): Unit | undefined;
  liaisons(unitId: string): Person[];
  members(unitId: string): Person[];
  byFeishuOpenId(openId: string): Person | undefined;
  byDingtalkUserId(userId: string): Person | undefined;
}

export function buildDirectory(allPeople: Person[], allUnits: Unit[]): Directory {
  const people = allPeople.filter((p) => p.active);
  const units = allUnits.filter((u) => u.active);
  const byId = new Map(people.map((p) => [p.id, p]));
  const unitById = new Map(units.map((u) => [u.id, u]));
  const unitByName = new Map(units.map((u) => [u.name, u]));
  const byOpenId = new Map(people.filter((p) => p.feishuOpenId).map((p) => [p.feishuOpenId!, p]));
  const byDingtalk = new Map(people.filter((p) => p.dingtalkUserId).map((p) => [p.dingtalkUserId!, p]));
  const withRole = (role: Role) => people.filter((p) => p.roles.includes(role));
  // Asked for every decision of a large run (who stands in, who leads a unit): each answered once.
  const holders = new Map<Role, Person | null>();
  let liaisonsByUnit: Map<string, Person[]> | undefined;
  return {
    people,
    units,
    person: (id) => byId.get(id),
    unit: (id) => unitById.get(id),
    unitByName: (name) => unitByName.get(name.trim()),
    personByName: (name) => people.filter((p) => p.name === name.trim()),
    holder: (role) => {
      let found = holders.get(role);
      if (found === undefined) holders.set(role, (found = people.find((p) => p.roles.includes(role)) ?? null));
      return found ?? undefined;
    },
    withRole,
    officeUnit: (fn) => units.find((u) => u.function === fn),
    liaisons: (unitId) => {
      if (!liaisonsByUnit) {
        liaisonsByUnit = new Map();
        for (const p of people) if (p.roles.includes('unit_liaison')) liaisonsByUnit.set(p.unitId, [...(liaisonsByUnit.get(p.unitId) ?? []), p]);
      }
      return [...(liaisonsByUnit.get(unitId) ?? [])];
    },
    members: (unitId) => people.filter((p) => p.unitId === unitId),
    byFeishuOpenId: (openId) => byOpenId.get(openId),
    byDingtalkUserId: (userId) => byDingtalk.get(userId),
  };
}

export async function loadDirectory(db: AppDb): Promise<Directory> {
  const [personRows, unitRows] = await Promise.all([db.select().from(peopleTable), db.select().from(unitsTable)]);
  return buildDirectory(
    personRows.map((p) => ({ ...p, roles: p.roles as Role[] })),
    unitRows as Unit[],
  );
}
