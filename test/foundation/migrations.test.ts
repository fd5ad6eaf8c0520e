import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../db/open-sqlite';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('migrations', () => {
  it('create every table on a fresh file, with WAL and foreign keys on', () => {
    dir = mkdtempSync(join(tmpdir(), 'duban-'));
    const file = join(dir, 'nested', 'duban.db');
    openSqlite(file).close();
    const raw = new Database(file);
    const tables = raw
      .prepare("select name from sqlite_master where type = 'table'")
      .all()
      .map((r: any) => r.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'people',
        'units',
        'calendar_days',
        'calendar_years',
        'inbound_events',
        'outbox',
        'audit_log',
        'job_runs',
        '__drizzle_migrations',
      ]),
    );
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('are applied once: reopening an existing file keeps its data', () => {
    dir = mkdtempSync(join(tmpdir(), 'duban-'));
    const file = join(dir, 'duban.db');
    const first = openSqlite(file);
    first.close();
    const raw = new Database(file);
    raw.prepare("insert into calendar_years (year, source_url, imported_at, imported_by) values (2027, 'https://www.gov.cn/x', 0, 't')").run();
    raw.close();
    const second = openSqlite(file);
    second.close();
    const again = new Database(file);
    expect(again.prepare('select count(*) n from calendar_years').get()).toEqual({ n: 1 });
    again.close();
  });
});
