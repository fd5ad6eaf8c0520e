import { ConfigError } from '../config';
import { OrgImportError } from '../core/org/import';
import { DatabaseUnusableError } from './open-database';

/**
 * The one line an operator sees when the service cannot start for a reason they can fix — a bad
 * setting, an unusable DATABASE_PATH or ORG_FILE, a port in use — naming the variable; the process
 * then exits 2 without a stack trace. Anything else answers undefined: a bug, shown in full (exit 1).
 */
export function startupFailureLine(error: unknown, env: { PORT?: string; ORG_FILE?: string }): string | undefined {
  if (error instanceof ConfigError) return `配置错误：${error.problems.join('；')}`;
  if (error instanceof DatabaseUnusableError) return oneLine(error.message);
  if (error instanceof OrgImportError) return `ORG_FILE=${env.ORG_FILE ?? ''}：${oneLine(error.message.replace(/：\n- /, '：'))}`;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const path = (error as NodeJS.ErrnoException | undefined)?.path;
  if (path !== undefined && path === env.ORG_FILE)
    return `ORG_FILE=${path}：无法读取组织架构文件（${code === 'ENOENT' ? '文件不存在' : code}） / cannot read the file`;
  if (code === 'EADDRINUSE') return `PORT=${env.PORT ?? 8787}：端口已被占用（另一个进程在监听），请换一个 PORT 或先停止那个进程 / port already in use`;
  if (code === 'EACCES' && (error as NodeJS.ErrnoException).syscall === 'listen')
    return `PORT=${env.PORT ?? 8787}：无权监听这个端口（1024 以下须 root 权限），请换一个 PORT / permission denied`;
  return undefined;
}

const oneLine = (text: string) =>
  text
    .split('\n')
    .map((l) => l.replace(/^- /, '').trim())
    .filter(Boolean)
    .join('；');
