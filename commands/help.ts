import { UserError } from '../src/core/errors';
import { cardMessage, md, mdJoin, mdText } from '../src/core/messages';
import type { CommandRegistry } from './registry';
import { defineCommand } from './types';

/** `/帮助` is generated from the registry, so help never drifts from the code (STYLE). */
export function helpCommand(registry: () => CommandRegistry) {
  return defineCommand<{ topic?: string }>({
    name: 'help',
    zh: '帮助',
    summary: '查看命令列表和用法',
    usage: ['/帮助', '/帮助 请假'],
    parse: (args) => ({ topic: args.trim().split(/\s+/)[0] || undefined }),
    async run(ctx, { topic }) {
      const reg = registry();
      if (topic) {
        const command = reg.find(topic);
        if (!command) {
          const near = reg.closest(topic);
          throw new UserError(`没有名为「${topic}」的命令。${near ? `您是不是要找 /${near.zh}？` : ''}发送 /帮助 查看全部命令。`);
        }
        ctx.reply(cardMessage({
          title: `/${command.zh}（/${command.name}）`,
          colour: 'blue',
          blocks: [
            { type: 'markdown', text: mdText(command.summary) },
            { type: 'markdown', text: md`**用法**\n${mdJoin(command.usage.map((u) => md`- \`${u}\``))}` },
            ...(command.aliases?.length ? [{ type: 'note' as const, text: md`别名：${command.aliases.map((a) => `/${a}`).join('、')}` }] : []),
          ],
        }));
        return;
      }
      ctx.reply(cardMessage({
        title: '督办助手 · 命令列表',
        colour: 'blue',
        blocks: [
          { type: 'fields', fields: reg.commands.map((c) => ({ label: `/${c.zh}（/${c.name}）`, value: c.summary })) },
          { type: 'note', text: md`发送「/帮助 命令」查看某个命令的用法；不带参数发送命令会打开填写卡片。` },
        ],
      }));
    },
  });
}
