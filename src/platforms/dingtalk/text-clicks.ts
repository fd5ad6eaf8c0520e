import type { CardAction } from '../../../commands/types';
import type { BotDeps } from '../../bot/context';
import { newEffects } from '../../core/effects';
import { UserError } from '../../core/errors';
import type { ActionResponse } from '../../core/messages';
import { actionResponseMessage } from './cards';

const STALE_BUTTON = '这个按钮已失效，请发送 /帮助 查看可用命令。';

/**
 * An ActionCard button comes back as text, with no response to carry the toast or the new card, so
 * the click's answer becomes a reply — written in the same atomic commit as the click's effects
 * (a refusal replaces everything prepared, as the dispatcher does for any UserError).
 */
export function answeringInChat(deps: BotDeps): BotDeps {
  const answer = (handler: CardAction | undefined, name: string): CardAction => ({
    action: name,
    async run(ctx, payload, form) {
      let response: ActionResponse;
      try {
        if (!handler) throw new UserError(STALE_BUTTON);
        response = await handler.run(ctx, payload, form);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        Object.assign(ctx.effects, newEffects());
        response = { toast: { kind: 'error', text: error.message } };
      }
      ctx.reply(actionResponseMessage(response));
      return response;
    },
  });
  return { ...deps, registry: { ...deps.registry, action: (name) => answer(deps.registry.action(name), name) } };
}
