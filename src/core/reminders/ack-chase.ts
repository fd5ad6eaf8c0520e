/**
 * Chasing unacknowledged notices (Art. 40 承办落实; docs/reference/reminders.md): a unit that has not acknowledged (签收) by
 * the end of the next working day after the notice has lapsed. At ACK_CHASE_AT on that day, and on
 * every working day after, its chat and liaisons get a card with the 签收 button.
 */
import { citing } from '../errors';
import type { PushDraft } from '../effects';
import { cardMessage, md, mdText, type Card } from '../messages';
import type { Directory } from '../org/directory';
import { itemSubject, unitName } from '../supervision/cards';
import { unitRecipients } from '../supervision/recipients';
import { formatDateZh, localDate } from '../time';
import type { ItemView } from './item-views';
import { reminderKey } from './keys';
import { CHASE_ARTICLE } from './policy';

function chaseCard(dir: Directory, view: ItemView, unitId: string, lapsed: boolean): Card {
  const { item } = view;
  const when = lapsed
    ? `签收时限 ${formatDateZh(view.ackLimit!)} 已过，已逾期未签收`
    : `今天（${formatDateZh(view.ackLimit!)}）下班前须签收，逾期即为未按时签收`;
  return {
    title: `催签收 · ${item.id}`,
    colour: lapsed ? 'red' : 'orange',
    blocks: [
      {
        type: 'markdown',
        text: md`**${item.id}** ${item.title}\n${unitName(dir, unitId)}（${item.leadUnitId === unitId ? '主办' : '协办'}）尚未签收督查通知（${item.issuedAt ? `${localDate(item.issuedAt)} 交办` : '已交办'}），${when}。`,
      },
      { type: 'buttons', buttons: [{ label: '签收', action: 'sup.ack', payload: { item: item.id }, style: 'primary', command: `/签收 ${item.id}` }] },
      {
        type: 'note',
        text: mdText(citing(CHASE_ARTICLE, `承办单位接到督查通知后应及时签收，制定工作计划，按时限要求反馈办理情况。也可发送：/签收 ${item.id}`)),
      },
    ],
  };
}

/** The chases due now, made as the outbox takes them. */
export function* ackChasesFor(dir: Directory, views: readonly ItemView[], now: Date): Generator<PushDraft> {
  const today = localDate(now);
  for (const view of views) {
    if (!view.ackLimit || today < view.ackLimit) continue;
    for (const unitId of view.unacked) {
      const card = cardMessage(chaseCard(dir, view, unitId, today > view.ackLimit));
      for (const r of unitRecipients(dir, unitId)) {
        yield { to: r.to, message: card, key: reminderKey('ack-chase', itemSubject(view.item.id), today, r.to) };
      }
    }
  }
}
