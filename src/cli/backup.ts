import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from '../core/errors';
import type { CliCommand } from './types';

/** The better-sqlite3 connection under drizzle (`$client`); D1 has none, and no CLI. */
function sqliteClientOf(db: unknown): Database.Database {
  const client = (db as { $client?: unknown }).$client;
  if (!(client instanceof Database))
    throw new UserError(
      '备份只适用于本地 SQLite 数据库（DATABASE_PATH）；Cloudflare D1 请用 Time Travel（wrangler d1 time-travel），或先删除搜索索引再 wrangler d1 export（见 docs/guide/search.md）。',
    );
  return client;
}

/**
 * `backup <file>`: a consistent copy of the SQLite database while the service keeps running, through
 * SQLite's online backup API (a plain file copy of a WAL database can miss or tear recent writes).
 * Restore: stop the service, put the copy at DATABASE_PATH, delete its -wal and -shm files, start it
 * (docs/operations.md).
 */
export const backupCommand: CliCommand = {
  path: ['backup'],
  summary: '在线备份 SQLite 数据库（服务运行中也可执行，备份内容一致）',
  usage: '<备份文件>',
  positionals: ['备份文件'],
  details: [
    '使用 SQLite 在线备份接口，服务无需停止；备份文件不得已存在（不会覆盖）。',
    '备份完成后对备份文件做完整性检查（PRAGMA integrity_check）。',
    '恢复：停止服务，将备份文件复制为 DATABASE_PATH 指向的文件（并删除同名的 -wal、-shm 文件），再启动服务。',
    '示例：',
    '  backup backups/duban-2026-12-05.db',
  ],
  async run(ctx, { positionals }) {
    const target = resolve(positionals[0]!);
    if (existsSync(target)) throw new UserError(`备份文件 ${target} 已存在：为免覆盖，请换一个文件名或先移走它。`);
    if (!existsSync(dirname(target)) || !statSync(dirname(target)).isDirectory()) throw new UserError(`目录 ${dirname(target)} 不存在：请先创建它。`);
    const client = sqliteClientOf(await ctx.db());
    if (client.name !== ':memory:' && resolve(client.name) === target) throw new UserError('备份文件不能是数据库文件本身。');
    const { totalPages } = await client.backup(target);
    const copy = new Database(target, { readonly: true, fileMustExist: true });
    try {
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new Error(`备份文件完整性检查未通过：${String(check)}`);
    } finally {
      copy.close();
    }
    const kb = Math.ceil(statSync(target).size / 1024);
    ctx.out(`已备份至 ${target}（${totalPages} 页，${kb} KB），完整性检查通过。`);
    return 0;
  },
};
