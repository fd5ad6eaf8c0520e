import { currentStepWords, rejectFormCard } from '../src/core/leave/cards';
import { checkDecision, decideLeave, leaveFromPayload } from '../src/core/leave/decide';
import type { CardAction } from './types';

/** 同意 on a leave card: only the resolved approver or the delegate resolved now (Art. 9, 11, 68). */
const approveAction: CardAction = {
  action: 'leave.approve',
  async run(ctx, payload) {
    const leave = await leaveFromPayload(ctx, payload.id);
    return decideLeave(ctx, leave, Number(payload.step), 'approve');
  },
};

/** 驳回 (or 市政府不同意): the button opens a form for the reason; the form's submit decides. */
const rejectAction: CardAction = {
  action: 'leave.reject',
  async run(ctx, payload, form) {
    const leave = await leaveFromPayload(ctx, payload.id);
    const step = Number(payload.step);
    if (payload.confirm !== '1') {
      const check = await checkDecision(ctx, leave, step);
      if (!check.ok) return check.response;
      return { toast: { kind: 'info', text: `请填写${currentStepWords(leave).reasonLabel}。` }, card: rejectFormCard(ctx.dir, leave) };
    }
    return decideLeave(ctx, leave, step, 'reject', form.reason ?? '');
  },
};

export const leaveDecisionActions: CardAction[] = [approveAction, rejectAction];
