/** The page a ledger download link opens: whom the link was made for, until when, and one download button. */
import { Page } from '../web/office/layout';
import type { ExportFormat } from './ledger-export';

const FORMAT_LABEL: Record<ExportFormat, string> = { xlsx: 'Excel', csv: 'CSV' };

export function DownloadPage(props: { format: ExportFormat; personName: string; unitName: string; condition: string; until: string }) {
  return (
    <Page title="督查台账导出 · 督办台">
      <main class="message-page">
        <h1>督查台账导出{props.condition ? `（${props.condition}）` : ''}</h1>
        <p>
          此链接为 {props.unitName} {props.personName} 生成，{props.until} 前有效，只能下载一次，下载记录在其名下（请勿转发）。
        </p>
        <form method="post">
          <button type="submit" class="btn primary">
            下载 {FORMAT_LABEL[props.format]}
          </button>
        </form>
      </main>
    </Page>
  );
}
