/** GET /office/items/:id: the item as it stands, its reports, and its full timeline (audit log). */
import type { Card } from '../../core/messages';
import type { Person } from '../../core/org/types';
import { CardView } from '../render/card';
import { Page } from './layout';

export function ItemPage({ viewer, unitName, card, itemId }: { viewer: Person; unitName: string; card: Card; itemId: string }) {
  return (
    <Page title={`${itemId} · 督办台`} viewer={{ person: viewer, unitName }}>
      <main class="page">
        <p><a href="/office#ledger">← 返回台账</a></p>
        <section class="panel" id="item">
          <CardView card={{ ...card, blocks: card.blocks }} options={{ interactive: false }} />
        </section>
      </main>
    </Page>
  );
}
