/**
 * `GET /exports/ledger.xlsx?token=…` and `/exports/ledger.csv?token=…`: the ledger download for
 * office staff, authorised by a token from `/台账 导出` (no platform login in a browser).
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { hasRole } from '../core/org/types';
import { EXPORT_FORMATS, exportLedger } from './ledger-export';
import { redeemExportToken } from './tokens';

export function ledgerExportRoutes() {
  const routes = new Hono<AppEnv>();
  for (const format of EXPORT_FORMATS) {
    routes.get(`/ledger.${format}`, async (c) => {
      const deps = c.get('deps');
      const grant = await redeemExportToken(deps.db, c.req.query('token') ?? '', deps.realClock.now());
      if (!grant) return c.json({ error: '下载链接无效或已过期，请在督办助手中重新发送 /台账 导出 获取新链接。' }, 403);
      const dir = await deps.loadDirectory();
      const person = dir.person(grant.personId);
      if (!person || !hasRole(person, 'office_staff')) return c.json({ error: '台账导出仅限区政府办督查人员。' }, 403);
      const file = await exportLedger({ db: deps.db, dir, calendar: await deps.loadCalendar(deps.db), now: deps.clock.now() }, grant.filters, format);
      return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
        'content-type': file.contentType,
        'content-disposition': `attachment; filename="ledger.${format}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
        'cache-control': 'no-store',
      });
    });
  }
  return routes;
}
