import { leaveFromPayload } from '../src/core/leave/decide';
import { applyMove, type LifecycleMove } from '../src/core/leave/lifecycle';
import type { CardAction } from './types';

/** Card buttons for the requester's moves: 撤回申请 (pending), 取消请假 (approved, before departure), 销假. */
function moveAction(action: string, move: LifecycleMove): CardAction {
  return {
    action,
    async run(ctx, payload) {
      const leave = await leaveFromPayload(ctx, payload.id);
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
