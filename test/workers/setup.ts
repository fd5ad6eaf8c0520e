import type { D1Database } from '@cloudflare/workers-types';
import { applyD1Migrations, reset } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach } from 'vitest';

// Every test starts from empty tables with the drizzle migrations applied, exactly as
// `wrangler d1 migrations apply` leaves a new database. The migrations run once per file (the first
// test finds no tables); later tests empty the tables instead, a fraction of the work of resetting
// the database and migrating it again. The migrations insert no rows, so both start from the same state.
let migrated = false;

beforeEach(async () => {
  if (!migrated) {
    await reset();
    await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
    migrated = true;
    return;
  }
  await emptyTables(env.DB);
});

async function emptyTables(db: D1Database): Promise<void> {
  // An FTS5 table's shadow tables (ledger_search_data…) belong to it: emptying the table empties them.
  const { results } = await db
    .prepare(`SELECT name FROM sqlite_master m WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name != 'd1_migrations'
    AND NOT EXISTS (SELECT 1 FROM sqlite_master v WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%' AND m.name LIKE v.name || '\\_%' ESCAPE '\\')`)
    .all<{ name: string }>();
  // Foreign keys are checked at commit (the batch is one transaction), when every table is empty.
  await db.batch([db.prepare('PRAGMA defer_foreign_keys = ON'), ...results.map(({ name }) => db.prepare(`DELETE FROM "${name.replace(/"/g, '""')}"`))]);
}
