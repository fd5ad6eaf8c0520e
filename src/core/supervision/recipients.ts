import { toPerson, toUnitChat, type Recipient } from '../messages';
import type { Directory } from '../org/directory';
import { hasRole } from '../org/types';

/** A unit is reached in its group chat and through its liaisons (Art. 40 督查交办). */
export function unitRecipients(dir: Directory, unitId: string): Array<{ to: Recipient; tag: string }> {
  return [{ to: toUnitChat(unitId), tag: `chat:${unitId}` }, ...dir.liaisons(unitId).map((p) => ({ to: toPerson(p.id), tag: `person:${p.id}` }))];
}

/** The government office's supervision desk: its group chat, else each office staff member. */
export function officeRecipients(dir: Directory): Array<{ to: Recipient; tag: string }> {
  const office = dir.officeUnit('gov_office');
  if (office) return [{ to: toUnitChat(office.id), tag: `chat:${office.id}` }];
  return dir.people.filter((p) => hasRole(p, 'office_staff')).map((p) => ({ to: toPerson(p.id), tag: `person:${p.id}` }));
}
