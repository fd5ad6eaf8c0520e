import { confirmUndoCard, leaveCard } from '../src/core/leave/cards';
import { leaveFromPayload } from '../src/core/leave/decide';
import { applyMove, checkMove, type LifecycleMove } from '../src/core/leave/lifecycle';
import { localDate } from '../src/core/time';
import type { CardAction } from './types';

/** Card buttons for the requester's moves: 撤回申请 (pending), 取消请假 (approved, before departure), 销假. */
function moveAction(action: string, move: LifecycleMove): CardAction {
  return {
    action,
    async run(ctx, payload) {
      const leave = await leaveFromPayload(ctx, payload.id);
      // 撤回 and 取消 undo a request: the card asks once, and only 确认 (confirm=1) acts.
      if (move !== 'back' && payload.confirm !== '1') {
        checkMove(ctx, leave, move);
        if (payload.confirm === '0')
          return { toast: { kind: 'info', text: '已保留，未作改动。' }, card: leaveCard(ctx.dir, leave, 'requester', undefined, localDate(ctx.now)) };
        return { toast: { kind: 'warning', text: move === 'cancel' ? '确认取消？' : '确认撤回？' }, card: confirmUndoCard(ctx.dir, leave, move) };
      }
      const { card, message } = await applyMove(ctx, leave, move);
      return { toast: { kind: 'success', text: message }, card };
    },
  };
}

export const leaveMoveActions: CardAction[] = [
  moveAction('leave.withdraw', 'withdraw'),
  moveAction('leave.cancel', 'cancel'),
  moveAction('leave.back', 'back'),
];
