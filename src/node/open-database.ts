import { openSqlite } from '../../db/open-sqlite';
import { databaseWriteProblem } from '../../db/write-probe';

/** DATABASE_PATH cannot be opened or written: the service must not start (exit 2, like a configuration error). */
export class DatabaseUnusableError extends Error {
  constructor(path: string, reason: string) {
    super(
      [
        `数据库不可用：DATABASE_PATH=${path} 无法打开或写入（${reason}），请检查路径及其目录、文件的权限。`,
        `Database unusable: DATABASE_PATH=${path} cannot be opened or written (${reason}); check the path and the permissions of its directory and file.`,
      ].join('\n'),
    );
    this.name = 'DatabaseUnusableError';
  }
}

const reasonOf = (error: unknown) => String((error as Error)?.message ?? error);

/**
 * Opens the service's database and proves it takes writes before anything is served: a read-only
 * file would otherwise start "healthy" and answer every write with 500.
 */
export async function openWritableDatabase(path: string): Promise<ReturnType<typeof openSqlite>> {
  let opened: ReturnType<typeof openSqlite>;
  try {
    opened = openSqlite(path);
  } catch (error) {
    throw new DatabaseUnusableError(path, reasonOf(error));
  }
  const problem = await databaseWriteProblem(opened.db);
  if (problem) {
    opened.close();
    throw new DatabaseUnusableError(path, problem);
  }
  return opened;
}
