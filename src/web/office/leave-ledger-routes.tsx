/** /office/leave and its CSV / Excel export, mounted behind the office sign-in (office staff and leaders see everyone's leave). */
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import type { Directory } from '../../core/org/directory';
import { hasRole, type Person } from '../../core/org/types';
import { localDate } from '../../core/time';
import { ledgerFileResponse } from '../../export/file-response';
import { toCsv } from '../../export/ledger-csv';
import { toXlsx } from '../../export/ledger-xlsx';
import { LEAVE_LEDGER_LAYOUT, LEAVE_LEDGER_SHEET, leaveLedgerTable } from '../../export/leave-ledger';
import { MessagePage, renderPage } from './layout';
import { loadLeaveLedger, parseLeaveFilters, type LeaveFilterQuery } from './leave-ledger-data';
import { LeaveLedgerPage } from './leave-ledger-page';

type OfficeEnv = AppEnv & { Variables: { viewer: Person; dir: Directory } };

/** As the other registers: the office staff export, leaders read on the page. */
const mayExport = (viewer: Person) => hasRole(viewer, 'office_staff');

function filtersOf(c: Context<OfficeEnv>) {
  return parseLeaveFilters(c.req.query() as LeaveFilterQuery, c.get('dir'), localDate(c.get('deps').clock.now()));
}

export function mountLeaveLedger(routes: Hono<OfficeEnv>): void {
  routes.get('/leave', async (c) => {
    const dir = c.get('dir');
    const viewer = c.get('viewer');
    const { filters, errors } = filtersOf(c);
    const data = await loadLeaveLedger(c.get('deps'), dir, filters);
    const body = (
      <LeaveLedgerPage viewer={viewer} unitName={dir.unit(viewer.unitId)?.name ?? ''} dir={dir} data={data} errors={errors} mayExport={mayExport(viewer)} />
    );
    return c.html(renderPage(body), errors.length ? 400 : 200);
  });

  for (const format of ['csv', 'xlsx'] as const) {
    routes.get(`/export/leave.${format}`, async (c) => {
      const back = { href: '/office/leave', label: '返回请假台账' };
      if (!mayExport(c.get('viewer'))) {
        return c.html(renderPage(<MessagePage title="无权导出" message="请假台账导出仅限区政府办工作人员。" action={back} />), 403);
      }
      const { filters, errors } = filtersOf(c);
      if (errors.length) return c.html(renderPage(<MessagePage title="筛选条件有误" message={errors.join(' ')} action={back} />), 400);
      const deps = c.get('deps');
      const data = await loadLeaveLedger(deps, c.get('dir'), filters);
      const table = leaveLedgerTable(data.rows);
      const body =
        format === 'xlsx' ? await toXlsx(table, { title: LEAVE_LEDGER_SHEET, now: data.now }, LEAVE_LEDGER_LAYOUT) : new TextEncoder().encode(toCsv(table));
      const contentType = format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8';
      return ledgerFileResponse(
        c,
        { filename: `${LEAVE_LEDGER_SHEET}-${localDate(data.now)}.${format}`, contentType, body, rows: table.length - 1 },
        `leave.${format}`,
      );
    });
  }
}
