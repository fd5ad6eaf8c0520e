/** The seal-use log (Art. 64) as a table for CSV / Excel: every request, who signed it and when. */
import { desc } from 'drizzle-orm';
import { sealUses, signoffSteps } from '../../db/schema';
import type { AppDb } from '../../db/types';
import { delegationLabel } from '../core/org/acting-authority';
import type { Directory } from '../core/org/directory';
import { SEALS } from '../core/seals/seal-use';
import { formatInstantZh } from '../core/time';

export const SEAL_LOG_SHEET = '用印登记';
const STATUS_ZH = { in_review: '审批中', returned: '已退回', approved: '已签批' } as const;

export interface SealLogRow {
  id: number;
  seal: string;
  purpose: string;
  copies: number;
  unit: string;
  requester: string;
  requestedAt: string;
  status: string;
  signedBy: string;
  signedAt: string;
}

export async function loadSealLog(db: AppDb, dir: Directory): Promise<SealLogRow[]> {
  const [uses, steps] = await Promise.all([db.select().from(sealUses).orderBy(desc(sealUses.id)), db.select().from(signoffSteps)]);
  const name = (id: string | null) => (id ? (dir.person(id)?.name ?? id) : '');
  return uses.map((use) => {
    const decided = steps
      .filter((s) => s.subjectType === 'seal' && s.subjectId === use.id && s.decidedAt)
      .sort((a, b) => a.decidedAt!.getTime() - b.decidedAt!.getTime())
      .at(-1);
    const label = decided ? delegationLabel(decided.delegation) : null;
    return {
      id: use.id,
      seal: SEALS[use.seal].zh,
      purpose: use.purpose,
      copies: use.copies,
      unit: dir.unit(use.unitId)?.name ?? use.unitId,
      requester: name(use.requesterId),
      requestedAt: formatInstantZh(use.createdAt),
      status: STATUS_ZH[use.status],
      signedBy: decided ? `${name(decided.decidedById)}${label ? `（${label}）` : ''}${decided.status === 'returned' ? ' 退回' : ''}` : '',
      signedAt: decided?.decidedAt ? formatInstantZh(decided.decidedAt) : '',
    };
  });
}

export const SEAL_LOG_HEADERS = ['编号', '印章', '事由', '份数', '申请单位', '申请人', '申请时间', '状态', '签批人', '签批时间'];

export function sealLogTable(rows: readonly SealLogRow[]): string[][] {
  return [
    SEAL_LOG_HEADERS,
    ...rows.map((r) => [String(r.id), r.seal, r.purpose, String(r.copies), r.unit, r.requester, r.requestedAt, r.status, r.signedBy, r.signedAt]),
  ];
}
