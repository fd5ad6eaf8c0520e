/** /office/meetings, /office/seals and the seal-log export, mounted behind the office sign-in. */
import { asc, desc } from 'drizzle-orm';
import type { Context, Hono } from 'hono';
import { meetingMatters, meetings, unitMeetings } from '../../../db/schema';
import type { AppEnv } from '../../app-env';
import type { Directory } from '../../core/org/directory';
import { hasRole, type Person } from '../../core/org/types';
import { MEETINGS } from '../../core/meetings/policy';
import { formatDateZh, localDate } from '../../core/time';
import { ledgerFileResponse } from '../../export/file-response';
import { toCsv } from '../../export/ledger-csv';
import { toXlsx } from '../../export/ledger-xlsx';
import { loadSealLog, SEAL_LOG_SHEET, sealLogTable } from '../../export/seal-log';
import { MessagePage, renderPage } from './layout';
import { MeetingsPage, SealsPage } from './meetings-seals-page';

type OfficeEnv = AppEnv & { Variables: { viewer: Person; dir: Directory } };

const MINUTES_ZH = { none: '未报送', in_review: '审核签发中', returned: '已退回修改', signed: '已签发' } as const;
const STATUS_ZH = { in_review: '审批中', returned: '已退回', approved: '已同意', draft: '草稿' } as const;

const viewerOf = (c: Context<OfficeEnv>) => ({ viewer: c.get('viewer'), unitName: c.get('dir').unit(c.get('viewer').unitId)?.name ?? '' });

export function mountMeetingsAndSeals(routes: Hono<OfficeEnv>): void {
  routes.get('/meetings', async (c) => {
    const { db } = c.get('deps');
    const dir = c.get('dir');
    const [rows, matters, units] = await Promise.all([
      db.select().from(meetings).orderBy(desc(meetings.meetingDate), desc(meetings.id)),
      db.select().from(meetingMatters).orderBy(asc(meetingMatters.id)),
      db.select().from(unitMeetings).orderBy(desc(unitMeetings.id)),
    ]);
    const meetingRows = rows.map((m) => {
      const mine = matters.filter((x) => x.meetingId === m.id);
      return {
        id: m.id,
        kind: MEETINGS[m.kind].zh,
        title: m.title,
        date: formatDateZh(m.meetingDate),
        host: dir.person(m.hostId)?.name ?? m.hostId,
        agenda: mine
          .filter((x) => x.kind === 'agenda')
          .map((x) => `${x.title}（${STATUS_ZH[x.status]}）`)
          .join('；'),
        minutes: MINUTES_ZH[m.minutesStatus],
        items: mine
          .filter((x) => x.itemId)
          .map((x) => x.itemId)
          .join('、'),
      };
    });
    const unitRows = units.map((u) => ({
      id: u.id,
      unit: dir.unit(u.unitId)?.name ?? u.unitId,
      title: u.title,
      date: formatDateZh(u.meetingDate),
      status: STATUS_ZH[u.status],
      override: u.overrideReason ?? '',
    }));
    return c.html(renderPage(<MeetingsPage {...viewerOf(c)} meetings={meetingRows} unitMeetings={unitRows} />));
  });

  routes.get('/seals', async (c) => {
    const rows = await loadSealLog(c.get('deps').db, c.get('dir'));
    return c.html(renderPage(<SealsPage {...viewerOf(c)} rows={rows} mayExport={hasRole(c.get('viewer'), 'office_staff')} />));
  });

  for (const format of ['csv', 'xlsx'] as const) {
    routes.get(`/export/seals.${format}`, async (c) => {
      if (!hasRole(c.get('viewer'), 'office_staff')) {
        return c.html(
          renderPage(<MessagePage title="无权导出" message="用印登记导出仅限区政府办督查人员。" action={{ href: '/office/seals', label: '返回用印登记' }} />),
          403,
        );
      }
      const deps = c.get('deps');
      const now = deps.clock.now();
      const table = sealLogTable(await loadSealLog(deps.db, c.get('dir')));
      const body = format === 'xlsx' ? await toXlsx(table, { title: SEAL_LOG_SHEET, now }) : new TextEncoder().encode(toCsv(table));
      const contentType = format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8';
      return ledgerFileResponse(c, { filename: `${SEAL_LOG_SHEET}-${localDate(now)}.${format}`, contentType, body, rows: table.length - 1 }, `seals.${format}`);
    });
  }
}
