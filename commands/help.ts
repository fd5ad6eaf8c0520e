import { UserError } from '../src/core/errors';
import { cardMessage, md, mdJoin, mdText } from '../src/core/messages';
import type { Person } from '../src/core/org/types';
import type { CommandRegistry } from './registry';
import { defineCommand, type Command } from './types';

const ALL = '全部';

/** A command is for `person` when it names no roles or one of theirs. */
/** How a command is named to people: `/中文名（/english）`, in `/帮助` and in docs/commands.md. */
export const commandTitle = (command: Command) => `/${command.zh}（/${command.name}）`;

const usableBy = (command: Command, person: Person) => !command.roles || command.roles.some((r) => person.roles.includes(r));

/**
 * `/帮助` is generated from the registry, so help never drifts from the code: each person
 * sees the commands of their roles, `/帮助 全部` every command.
 */
export function helpCommand(registry: () => CommandRegistry) {
  return defineCommand<{ topic?: string }>({
    name: 'help',
    zh: '帮助',
    summary: '查看命令列表和用法',
    usage: ['/帮助', `/帮助 ${ALL}`, '/帮助 请假'],
    parse: (args) => ({ topic: args.trim().split(/\s+/)[0] || undefined }),
    async run(ctx, { topic }) {
      const reg = registry();
      if (topic && topic !== ALL) {
        const command = reg.find(topic);
        if (!command) {
          const near = reg.closest(topic);
          throw new UserError(`没有名为「${topic}」的命令。${near ? `您是不是要找 /${near.zh}？` : ''}发送 /帮助 查看全部命令。`);
        }
        ctx.reply(
          cardMessage({
            title: commandTitle(command),
            colour: 'blue',
            blocks: [
              { type: 'markdown', text: mdText(command.summary) },
              { type: 'markdown', text: md`**用法**\n${mdJoin(command.usage.map((u) => md`- \`${u}\``))}` },
              ...(command.aliases?.length ? [{ type: 'note' as const, text: md`别名：${command.aliases.map((a) => `/${a}`).join('、')}` }] : []),
            ],
          }),
        );
        return;
      }
      const all = topic === ALL;
      const shown = all ? reg.commands : reg.commands.filter((c) => usableBy(c, ctx.actor));
      const hidden = reg.commands.length - shown.length;
      ctx.reply(
        cardMessage({
          title: all ? '督办助手 · 全部命令' : '督办助手 · 您可以使用的命令',
          colour: 'blue',
          blocks: [
            { type: 'fields', fields: shown.map((c) => ({ label: commandTitle(c), value: c.summary })) },
            {
              type: 'note',
              text: md`发送「/帮助 命令」查看某个命令的用法；不带参数发送命令会打开填写卡片。${hidden ? `另有 ${hidden} 个命令供其他岗位使用，发送「/帮助 ${ALL}」查看。` : ''}`,
            },
          ],
        }),
      );
    },
  });
}
