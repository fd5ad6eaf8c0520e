import { eq } from 'drizzle-orm';
import { inboundEvents } from '../../db/schema';
import { UserError } from '../core/errors';
import { newEffects } from '../core/effects';
import type { InboundAction, InboundMessage } from '../core/inbound';
import { toPerson, toUnitChat, type ActionResponse, type Recipient } from '../core/messages';
import type { Directory } from '../core/org/directory';
import { makeContext, type BotDeps } from './context';
import { commitEffects, type CommitOutcome } from './commit';

const COMMAND = /^\s*[/／]?(\S+)\s*([\s\S]*)$/;

async function alreadySeen(deps: BotDeps, platform: string, dedupeKey: string): Promise<boolean> {
  const [row] = await deps.db.select({ key: inboundEvents.key }).from(inboundEvents).where(eq(inboundEvents.key, `${platform}:${dedupeKey}`)).limit(1);
  return Boolean(row);
}

function replyRecipient(inbound: InboundMessage): Recipient {
  return inbound.chat.type === 'group' && inbound.chat.unitId ? toUnitChat(inbound.chat.unitId) : toPerson(inbound.actor.id);
}

/** Runs one text message: finds the command, parses, runs, commits effects and replies atomically. */
export async function handleMessage(deps: BotDeps, dir: Directory, inbound: InboundMessage): Promise<CommitOutcome> {
  if (await alreadySeen(deps, inbound.platform, inbound.dedupeKey)) return 'duplicate';
  const ctx = makeContext(deps, dir, inbound.actor, inbound.platform, inbound.chat, inbound.platformMessageId);
  const match = COMMAND.exec(inbound.text);
  const typedSlash = /^\s*[/／]/.test(inbound.text);
  const command = match ? deps.registry.find(match[1]!) : undefined;
  try {
    if (!match) {
      ctx.reply('请发送命令与我交流，例如 /帮助。');
    } else if (!command) {
      const near = deps.registry.closest(match[1]!);
      ctx.reply(typedSlash
        ? `没有命令「/${match[1]}」。${near ? `您是不是要找 /${near.zh}（/${near.name}）？` : ''}发送 /帮助 查看全部命令。`
        : '我只听得懂命令。发送 /帮助 查看全部命令，例如 /请假、/督办、/台账。');
    } else {
      const args = await command.parse(match[2] ?? '', ctx);
      await command.run(ctx, args);
    }
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    Object.assign(ctx.effects, newEffects());
    ctx.reply(error.message);
  }
  return commitEffects(deps, ctx, {
    platform: inbound.platform,
    dedupeKey: inbound.dedupeKey,
    replyTo: inbound.platformMessageId,
    replyRecipient: replyRecipient(inbound),
  });
}

/** Runs one card click or form submission; the response (toast + updated card) goes back at once. */
export async function handleAction(
  deps: BotDeps,
  dir: Directory,
  inbound: InboundAction,
): Promise<{ outcome: CommitOutcome; response: ActionResponse }> {
  if (await alreadySeen(deps, inbound.platform, inbound.dedupeKey)) {
    return { outcome: 'duplicate', response: { toast: { kind: 'info', text: '已处理' } } };
  }
  const ctx = makeContext(deps, dir, inbound.actor, inbound.platform, { type: 'p2p' }, inbound.platformMessageId);
  const handler = deps.registry.action(inbound.action);
  let response: ActionResponse;
  try {
    if (!handler) throw new UserError('这个按钮已失效，请发送 /帮助 查看可用命令。');
    response = await handler.run(ctx, inbound.payload, inbound.form);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    Object.assign(ctx.effects, newEffects());
    response = { toast: { kind: 'error', text: error.message } };
  }
  const outcome = await commitEffects(deps, ctx, {
    platform: inbound.platform,
    dedupeKey: inbound.dedupeKey,
    replyRecipient: toPerson(inbound.actor.id),
    answeredCardId: response.card ? inbound.platformMessageId : undefined,
  });
  if (outcome === 'conflict') {
    return { outcome, response: { toast: { kind: 'warning', text: ctx.effects.conflictMessage ?? '该事项刚刚已被他人处理，请刷新后查看最新状态。' } } };
  }
  return { outcome, response };
}
