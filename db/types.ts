import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from './schema';

/** The only database type the app sees: better-sqlite3 (sync) on Node, D1 (async) on Workers. Always `await`. */
export type AppDb = BaseSQLiteDatabase<'sync' | 'async', unknown, typeof schema>;
export type Schema = typeof schema;
