/** GET /office/documents: every 来文 and 发文 with where it stands (Art. 61, 62); the office exports the register. */
import { documentCard } from '../../core/documents/cards';
import type { Doc } from '../../core/documents/types';
import type { Directory } from '../../core/org/directory';
import type { Person } from '../../core/org/types';
import { DOCUMENT_COLUMNS } from '../../export/document-export';
import { CardView } from '../render/card';
import { DocumentSearchBox, MarkedTitle, type DocumentSearch } from './document-search';
import { Page } from './layout';

const SHOWN = ['编号', '收发', '类别', '标题', '文号', '状态', '督查事项'];

export function DocumentsPage({
  viewer,
  dir,
  docs,
  canExport,
  open,
  files = [],
  search = { kind: 'none' },
}: {
  viewer: Person;
  dir: Directory;
  docs: readonly Doc[];
  canExport: boolean;
  open?: Doc;
  files?: ReadonlyArray<{ href: string; name: string }>;
  search?: DocumentSearch;
}) {
  const columns = DOCUMENT_COLUMNS.filter((c) => SHOWN.includes(c.header));
  const shown = search.kind === 'done' ? search.docs : docs;
  const words = search.kind === 'done' ? search.words : [];
  return (
    <Page title="公文 · 督办台" viewer={{ person: viewer, unitName: dir.unit(viewer.unitId)?.name ?? '' }}>
      <main class="page">
        {open ? (
          <section class="panel" id="document">
            <p>
              <a href="/office/documents">← 返回公文列表</a>
            </p>
            <CardView card={documentCard(dir, open, 'office')} options={{ interactive: false }} />
            {files.length ? (
              <div id="document-files">
                <h3>附件（{files.length}）</h3>
                <ul>
                  {files.map((f) => (
                    <li>
                      <a href={f.href} target="_blank" rel="noopener">
                        {f.name}
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </section>
        ) : null}
        <section class="panel" id="documents">
          <h2>公文（来文、发文）</h2>
          <div class="exports">
            {canExport ? (
              <>
                <a class="btn" id="export-documents-xlsx" href="/office/export/documents.xlsx" download>
                  导出 Excel
                </a>
                <a class="btn" id="export-documents-csv" href="/office/export/documents.csv" download>
                  导出 CSV
                </a>
              </>
            ) : (
              <span class="note">公文登记簿导出仅限区政府办工作人员。</span>
            )}
          </div>
          {docs.length ? <DocumentSearchBox search={search} /> : null}
          {docs.length === 0 ? (
            <p class="muted" id="documents-empty">
              还没有登记的公文。在督办助手中发送 /来文 登记 或 /发文 起草。
            </p>
          ) : shown.length === 0 ? (
            <p class="muted" id="documents-none-found">
              没有找到。可换个说法，或少写几个字再试。
            </p>
          ) : (
            <table class="grid stack" id="documents-table">
              <thead>
                <tr>
                  {columns.map((c) => (
                    <th scope="col">{c.header}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {shown.map((d) => (
                  <tr>
                    {columns.map((c) =>
                      c.header === '编号' ? (
                        <td data-label={c.header}>
                          <a href={`/office/documents/${d.doc.id}`}>{c.value(d, dir)}</a>
                        </td>
                      ) : c.header === '督查事项' && d.doc.itemId ? (
                        <td data-label={c.header}>
                          <a href={`/office/items/${d.doc.itemId}`}>{d.doc.itemId}</a>
                        </td>
                      ) : c.header === '标题' && words.length ? (
                        <td data-label={c.header}>
                          <MarkedTitle title={d.doc.title} words={words} />
                        </td>
                      ) : (
                        <td data-label={c.header}>{c.value(d, dir)}</td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p class="note">来文按《工作规则》第六十一条审定、批示后由区政府办转办立项督办；发文按第六十二条逐级审签，签发后编文号归档。点编号查看审签进程。</p>
        </section>
      </main>
    </Page>
  );
}
