/**
 * `/exports/ledger.xlsx?token=…` and `/exports/ledger.csv?token=…`: the ledger download for office
 * staff, authorised by a one-time link from `/台账 导出` (no platform login in a browser). GET shows
 * whom the link was made for and a download button; the POST of that button spends the link and
 * answers with the file (src/export/tokens.ts).
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../app-env';
import { hasRole } from '../core/org/types';
import { describeFilters } from '../core/supervision/ledger';
import { dayjs, RULE_TZ } from '../core/time';
import { MessagePage, renderPage } from '../web/office/layout';
import { DownloadPage } from './download-page';
import { ledgerFileResponse } from './file-response';
import { EXPORT_FORMATS, exportLedger } from './ledger-export';
import { EXPORT_TOKEN_TTL_MS, exportLink, spendExportLink, type ExportLink } from './tokens';

const AGAIN = '请在督办助手中重新发送 /台账 导出 获取新链接。';
const REFUSED: Record<Exclude<ExportLink['state'], 'valid'>, string> = {
  unknown: `下载链接无效。${AGAIN}`,
  expired: `下载链接已过期（${EXPORT_TOKEN_TTL_MS / 60_000} 分钟内有效）。${AGAIN}`,
  used: `此下载链接已使用过（每个链接只能下载一次）。${AGAIN}`,
};

const refuse = (c: Context<AppEnv>, message: string) =>
  c.html(renderPage(<MessagePage title="无法下载" message={message} />), 403, { 'cache-control': 'no-store' });

/** The link as it stands, and the person it was made for when that person may still export. */
async function openLink(c: Context<AppEnv>) {
  const deps = c.get('deps');
  const link = await exportLink(deps.db, c.req.query('token') ?? '', deps.realClock.now());
  if (link.state !== 'valid') return { refusal: REFUSED[link.state] };
  const dir = await deps.loadDirectory();
  const person = dir.person(link.personId);
  if (!person || !hasRole(person, 'office_staff')) return { refusal: '台账导出仅限区政府办督查人员。' };
  return { link, person, dir };
}

export function ledgerExportRoutes() {
  const routes = new Hono<AppEnv>();
  for (const format of EXPORT_FORMATS) {
    routes.get(`/ledger.${format}`, async (c) => {
      const opened = await openLink(c);
      if ('refusal' in opened) return refuse(c, opened.refusal!);
      const { link, person, dir } = opened;
      const until = dayjs(link.expiresAt).tz(RULE_TZ).format('HH:mm');
      const page = (
        <DownloadPage
          format={format}
          personName={person.name}
          unitName={dir.unit(person.unitId)?.name ?? ''}
          condition={describeFilters(link.filters, dir)}
          until={until}
        />
      );
      return c.html(renderPage(page), 200, { 'cache-control': 'no-store' });
    });
    routes.post(`/ledger.${format}`, async (c) => {
      const deps = c.get('deps');
      const opened = await openLink(c);
      if ('refusal' in opened) return refuse(c, opened.refusal!);
      // Link expiry runs on the real clock (the sandbox clock must not revive a link); the ledger on the rules' clock.
      if (!(await spendExportLink(deps.db, opened.link, format, deps.realClock.now()))) return refuse(c, REFUSED.used);
      const file = await exportLedger(
        {
          db: deps.db,
          dir: opened.dir,
          calendar: await deps.loadCalendar(deps.db),
          now: deps.clock.now(),
          baseUrl: deps.config.publicBaseUrl ?? new URL(c.req.url).origin,
        },
        opened.link.filters,
        format,
      );
      return ledgerFileResponse(c, file, `ledger.${format}`);
    });
  }
  return routes;
}
