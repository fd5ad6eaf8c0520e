/** GET /office/items/:id: the item as it stands, its reports, and its full timeline (audit log); the office can 催办. */
import type { Card } from '../../core/messages';
import type { Person } from '../../core/org/types';
import { CardView } from '../render/card';
import { Page } from './layout';

export interface ItemPageProps {
  viewer: Person;
  unitName: string;
  card: Card;
  itemId: string;
  /** Offer the 催办 button (office staff, an item someone can be urged about). */
  urge: boolean;
  /** The outcome of the last action on this page. */
  notice?: { kind: 'success' | 'error'; text: string };
}

export function ItemPage({ viewer, unitName, card, itemId, urge, notice }: ItemPageProps) {
  return (
    <Page title={`${itemId} · 督办台`} viewer={{ person: viewer, unitName }}>
      <main class="page">
        <p><a href="/office#ledger">← 返回台账</a></p>
        {notice ? <p class={notice.kind === 'error' ? 'error-box' : 'done-box'} role={notice.kind === 'error' ? 'alert' : 'status'}>{notice.text}</p> : null}
        {urge ? (
          <form method="post" action={`/office/items/${itemId}/urge`} class="urge">
            <button type="submit" class="btn danger">催办</button>
            <span class="note">向承办单位或待决定的领导发送紧急提醒（第四十条 催办督办），同一事项每小时最多一次。</span>
          </form>
        ) : null}
        <section class="panel" id="item">
          <CardView card={{ ...card, blocks: card.blocks }} options={{ interactive: false }} />
        </section>
      </main>
    </Page>
  );
}
