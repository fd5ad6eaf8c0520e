import { sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/types';
import { calendarDays, calendarYears } from '../../../db/schema';
import { versionedLoader } from '../versioned-loader';
import { loadCalendar } from './load';
import type { WorkCalendar } from './types';

/**
 * The work calendar, reused while the imported schedules are unchanged. /台账 and every command with
 * a deadline read it, and loading it read both calendar tables on each request (bench/: the profile of
 * the webhook). The tables hold a few dozen rows a year, so the version is simply their content,
 * concatenated inside SQLite: exact whoever wrote them (an import, the CLI, another process).
 */
export function cachedCalendarLoader(db: AppDb): (db: AppDb) => Promise<WorkCalendar> {
  const cached = versionedLoader(
    () => calendarVersion(db),
    () => loadCalendar(db),
  );
  // Another database (never in one Node process, but the signature allows it): no cache.
  return (asked) => (asked === db ? cached() : loadCalendar(asked));
}

async function calendarVersion(db: AppDb): Promise<string> {
  const row = await db.get<{ version: string }>(sql`select
    ifnull((select group_concat(${calendarYears.year}, ',') from ${calendarYears}), '')
    || '|' || ifnull((select group_concat(${calendarDays.date} || ${calendarDays.kind} || ${calendarDays.name}, ',') from ${calendarDays}), '') as version`);
  return String(row?.version ?? '');
}
