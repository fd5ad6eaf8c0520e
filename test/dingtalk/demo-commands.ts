import { buildRegistry, type CommandRegistry } from '../../commands/registry';
import { defineCommand, type CardAction } from '../../commands/types';
import { UserError } from '../../src/core/errors';
import { cardMessage, md, text, toPerson, toUnitChat, type Card } from '../../src/core/messages';

/**
 * A small stand-in domain for adapter tests: `/演示卡` replies with a card and pushes it to 住建局's
 * chat and its liaison; the card's 确认 button (住建局's head only) updates every copy and tells the
 * office. It exercises replies, pushes, clicks, refreshes and role checks without the real domains.
 */
export function demoCard(confirmedBy?: string): Card {
  return {
    title: confirmedBy ? '演示事项（已确认）' : '演示事项',
    colour: confirmedBy ? 'green' : 'blue',
    blocks: [
      { type: 'markdown', text: confirmedBy ? md`已由 ${confirmedBy} 确认。` : md`请住建局确认。` },
      ...(confirmedBy
        ? []
        : [
            {
              type: 'buttons' as const,
              buttons: [
                { label: '确认', action: 'demo.confirm', payload: { id: '1' }, style: 'primary' as const, command: '/演示确认 1' },
                { label: '退回', action: 'demo.reject', payload: { id: '1' } },
              ],
            },
          ]),
    ],
  };
}

export function demoRegistry(base: CommandRegistry): CommandRegistry {
  const confirmed = new Set<string>();
  const confirm = async (ctx: Parameters<CardAction['run']>[0], id: string) => {
    if (ctx.actor.id !== 'dengpeng') throw new UserError('只有住建局主要负责人可以确认。');
    if (confirmed.has(id)) throw new UserError('该事项已确认。');
    confirmed.add(id);
    const card = demoCard(ctx.actor.name);
    ctx.effects.refreshes.push({ subject: `demo:${id}`, card, key: `demo:${id}:confirmed` });
    ctx.effects.pushes.push({ to: toPerson('linxiaomei'), message: text(`演示事项 ${id} 已由${ctx.actor.name}确认。`), key: `demo:${id}:confirmed:office` });
    ctx.effects.audits.push({ subjectType: 'demo', subjectId: id, action: 'confirm' });
    return card;
  };
  const commands = [
    defineCommand<Record<string, never>>({
      name: 'democard',
      zh: '演示卡',
      summary: '演示卡片',
      usage: ['/演示卡'],
      parse: () => ({}),
      async run(ctx) {
        ctx.reply(cardMessage(demoCard()), { subject: 'demo:1' });
        ctx.effects.pushes.push({ to: toUnitChat('zjj'), message: cardMessage(demoCard()), subject: 'demo:1', key: 'demo:1:notice' });
        ctx.effects.pushes.push({ to: toPerson('zhangli'), message: cardMessage(demoCard()), subject: 'demo:1', key: 'demo:1:liaison' });
      },
    }),
    defineCommand<{ id: string }>({
      name: 'democonfirm',
      zh: '演示确认',
      summary: '确认演示事项',
      usage: ['/演示确认 1'],
      parse: (args) => ({ id: args.trim() || '1' }),
      async run(ctx, { id }) {
        ctx.reply(cardMessage(await confirm(ctx, id)));
      },
    }),
    defineCommand<{ words: string }>({
      name: 'broadcast',
      zh: '群发',
      summary: '给所有联络员发同一句话',
      usage: ['/群发 内容'],
      parse: (args) => ({ words: args.trim() }),
      async run(ctx, { words }) {
        for (const p of ctx.dir.withRole('unit_liaison'))
          ctx.effects.pushes.push({ to: toPerson(p.id), message: text(words), key: `broadcast:${words}:${p.id}` });
        ctx.reply(`已群发给 ${ctx.dir.withRole('unit_liaison').length} 位联络员。`);
      },
    }),
  ];
  const actions: CardAction[] = [
    { action: 'demo.confirm', run: async (ctx, payload) => ({ toast: { kind: 'success', text: '已确认' }, card: await confirm(ctx, payload.id ?? '1') }) },
    { action: 'demo.reject', run: async () => ({ toast: { kind: 'info', text: '已退回' } }) },
  ];
  return buildRegistry([...base.commands, ...commands], actions);
}
