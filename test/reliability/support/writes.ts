import { sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/types';

/**
 * "Never a write", measured two ways: SQLite's `total_changes()` — every row inserted, updated or
 * deleted on the connection, even inside a unit that was rolled back — and the row count of every
 * table (inbound_events, outbox, audit_log and all domain tables), for a readable failure.
 */
export async function totalChanges(db: AppDb): Promise<number> {
  const row = await db.get<{ n: number }>(sql`select total_changes() as n`);
  return Number(row?.n);
}

export async function rowCounts(db: AppDb): Promise<Record<string, number>> {
  const tables = await db.all<{ name: string }>(sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`);
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const row = await db.get<{ n: number }>(sql.raw(`select count(*) as n from "${name.replace(/"/g, '""')}"`));
    counts[name] = Number(row?.n);
  }
  return counts;
}
