import { eq } from 'drizzle-orm';
import { inboundEvents } from '../../db/schema';
import type { CommandContext } from '../../commands/types';
import { UserError } from '../core/errors';
import { newEffects } from '../core/effects';
import type { InboundAction, InboundMessage, Platform } from '../core/inbound';
import { text, toPerson, toUnitChat, type ActionResponse, type Message, type Recipient } from '../core/messages';
import type { Directory } from '../core/org/directory';
import { enqueueDirectReply } from '../outbox/direct-reply';
import { makeContext, type BotDeps } from './context';
import { commitEffects, type CommitOutcome } from './commit';
import type { CommitUnit } from './group-commit';
import type { Dispatched, Inbound } from './inbound';
import { receiveAttachment, replyRecipientOf } from '../attachments/receive';

const COMMAND = /^\s*[/／]?(\S+)\s*([\s\S]*)$/;
const STALE_BUTTON = '这个按钮已失效，请发送 /帮助 查看可用命令。';

/** Whether this platform event was handled before (platforms redeliver until they get an answer). */
export async function alreadySeen(deps: BotDeps, platform: Platform, dedupeKey: string): Promise<boolean> {
  const [row] = await deps.db
    .select({ key: inboundEvents.key })
    .from(inboundEvents)
    .where(eq(inboundEvents.key, `${platform}:${dedupeKey}`))
    .limit(1);
  return Boolean(row);
}

/**
 * The one error boundary (after grammY's `errorBoundary`): a UserError (bad input, a rule that says
 * no) discards whatever the command had prepared and becomes the answer; anything else propagates.
 */
export async function errorBoundary<T>(ctx: CommandContext, run: () => Promise<T>, refusal: (message: string) => T): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    Object.assign(ctx.effects, newEffects());
    return refusal(error.message);
  }
}

function replyRecipient(inbound: InboundMessage): Recipient {
  return inbound.chat.type === 'group' && inbound.chat.unitId ? toUnitChat(inbound.chat.unitId) : toPerson(inbound.actor.id);
}

async function runMessage(deps: BotDeps, dir: Directory, inbound: InboundMessage, commit?: CommitUnit): Promise<CommitOutcome> {
  const ctx = makeContext(deps, dir, inbound.actor, inbound.platform, inbound.chat, inbound.platformMessageId);
  const match = COMMAND.exec(inbound.text);
  const typedSlash = /^\s*[/／]/.test(inbound.text);
  const command = match ? deps.registry.find(match[1]!) : undefined;
  await errorBoundary(
    ctx,
    async () => {
      if (!match) {
        ctx.reply('请发送命令与我交流，例如 /帮助。');
      } else if (!command) {
        const near = deps.registry.closest(match[1]!);
        ctx.reply(
          typedSlash
            ? `没有命令「/${match[1]}」。${near ? `您是不是要找 /${near.zh}（/${near.name}）？` : ''}发送 /帮助 查看全部命令。`
            : '我只听得懂命令。发送 /帮助 查看全部命令，例如 /请假、/督办、/台账。',
        );
      } else {
        const args = await command.parse(match[2] ?? '', ctx);
        await command.run(ctx, args);
      }
    },
    (message) => ctx.reply(message),
  );
  return commitEffects(
    deps,
    ctx,
    {
      platform: inbound.platform,
      dedupeKey: inbound.dedupeKey,
      replyTo: inbound.platformMessageId,
      replyRecipient: replyRecipient(inbound),
    },
    commit,
  );
}

async function runAction(
  deps: BotDeps,
  dir: Directory,
  inbound: InboundAction,
  answerInChat?: (response: ActionResponse) => Message,
  commit?: CommitUnit,
): Promise<{ outcome: CommitOutcome; response: ActionResponse }> {
  const ctx = makeContext(deps, dir, inbound.actor, inbound.platform, { type: 'p2p' }, inbound.platformMessageId);
  const handler = deps.registry.action(inbound.action);
  const response = await errorBoundary(
    ctx,
    async () => {
      if (!handler) throw new UserError(STALE_BUTTON);
      return handler.run(ctx, inbound.payload, inbound.form);
    },
    (message): ActionResponse => ({ toast: { kind: 'error', text: message } }),
  );
  if (answerInChat) ctx.reply(answerInChat(response));
  const outcome = await commitEffects(
    deps,
    ctx,
    {
      platform: inbound.platform,
      dedupeKey: inbound.dedupeKey,
      replyRecipient: toPerson(inbound.actor.id),
      answeredCardId: response.card ? inbound.platformMessageId : undefined,
    },
    commit,
  );
  if (outcome === 'conflict') {
    return { outcome, response: { toast: { kind: 'warning', text: ctx.effects.conflictMessage ?? '该事项刚刚已被他人处理，请刷新后查看最新状态。' } } };
  }
  return { outcome, response };
}

/** Runs one text message: finds the command, parses, runs, commits effects and replies atomically. */
export async function handleMessage(deps: BotDeps, dir: Directory, inbound: InboundMessage): Promise<CommitOutcome> {
  if (await alreadySeen(deps, inbound.platform, inbound.dedupeKey)) return 'duplicate';
  return runMessage(deps, dir, inbound);
}

/** Runs one card click or form submission; the response (toast + updated card) goes back at once. */
export async function handleAction(deps: BotDeps, dir: Directory, inbound: InboundAction): Promise<{ outcome: CommitOutcome; response: ActionResponse }> {
  if (await alreadySeen(deps, inbound.platform, inbound.dedupeKey)) {
    return { outcome: 'duplicate', response: { toast: { kind: 'info', text: '已处理' } } };
  }
  return runAction(deps, dir, inbound);
}

/** One text answer and nothing else: inline in the transport's answer when it allows, else through the outbox. */
async function answerReply(
  deps: BotDeps,
  platform: Platform,
  inbound: Extract<Inbound, { kind: 'reply' }>,
  options: { repliesInline?: boolean },
): Promise<{ result: Dispatched; queued: boolean }> {
  if (options.repliesInline) {
    // Only the dedupe key is written: the text goes back in the answer itself.
    const claimed = await deps.db
      .insert(inboundEvents)
      .values({ key: `${platform}:${inbound.dedupeKey}`, platform, receivedAt: deps.clock.now() })
      .onConflictDoNothing()
      .returning({ key: inboundEvents.key });
    return { result: claimed.length ? { kind: 'reply', text: inbound.text } : { kind: 'duplicate' }, queued: false };
  }
  const outcome = await enqueueDirectReply(deps.db, {
    platform,
    dedupeKey: inbound.dedupeKey,
    to: inbound.to,
    replyTo: inbound.replyTo,
    message: text(inbound.text),
    now: deps.clock.now(),
  });
  return outcome === 'committed' ? { result: { kind: 'done' }, queued: true } : { result: { kind: 'duplicate' }, queued: false };
}

/**
 * The dispatch step of the receive pipeline (pipeline.ts): runs what the inbound asks; `queued` = the outbox has work.
 * `commit` writes a command's or click's unit (the pipeline's groups them, group-commit.ts).
 */
export async function dispatch(
  deps: BotDeps,
  dir: Directory,
  platform: Platform,
  inbound: Inbound,
  options: { repliesInline?: boolean; commit?: CommitUnit } = {},
): Promise<{ result: Dispatched; queued: boolean }> {
  switch (inbound.kind) {
    case 'message': {
      const outcome = await runMessage(deps, dir, inbound.message, options.commit);
      return outcome === 'duplicate' ? { result: { kind: 'duplicate' }, queued: false } : { result: { kind: 'done' }, queued: true };
    }
    case 'attachment': {
      if (await alreadySeen(deps, platform, inbound.attachment.dedupeKey)) return { result: { kind: 'duplicate' }, queued: false };
      const received = await receiveAttachment(deps, dir, inbound.attachment);
      if ('refused' in received) {
        // Nothing to download: answered like any one-line reply (inline on DingTalk's HTTP robot).
        const a = inbound.attachment;
        return answerReply(
          deps,
          platform,
          { kind: 'reply', dedupeKey: a.dedupeKey, text: received.refused, to: replyRecipientOf(a), replyTo: a.platformMessageId },
          options,
        );
      }
      return received.outcome === 'duplicate' ? { result: { kind: 'duplicate' }, queued: false } : { result: { kind: 'done' }, queued: true };
    }
    case 'action': {
      const { outcome, response } = await runAction(deps, dir, inbound.action, inbound.answerInChat, options.commit);
      return outcome === 'duplicate' ? { result: { kind: 'duplicate' }, queued: false } : { result: { kind: 'answered', response }, queued: true };
    }
    case 'reply':
      return answerReply(deps, platform, inbound, options);
    case 'refuse_click':
      return { result: { kind: 'answered', response: { toast: { kind: 'error', text: inbound.text } } }, queued: false };
    case 'ignore':
      return { result: { kind: 'done' }, queued: false };
  }
}
