import { and, asc, eq, max } from 'drizzle-orm';
import { signoffSteps } from '../../../db/schema';
import type { AppDb } from '../../../db/types';
import type { ChainStep, SignoffStep, SubjectType } from './types';

/** The steps of the subject's latest round, in order. */
export async function currentRound(db: AppDb, type: SubjectType, id: number): Promise<SignoffStep[]> {
  const [row] = await db
    .select({ round: max(signoffSteps.round) })
    .from(signoffSteps)
    .where(and(eq(signoffSteps.subjectType, type), eq(signoffSteps.subjectId, id)));
  if (!row?.round) return [];
  return db
    .select()
    .from(signoffSteps)
    .where(and(eq(signoffSteps.subjectType, type), eq(signoffSteps.subjectId, id), eq(signoffSteps.round, row.round)))
    .orderBy(asc(signoffSteps.idx));
}

/** A chain as rows of a new round: the first step pending, the rest waiting; a leader named twice in a row signs once. */
export function roundRows(type: SubjectType, id: number, round: number, chain: readonly ChainStep[], now: Date): SignoffStep[] {
  const merged = chain.filter((step, i) => i === 0 || step.addresseeId === null || step.addresseeId !== chain[i - 1]!.addresseeId);
  return merged.map((step, idx) => ({
    id: 0,
    subjectType: type,
    subjectId: id,
    round,
    idx,
    stage: step.stage,
    addresseeId: step.addresseeId,
    status: idx === 0 ? 'pending' : 'waiting',
    decidedById: null,
    delegation: null,
    note: null,
    createdAt: now,
    decidedAt: null,
  }));
}

export const insertable = ({ id: _id, ...row }: SignoffStep) => row;
