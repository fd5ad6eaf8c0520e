import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Statement } from './atomic';
import { chunksOf, isBatchDb, rowsPerInsert } from './in-chunks';
import { reusedStatement } from './reused-statement';
import type { AppDb } from './types';

/**
 * `rows` as multi-row `INSERT … ON CONFLICT (target) DO NOTHING` statements, as many rows a statement
 * as the database binds parameters for (in-chunks.ts: D1 100 a statement). Every row gives the same
 * columns (a value or null for each), in the same order; the others take their default.
 *
 * On better-sqlite3 drizzle builds each statement shape (row count) once, with placeholders, and a
 * chunk only binds its values: building the SQL of every chunk again, value by value, was the
 * largest cost of the daily fan-out (docs/daily-jobs-at-scale.md). Values are encoded by the
 * columns as drizzle's builder does (a Date to its milliseconds, JSON to text, null stays null).
 * On D1 (`batch` takes query builders) the statements are built by the query builder.
 */
export function insertRowsIgnoringConflicts<T extends SQLiteTable>(
  db: AppDb,
  table: T,
  target: SQLiteColumn,
  rows: ReadonlyArray<T['$inferInsert']>,
): Statement[] {
  if (rows.length === 0) return [];
  const columns = getTableColumns(table) as Record<string, SQLiteColumn>;
  const perInsert = rowsPerInsert(db, Object.keys(columns).length);
  if (isBatchDb(db)) {
    return [...chunksOf(rows, perInsert)].map((chunk) =>
      db
        .insert(table)
        .values(chunk as T['$inferInsert'][])
        .onConflictDoNothing({ target }),
    );
  }
  const keys = Object.keys(rows[0]!);
  const encoders = keys.map((key) => columns[key]!);
  const statements: Statement[] = [];
  // A message sent to several recipients is one object: encoded (JSON) once.
  const encoded = new Map<object, unknown>();
  const encode = (value: unknown, column: SQLiteColumn) => {
    if (value === null) return null;
    if (typeof value !== 'object') return column.mapToDriverValue(value);
    let driverValue = encoded.get(value);
    if (driverValue === undefined) encoded.set(value, (driverValue = column.mapToDriverValue(value)));
    return driverValue;
  };
  for (const chunk of chunksOf(rows, perInsert)) {
    const values: unknown[] = [];
    for (const row of chunk) {
      const record = row as Record<string, unknown>;
      for (let i = 0; i < keys.length; i++) {
        const value = record[keys[i]!];
        if (value === undefined) throw new Error(`insertRowsIgnoringConflicts: row without ${keys[i]}`);
        values.push(encode(value, encoders[i]!));
      }
    }
    statements.push(
      reusedStatement(
        db,
        `insert:${getTableName(table)}:${target.name}:${keys.join(',')}:${chunk.length}`,
        () => insertTemplate(db, table, target, keys, chunk.length),
        values,
      ),
    );
  }
  return statements;
}

/** The INSERT of `rowCount` rows of `keys`, every value a placeholder named by its place in the flat list of values. */
function insertTemplate(db: AppDb, table: SQLiteTable, target: SQLiteColumn, keys: string[], rowCount: number) {
  // A bare placeholder (inside `sql`) is bound as given: the values are encoded above, once.
  const template: Record<string, SQL>[] = [];
  for (let r = 0; r < rowCount; r++) {
    const row: Record<string, SQL> = {};
    keys.forEach((key, i) => {
      row[key] = sql`${sql.placeholder(String(r * keys.length + i))}`;
    });
    template.push(row);
  }
  return db
    .insert(table)
    .values(template as never)
    .onConflictDoNothing({ target });
}
