/** Card buttons and forms of the document cards (`doc.*`); every check happens in the core. */
import { DOC_ACTIONS } from '../src/core/documents/cards';
import { decideDocument, resubmitDocument } from '../src/core/documents/decide';
import { forwardDocument } from '../src/core/documents/forward';
import type { CardAction } from './types';

export const documentActions: CardAction[] = [
  { action: DOC_ACTIONS.agree, run: (ctx, p) => decideDocument(ctx, p.id, p.round, p.step, 'agree') },
  { action: DOC_ACTIONS.instruct, run: (ctx, p, form) => decideDocument(ctx, p.id, p.round, p.step, 'instruct', form.text) },
  { action: DOC_ACTIONS.return, run: (ctx, p, form) => decideDocument(ctx, p.id, p.round, p.step, 'return', form.reason) },
  { action: DOC_ACTIONS.resubmit, run: (ctx, p, form) => resubmitDocument(ctx, p.id, p.round, form.note) },
  { action: DOC_ACTIONS.forward, run: (ctx, p, form) => forwardDocument(ctx, p.id, { lead: form.lead, assisting: form.assisting, due: form.due }) },
];
