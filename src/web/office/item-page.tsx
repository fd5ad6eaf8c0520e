/** GET /office/items/:id: the item as it stands, its reports, and its full timeline (audit log); the office can 催办. */
import type { Card } from '../../core/messages';
import type { Person } from '../../core/org/types';
import { formatInstantZh } from '../../core/time';
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
  /** 佐证材料, oldest first. */
  attachments?: AttachmentView[];
}

export interface AttachmentView {
  href: string;
  name: string;
  image: boolean;
  size: number;
  createdAt: Date;
  /** What it is evidence for: `办理进展报告（第1轮）`. */
  target: string;
  uploader: string;
}

const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/** The item's evidence: thumbnails for pictures, links for documents, each with whom and what for. */
function Attachments({ items }: { items: AttachmentView[] }) {
  return (
    <section class="panel" id="attachments">
      <h2>佐证材料（{items.length}）</h2>
      {items.length === 0 ? (
        <p class="note">承办单位尚未提交佐证材料。</p>
      ) : (
        <ul class="attachments">
          {items.map((a) => (
            <li>
              <a href={a.href} target="_blank" rel="noopener">
                {a.image ? (
                  <img src={a.href} alt={a.name} loading="lazy" width="96" height="96" />
                ) : (
                  <span class="file-icon" aria-hidden="true">
                    📄
                  </span>
                )}
                <span class="file-name">{a.name}</span>
              </a>
              <span class="note">
                {a.target} · {a.uploader} · {formatInstantZh(a.createdAt)} · {sizeText(a.size)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ItemPage({ viewer, unitName, card, itemId, urge, notice, attachments = [] }: ItemPageProps) {
  return (
    <Page title={`${itemId} · 督办台`} viewer={{ person: viewer, unitName }}>
      <main class="page">
        <p>
          <a href="/office#ledger">← 返回台账</a>
        </p>
        {notice ? (
          <p class={notice.kind === 'error' ? 'error-box' : 'done-box'} role={notice.kind === 'error' ? 'alert' : 'status'}>
            {notice.text}
          </p>
        ) : null}
        {urge ? (
          <form method="post" action={`/office/items/${itemId}/urge`} class="urge">
            <button type="submit" class="btn danger">
              催办
            </button>
            <span class="note">向承办单位或待决定的领导发送紧急提醒（第四十条 催办督办），同一事项每小时最多一次。</span>
          </form>
        ) : null}
        <section class="panel" id="item">
          <CardView card={{ ...card, blocks: card.blocks }} options={{ interactive: false }} />
        </section>
        <Attachments items={attachments} />
      </main>
    </Page>
  );
}
