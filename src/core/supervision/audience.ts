/**
 * Who reads a supervision card, and the actions each reader may take there (Art. 40 roles): a unit
 * signs for the notice and reports, a unit head signs its reports off (审签), the office receives,
 * reviews and archives, the leader asked decides a draft, everyone else reads. A card is sent to
 * each audience under its own subject and carries only that audience's buttons; the core still
 * checks every click, so a forged one changes nothing.
 */
import type { Block, Button, Card } from '../messages';

export type CardAudience =
  | { kind: 'office' }
  | { kind: 'unit'; unitId: string; lead: boolean; acknowledged: boolean }
  | { kind: 'signer' }
  | { kind: 'approver' }
  | { kind: 'reader' };

export const OFFICE: CardAudience = { kind: 'office' };
export const READER: CardAudience = { kind: 'reader' };

const OWN_ACTIONS: Record<Exclude<CardAudience['kind'], 'unit'>, readonly string[]> = {
  office: ['sup.send_for_approval', 'sup.receive', 'sup.review', 'sup.archive'],
  signer: ['sup.signoff'],
  approver: ['sup.approve', 'sup.decline'],
  reader: [],
};

/** Whether `audience` can use `button`: a unit signs once, and only the lead unit asks for an extension (Art. 40). */
export function offeredTo(audience: CardAudience, button: Button): boolean {
  if (audience.kind !== 'unit') return OWN_ACTIONS[audience.kind].includes(button.action);
  if (button.action === 'sup.ack') return !audience.acknowledged;
  if (button.action === 'sup.form') return button.payload?.kind !== 'extension' || audience.lead;
  return false;
}

/** The card as `audience` sees it: the buttons and forms it cannot use are left off. */
export function forAudience(card: Card, audience: CardAudience): Card {
  const blocks = card.blocks.flatMap((block): Block[] => {
    if (block.type === 'buttons') {
      const buttons = block.buttons.filter((b) => offeredTo(audience, b));
      return buttons.length ? [{ ...block, buttons }] : [];
    }
    if (block.type === 'form') return offeredTo(audience, block.submit) ? [block] : [];
    return [block];
  });
  return { ...card, blocks };
}
