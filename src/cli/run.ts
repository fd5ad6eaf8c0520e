import { parseArgs } from 'node:util';
import { ConfigError } from '../config';
import { UserError } from '../core/errors';
import { OrgImportError } from '../core/org/import';
import type { CliCommand, CliContext } from './types';

/** Exit codes: 0 ok, 1 unexpected failure, 2 bad input (usage, file, config). */
export const EXIT = { ok: 0, failure: 1, badInput: 2 } as const;

const PROGRAM = 'npm run cli --';

export interface CliIo extends CliContext {
  err(text: string): void;
}

/** Runs one CLI invocation and returns its exit code; prints to `io`, never calls process.exit. */
export async function runCli(argv: readonly string[], commands: readonly CliCommand[], io: CliIo): Promise<number> {
  const command = commands.find((c) => c.path.every((word, i) => argv[i] === word));
  const wantsHelp = argv.includes('--help') || argv.includes('-h');

  if (!command) {
    const group = commands.filter((c) => argv[0] !== undefined && c.path[0] === argv[0]);
    if (argv.length === 0 || (wantsHelp && argv.every((a) => a.startsWith('-')))) {
      io.out(overview(commands));
      return argv.length === 0 ? EXIT.badInput : EXIT.ok;
    }
    if (group.length && (argv.length === 1 || wantsHelp)) {
      io.out(overview(group));
      return wantsHelp ? EXIT.ok : EXIT.badInput;
    }
    const typed = argv
      .filter((a) => !a.startsWith('-'))
      .slice(0, 2)
      .join(' ');
    io.err(`未知命令“${typed}”。${suggest(typed, commands)}\n运行 ${PROGRAM} --help 查看全部命令。`);
    return EXIT.badInput;
  }
  if (wantsHelp) {
    io.out(commandHelp(command));
    return EXIT.ok;
  }

  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv.slice(command.path.length) as string[], options: command.options ?? {}, allowPositionals: true, strict: true });
  } catch (error) {
    io.err(`${argsErrorZh(error as Error & { code?: string })}\n用法：${usageLine(command)}`);
    return EXIT.badInput;
  }
  if (parsed.positionals.length !== command.positionals.length) {
    const missing = command.positionals
      .slice(parsed.positionals.length)
      .map((p) => `<${p}>`)
      .join(' ');
    io.err(
      `${missing ? `缺少参数 ${missing}` : `多余的参数：${parsed.positionals.slice(command.positionals.length).join(' ')}`}。\n用法：${usageLine(command)}`,
    );
    return EXIT.badInput;
  }

  try {
    return await command.run(io, { positionals: parsed.positionals, options: parsed.values as Record<string, string | boolean | undefined> });
  } catch (error) {
    if (error instanceof UserError || error instanceof OrgImportError || error instanceof ConfigError) {
      io.err(error.message);
      return EXIT.badInput;
    }
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
      io.err(
        `无法读取文件：${(error as { path?: string }).path ?? ''}（${code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个目录' : '没有读取权限'}），请检查路径。`,
      );
      return EXIT.badInput;
    }
    io.err(`执行失败（内部错误）：${(error as Error).stack ?? String(error)}`);
    return EXIT.failure;
  }
}

function usageLine(command: CliCommand): string {
  return `${PROGRAM} ${command.path.join(' ')} ${command.usage}`.trimEnd();
}

function overview(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => displayWidth(`${c.path.join(' ')} ${c.usage}`)));
  return [
    '督办助手 管理命令行',
    `用法：${PROGRAM} <命令> [参数]`,
    '',
    '命令：',
    ...commands.map((c) => {
      const head = `${c.path.join(' ')} ${c.usage}`;
      return `  ${head}${' '.repeat(width - displayWidth(head))}  ${c.summary}`;
    }),
    '',
    `每个命令都可加 --help 查看详细说明，例如 ${PROGRAM} ${commands[0]!.path.join(' ')} --help`,
    '退出码：0 成功；2 输入有误（参数、文件、配置），未写入任何数据；1 内部错误。',
  ].join('\n');
}

/** Terminal columns: CJK characters take two. */
function displayWidth(text: string): number {
  return [...text].reduce((w, ch) => w + (ch.codePointAt(0)! >= 0x2e80 ? 2 : 1), 0);
}

function commandHelp(command: CliCommand): string {
  return [`${command.summary}`, '', `用法：${usageLine(command)}`, '', ...command.details].join('\n');
}

function argsErrorZh(error: Error & { code?: string }): string {
  const option = error.message.match(/'(-[^']*)'/)?.[1] ?? '';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `未知选项 ${option}。`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return `选项 ${option.split(' ')[0]} 的值缺失或不正确。`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return '多余的参数。';
    default:
      return `参数有误：${error.message}`;
  }
}

function suggest(typed: string, commands: readonly CliCommand[]): string {
  const first = typed.split(' ')[0] ?? '';
  const close = commands.filter((c) => c.path[0]!.startsWith(first.slice(0, 2)) || first.startsWith(c.path[0]!.slice(0, 2)));
  return close.length ? `是否想用：${close.map((c) => c.path.join(' ')).join('、')}？` : '';
}
