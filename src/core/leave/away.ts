/** Who is away on a date (Art. 68; `/谁请假`): leaders and the office see everyone, others their unit. */
import { md, mdJoin, mdText, type Card } from '../messages';
import type { Directory } from '../org/directory';
import { hasRole, isGovernmentLeader, type Person } from '../org/types';
import { formatDateZh, type LocalDate } from '../time';
import { describeDates, personName, postOf } from './cards';
import { awayOn, resolveApprover, standInPhrase, type Absences } from './delegation';
import { DESTINATION_SCOPES, PURPOSES } from './policy';
import type { LeaveRequest } from './types';
import { toApprovedLeave } from './store';

export function seesEveryone(person: Person): boolean {
  return isGovernmentLeader(person) || hasRole(person, 'party_secretary') || hasRole(person, 'office_staff');
}

/** Who stands in for an absent leader that day, as a clause for lists (`/谁请假`, the digest; Art. 9, 11). */
export function standIn(dir: Directory, person: Person, away: Absences): string {
  if (!isGovernmentLeader(person)) return '';
  const phrase = standInPhrase(dir, resolveApprover(dir, away, person.id, ''));
  return phrase ? `；${phrase}` : '';
}

/** The list card: approved absences on `date`, and (for those who see everyone) requests still pending. */
export function awayCard(dir: Directory, viewer: Person, date: LocalDate, approved: LeaveRequest[], pending: LeaveRequest[], yearNote?: string): Card {
  const all = seesEveryone(viewer);
  const visible = (r: LeaveRequest) => all || dir.person(r.requesterId)?.unitId === viewer.unitId;
  const awayIds = awayOn(approved.map(toApprovedLeave), date);
  const absent = approved.filter((r) => awayIds.has(r.requesterId) && visible(r));
  const line = (r: LeaveRequest) => {
    const person = dir.person(r.requesterId);
    const standInText = person ? standIn(dir, person, awayIds) : '';
    return md`- ${personName(dir, r.requesterId)}（${person ? postOf(dir, person) : ''}）· ${describeDates(r.startDate, r.endDate)} · ${PURPOSES[r.purpose].zh}${DESTINATION_SCOPES[r.scope].zh} · ${r.destination}${standInText}`;
  };
  const blocks: Card['blocks'] = [{ type: 'markdown', text: absent.length ? mdJoin(absent.map(line)) : md`该日无人请假外出。` }];
  if (yearNote) blocks.unshift({ type: 'note', text: mdText(yearNote) });
  const waiting = pending.filter(visible);
  if (all && waiting.length) blocks.push({ type: 'markdown', text: md`**审批中（尚未批准，不得离开本市）**\n${mdJoin(waiting.map(line))}` });
  if (!all) blocks.push({ type: 'note', text: md`仅显示本单位人员；区政府领导和区政府办可查看全部。` });
  return { title: `${formatDateZh(date)} 请假外出（${absent.length} 人）`, colour: 'blue', blocks };
}
