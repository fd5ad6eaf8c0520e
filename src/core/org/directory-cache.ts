import { sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/types';
import { auditLog, people, units } from '../../../db/schema';
import { versionedLoader } from '../versioned-loader';
import { loadDirectory, type Directory } from './directory';

/**
 * The directory snapshot, reused while the directory is unchanged. Loading it is the largest cost of
 * a webhook request (bench/: ~15 ms for 2 000 people), so the Node process keeps one and checks a
 * cheap version first: the last directory import — every import is audited in the same atomic unit
 * (org/import.ts), whichever process ran it (CLI, start-up) — plus the row count and latest update
 * of people and units, so rows written any other way are noticed too.
 */
export function cachedDirectoryLoader(db: AppDb): () => Promise<Directory> {
  return versionedLoader(
    () => directoryVersion(db),
    () => loadDirectory(db),
  );
}

async function directoryVersion(db: AppDb): Promise<string> {
  const row = await db.get<{ version: string }>(sql`select
    ifnull((select max(${auditLog.id}) from ${auditLog} where ${auditLog.subjectType} = 'org'), 0)
    || ':' || (select count(*) || ':' || ifnull(max(${people.updatedAt}), 0) from ${people})
    || ':' || (select count(*) || ':' || ifnull(max(${units.updatedAt}), 0) from ${units}) as version`);
  return String(row?.version ?? '');
}
