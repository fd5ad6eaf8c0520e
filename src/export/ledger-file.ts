/**
 * The ledger file of a `file` message, generated when the platform sender sends it: the row holds only
 * what to export (format, filters, who asked), so it stays small and a retry sends the ledger as it
 * stands then. Like the download link (tokens.ts), it is made only for active office staff.
 */
import type { AppDb } from '../../db/types';
import { loadCalendar } from '../core/calendar';
import type { FileSource } from '../core/messages';
import { loadDirectory } from '../core/org/directory';
import { hasRole } from '../core/org/types';
import type { Clock } from '../core/time';
import { PermanentDeliveryError } from '../outbox/sender';
import { exportLedger } from './ledger-export';

export function ledgerFileSource(db: AppDb, clock: Clock): FileSource {
  return async (spec) => {
    const dir = await loadDirectory(db);
    const person = dir.person(spec.requestedBy);
    if (!person || !hasRole(person, 'office_staff')) throw new PermanentDeliveryError(`${spec.requestedBy} 已不是区政府办督查人员，台账文件未发送`);
    return exportLedger({ db, dir, calendar: await loadCalendar(db), now: clock.now() }, spec.filters, spec.format);
  };
}
