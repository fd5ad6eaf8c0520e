import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../db/open-sqlite';
import { people } from '../../db/schema';
import type { AppDb } from '../../db/types';
import { cliCommands } from '../../src/cli/index';
import { runCli } from '../../src/cli/run';
import { DEMO_ORG_FILE, loadOrgFile } from '../../src/node/deps';

let dir: string;
let live: { db: AppDb; close: () => void };
const livePath = () => join(dir, 'duban.db');

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'duban-backup-'));
  live = openSqlite(livePath());
  await loadOrgFile(live.db, DEMO_ORG_FILE, new Date('2026-11-26T01:00:00Z'));
});
afterEach(() => {
  live.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, cliCommands, {
    db: async () => live.db,
    now: new Date('2026-11-26T01:00:00Z'),
    actor: 'ops',
    readFile: (path) => readFileSync(path, 'utf8'),
    out: (text) => void (out += `${text}\n`),
    err: (text) => void (err += `${text}\n`),
  });
  return { code, out, err };
}

const peopleIn = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('select count(*) as n from people').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('npm run cli -- backup <file>: SQLite online backup', () => {
  it('copies the live database (WAL included) while it stays open, and checks the copy', async () => {
    const target = join(dir, 'backup.db');
    const result = await cli('backup', target);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toMatch(/^已备份至 .*backup\.db（\d+ 页，\d+ KB），完整性检查通过。/);
    expect(peopleIn(target)).toBe((await live.db.select().from(people)).length);
    // The live database keeps working.
    expect((await live.db.select().from(people)).length).toBeGreaterThan(0);
  });

  it('is consistent while another connection is mid-write: the uncommitted row is not in the copy', async () => {
    const writer = new Database(livePath());
    const before = peopleIn(livePath());
    writer.exec('BEGIN IMMEDIATE');
    writer
      .prepare(
        "insert into people (id, name, unit_id, post, roles, updated_at) select 'backup-probe', '测试', unit_id, post, roles, updated_at from people limit 1",
      )
      .run();
    try {
      const result = await cli('backup', join(dir, 'during-write.db'));
      expect(result.code, result.err).toBe(0);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
    expect(peopleIn(join(dir, 'during-write.db'))).toBe(before);
  });

  it('restore as documented: the copy put at DATABASE_PATH opens with every row', async () => {
    const target = join(dir, 'restore-me.db');
    expect((await cli('backup', target)).code).toBe(0);
    const restored = join(dir, 'restored', 'duban.db');
    mkdirSync(join(dir, 'restored'));
    copyFileSync(target, restored);
    const reopened = openSqlite(restored);
    try {
      expect((await reopened.db.select().from(people)).length).toBe(peopleIn(livePath()));
    } finally {
      reopened.close();
    }
  });

  it('refuses to overwrite an existing file, a missing directory, or no file at all: exit 2, nothing written', async () => {
    const existing = join(dir, 'existing.db');
    writeFileSync(existing, 'keep me');
    const overwrite = await cli('backup', existing);
    expect(overwrite.code).toBe(2);
    expect(overwrite.err).toContain('已存在');
    expect(readFileSync(existing, 'utf8')).toBe('keep me');

    const missingDir = await cli('backup', join(dir, 'nope', 'b.db'));
    expect(missingDir.code).toBe(2);
    expect(missingDir.err).toContain('不存在');
    expect(existsSync(join(dir, 'nope'))).toBe(false);

    const self = await cli('backup', livePath());
    expect(self.code).toBe(2);

    const noFile = await cli('backup');
    expect(noFile.code).toBe(2);
  });

  it('--help explains restore', async () => {
    const help = await cli('backup', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('恢复：停止服务');
  });
});
