/**
 * Who stands in for a leader over the days of a leave (Art. 9, 11), from the one resolver: the
 * 通报 of an approved absence names them, and the approver of a deputy's leave is warned when the
 * A/B partner would be away on the same days.
 */
import { and, gte, inArray, isNull, lte } from 'drizzle-orm';
import type { AppDb } from '../../../db/types';
import { leaveRequests } from '../../../db/schema';
import { articleZh } from '../errors';
import type { Directory } from '../org/directory';
import { addCalendarDays, type LocalDate } from '../time';
import { describeDates, describeSpan, STATUS_ZH } from './cards';
import { awayOn, resolveApprover, standInPhrase, type ApprovedLeave, type Resolution } from './delegation';
import { toApprovedLeave } from './store';
import type { LeaveRequest } from './types';

export interface StandInRun {
  from: LocalDate;
  to: LocalDate;
  resolution: Resolution;
}

/** Pending or approved (not reported back) requests overlapping [start, end], anyone's. */
export async function activeOverlapping(db: AppDb, start: LocalDate, end: LocalDate): Promise<LeaveRequest[]> {
  return db
    .select()
    .from(leaveRequests)
    .where(
      and(
        inArray(leaveRequests.status, ['pending', 'approved']),
        lte(leaveRequests.startDate, end),
        gte(leaveRequests.endDate, start),
        isNull(leaveRequests.returnedAt),
      ),
    );
}

/** The stand-in of `personId` on each day of `leave`, as runs of consecutive days with the same stand-in. */
export function standInsOver(dir: Directory, leaves: readonly ApprovedLeave[], leave: ApprovedLeave): StandInRun[] {
  const runs: StandInRun[] = [];
  for (let day = leave.start; day <= leave.end; day = addCalendarDays(day, 1)) {
    const resolution = resolveApprover(dir, awayOn([...leaves, leave], day), leave.personId, '');
    const last = runs[runs.length - 1];
    if (last && last.resolution.approverId === resolution.approverId && last.resolution.reason === resolution.reason) last.to = day;
    else runs.push({ from: day, to: day, resolution });
  }
  return runs;
}

/** "外出期间由AB角 孙强 负责其分管工作（第十一条）。", split by days when the stand-in changes. */
export function standInNote(dir: Directory, runs: readonly StandInRun[]): string {
  const phrases = runs.map((run) => ({ run, phrase: standInPhrase(dir, run.resolution) })).filter((p) => p.phrase);
  if (phrases.length === 0) return '';
  if (runs.length === 1) return `外出期间${phrases[0]!.phrase}。`;
  const span = (run: StandInRun) => (run.from === run.to ? run.from : `${run.from} 至 ${run.to}`);
  return `外出期间：${phrases.map(({ run, phrase }) => `${span(run)} ${phrase}`).join('；')}。`;
}

/**
 * The warning on the approver's card of a deputy's leave when their A/B partner is away (or asks to
 * be) on overlapping days (Art. 11: 副区长之间实行AB角互补工作制度). Undefined when there is none.
 */
export async function partnerOverlapWarning(db: AppDb, dir: Directory, request: LeaveRequest): Promise<string | undefined> {
  const partnerId = dir.person(request.requesterId)?.abPartnerId;
  const partner = partnerId ? dir.person(partnerId) : undefined;
  if (!partner) return undefined;
  const others = await activeOverlapping(db, request.startDate, request.endDate);
  const clash = others.find((r) => r.requesterId === partner.id);
  if (!clash) return undefined;
  const from = clash.startDate > request.startDate ? clash.startDate : request.startDate;
  const to = clash.endDate < request.endDate ? clash.endDate : request.endDate;
  const runs = standInsOver(dir, others.filter((r) => r.status === 'approved' || r.id === clash.id).map(toApprovedLeave), {
    ...toApprovedLeave(request),
    start: from,
    end: to,
  });
  const covers = standInNote(dir, runs).replace(/^外出期间：?/, '');
  return (
    `⚠️ AB角同时外出：${partner.name} 也申请了外出（${describeDates(clash.startDate, clash.endDate)}，${STATUS_ZH[clash.status]}），` +
    `与本次外出重叠 ${describeSpan(from, to)}。如批准，两人将同时不在岗，期间${covers || '分管工作须另行安排。'}` +
    `请审慎决定（依据《工作规则》${articleZh(11)}：副区长之间实行AB角互补工作制度）。`
  );
}
