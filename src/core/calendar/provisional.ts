import type { Statement } from '../../../db/atomic';
import type { AppDb } from '../../../db/types';
import type { WorkCalendar } from './types';

/** One stored date that moved when a year's schedule was imported. */
export interface ProvisionalDateChange {
  /** The card subject it belongs to, e.g. `item:12` or `leave:7`. */
  subject: string;
  /** Which date, e.g. `deadline` or `weekly_report_due`. */
  field: string;
  before: string;
  after: string;
}

/**
 * A domain that stores dates computed on a provisional calendar (docs/calendar.md: on import, recompute
 * flagged deadlines). Given the calendar as it will be once the import is applied, it reads its
 * flagged rows and returns the changes plus the UPDATEs that make them; the import writes those
 * in the same atomic unit as the calendar rows, so both land or neither does. A holder must also
 * clear the provisional flag of rows the new calendar now knows, even when the date stays put.
 */
export interface ProvisionalDateHolder {
  name: string;
  recompute(db: AppDb, calendar: WorkCalendar, now: Date): Promise<{ changes: ProvisionalDateChange[]; statements: Statement[] }>;
}
