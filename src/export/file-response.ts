import type { Context } from 'hono';
import type { LedgerFile } from './ledger-export';

/** A ledger file as a download: its Chinese file name for browsers that read `filename*`, never cached. */
export function ledgerFileResponse(c: Context, file: LedgerFile, ascii: string) {
  return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
    'content-type': file.contentType,
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    'cache-control': 'no-store',
  });
}
