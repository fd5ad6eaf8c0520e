import type { Directory } from '../org/directory';
import { hasRole, isGovernmentLeader, type Person } from '../org/types';
import { actorUnitsOn } from '../supervision/permissions';
import type { SupervisionItem } from '../supervision/types';

/**
 * Who may open an item's attachments: the office's supervision staff and the district's leaders
 * (who see the whole ledger), and the heads and liaisons of the item's own units. A liaison of
 * another unit may not (Art. 40: each unit reports on its own assignments).
 */
export function maySeeAttachments(dir: Directory, person: Person, item: SupervisionItem | undefined): boolean {
  if (!person.active) return false;
  if (hasRole(person, 'office_staff') || isGovernmentLeader(person)) return true;
  // A 来文's own attachments (no item): only the office and the leaders, who handle it (Art. 61).
  return item ? actorUnitsOn(dir, person, item).length > 0 : false;
}
