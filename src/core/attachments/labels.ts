import { eq } from 'drizzle-orm';
import { supervisionExtensions, supervisionReports } from '../../../db/schema';
import type { AppDb } from '../../../db/types';
import { REPORT_KIND_ZH } from '../supervision/types';

/** How a confirmation and the timeline name the thing attached to. */
export async function loadReportLabel(db: AppDb, kind: string, id: string): Promise<string> {
  if (kind === 'report') {
    const [r] = await db
      .select()
      .from(supervisionReports)
      .where(eq(supervisionReports.id, Number(id)));
    return r ? `${REPORT_KIND_ZH[r.kind]}（第${r.round}轮）` : '报告';
  }
  if (kind === 'extension') {
    const [e] = await db
      .select()
      .from(supervisionExtensions)
      .where(eq(supervisionExtensions.id, Number(id)));
    return e ? `延期申请（申请延至 ${e.requestedDue}）` : '延期申请';
  }
  return kind === 'plan' ? '工作计划' : '来文';
}
