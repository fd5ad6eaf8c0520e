import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { dbAsset } from './assets';
import * as schema from './schema';
import type { AppDb } from './types';

export const migrationsFolder = dbAsset('migrations');

/** Statements longer than this (bulk inserts) are rarely run twice and are not kept. */
const CACHED_SQL_MAX_LENGTH = 4_096;
const CACHED_STATEMENTS = 500;

/**
 * drizzle compiles a new statement for every query it runs, which costs as much as running a small
 * query (bench/: `prepare` was the largest single cost of a webhook request). Statements are kept by
 * their SQL text, least recently used dropped first. drizzle switches a statement to raw mode when it
 * maps rows itself, so a reused statement is put back in object mode, as a new one would be.
 */
function reuseStatements(client: Database.Database): void {
  const prepare = client.prepare.bind(client);
  const cache = new Map<string, Database.Statement>();
  client.prepare = ((sql: string) => {
    if (sql.length > CACHED_SQL_MAX_LENGTH) return prepare(sql);
    let statement = cache.get(sql);
    if (statement) {
      cache.delete(sql);
      if (statement.reader) statement.raw(false);
    } else {
      statement = prepare(sql);
      if (cache.size >= CACHED_STATEMENTS) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, statement);
    return statement;
  }) as Database.Database['prepare'];
}

/**
 * Creates a directory and its missing parents one level at a time: `mkdirSync(…, { recursive: true })`
 * never returns for a path under /proc (Node retries ENOENT there), where this fails at once.
 */
function ensureDirectory(dir: string): void {
  if (existsSync(dir)) return;
  ensureDirectory(dirname(dir));
  mkdirSync(dir);
}

/** Opens (creating if needed) a SQLite file, sets its pragmas (WAL, busy timeout, foreign keys), applies migrations. */
export function openSqlite(path: string): { db: AppDb; close: () => void } {
  if (path !== ':memory:') ensureDirectory(dirname(resolve(path)));
  const client = new Database(path);
  reuseStatements(client);
  client.pragma('journal_mode = WAL');
  client.pragma('foreign_keys = ON');
  client.pragma('busy_timeout = 5000');
  const db = drizzle({ client, schema });
  migrate(db, { migrationsFolder });
  return { db: db as unknown as AppDb, close: () => client.close() };
}
