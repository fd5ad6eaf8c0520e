/** What waits for a person's decision now (`/审批`): as the resolved approver, the current delegate, or the office. */
import { localDate } from '../time';
import { mayDecideMeeting } from './meeting';
import { decisionAuthority } from './routing';
import { awaySet, pendingLeaves, pendingMeetingAbsences } from './store';
import type { Leave, LeaveContext, MeetingAbsence } from './types';

export interface Waiting {
  leaves: Leave[];
  meetings: MeetingAbsence[];
}

export async function waitingFor(ctx: Pick<LeaveContext, 'db' | 'dir' | 'actor' | 'now'>): Promise<Waiting> {
  const { db, dir, actor } = ctx;
  const away = await awaySet(db, localDate(ctx.now));
  const leaves = (await pendingLeaves(db)).filter((leave) => {
    const step = leave.steps.find((s) => s.idx === leave.request.currentStep);
    return step !== undefined && decisionAuthority(dir, away, leave, step, actor).ok;
  });
  const meetings = (await pendingMeetingAbsences(db)).filter((m) => mayDecideMeeting(dir, away, m, actor));
  return { leaves, meetings };
}
