import { ROLE_NAMES_ZH } from '../src/core/org/types';
import { commandTitle } from './help';
import type { CommandRegistry } from './registry';

/** Where `npm run docs` writes the reference (relative to the repository root). */
export const COMMAND_REFERENCE_PATH = 'docs/commands.md';

/**
 * The command reference (docs/commands.md) rendered from the registry — the same data `/帮助`
 * shows — so the written reference cannot drift from the code; a test fails when the file is stale.
 */
export function renderCommandReference(registry: CommandRegistry): string {
  const lines = [
    '# 命令参考 · Command reference',
    '',
    '<!-- Generated from the command registry (commands/index.ts) by `npm run docs`; do not edit by hand. -->',
    '',
    '每条命令都可以用中文名或英文名发送；不带参数发送会打开填写卡片。在聊天中发送「/帮助 命令」也能看到同样的用法，',
    '「/帮助」只列出您的岗位可以使用的命令。',
    '',
    '| 命令 | 用途 | 适用岗位 |',
    '|---|---|---|',
    ...registry.commands.map((c) => `| [${commandTitle(c)}](#${c.name}) | ${cell(c.summary)} | ${cell(rolesOf(c.roles))} |`),
  ];
  for (const c of registry.commands) {
    lines.push('', `<a id="${c.name}"></a>`, '', `## ${commandTitle(c)}`, '', c.summary, '');
    lines.push(`适用岗位：${rolesOf(c.roles)}`);
    if (c.aliases?.length) lines.push('', `别名：${c.aliases.map((a) => `\`/${a}\``).join('、')}`);
    lines.push('', '```', ...c.usage, '```');
  }
  return `${lines.join('\n')}\n`;
}

const rolesOf = (roles: readonly (keyof typeof ROLE_NAMES_ZH)[] | undefined) => (roles?.length ? roles.map((r) => ROLE_NAMES_ZH[r]).join('、') : '所有人');

/** A table cell: a `|` would end the cell early. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
