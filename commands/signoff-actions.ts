import { decideSignoff, resubmitSignoff, returnForm } from '../src/core/signoffs/engine';
import { adapterOf } from '../src/core/signoffs/subjects';
import type { CardAction } from './types';

/** 同意 / 退回 / 重新提交 on every sign-off card (议题, 纪要, 全区性会议, 用印). */
export const signoffActions: CardAction[] = [
  { action: 'signoff.approve', run: (ctx, payload) => decideSignoff(ctx, adapterOf(payload.type), payload, 'approve') },
  {
    action: 'signoff.return',
    run: (ctx, payload, form) =>
      payload.confirm === '1'
        ? decideSignoff(ctx, adapterOf(payload.type), payload, 'return', form.reason ?? '')
        : returnForm(ctx, adapterOf(payload.type), payload),
  },
  { action: 'signoff.resubmit', run: (ctx, payload) => resubmitSignoff(ctx, adapterOf(payload.type), payload) },
];
