/**
 * Sign-off steps waiting for a decision (议题, 纪要, 全区性会议, 用印: Art. 54, 56, 57, 64), as the
 * to-do list, the digest and the nudges read them: one line each, addressed to the leader the rule
 * names, so whoever acts for an absent one gets it (acting.ts).
 */
import { eq, inArray } from 'drizzle-orm';
import { meetingMatters, meetings, sealUses, signoffSteps, unitMeetings } from '../../../db/schema';
import type { AppDb } from '../../../db/types';
import type { SubjectType } from '../signoffs/types';

export interface PendingSignoff {
  type: SubjectType;
  subjectId: number;
  stage: string;
  addresseeId: string | null;
  title: string;
  since: Date;
}

export const SIGNOFF_ZH: Record<SubjectType, string> = { agenda: '议题', minutes: '会议纪要', unit_meeting: '全区性会议申请', seal: '用印申请' };

export async function loadPendingSignoffs(db: AppDb): Promise<PendingSignoff[]> {
  const steps = await db.select().from(signoffSteps).where(eq(signoffSteps.status, 'pending'));
  if (!steps.length) return [];
  const ids = (type: SubjectType) => steps.filter((s) => s.subjectType === type).map((s) => s.subjectId);
  const titles = new Map<string, string>();
  const put = (type: SubjectType, rows: Array<{ id: number; title: string }>) => rows.forEach((r) => titles.set(`${type}:${r.id}`, r.title));
  if (ids('agenda').length)
    put(
      'agenda',
      await db
        .select({ id: meetingMatters.id, title: meetingMatters.title })
        .from(meetingMatters)
        .where(inArray(meetingMatters.id, ids('agenda'))),
    );
  if (ids('minutes').length)
    put(
      'minutes',
      await db
        .select({ id: meetings.id, title: meetings.title })
        .from(meetings)
        .where(inArray(meetings.id, ids('minutes'))),
    );
  if (ids('unit_meeting').length)
    put(
      'unit_meeting',
      await db
        .select({ id: unitMeetings.id, title: unitMeetings.title })
        .from(unitMeetings)
        .where(inArray(unitMeetings.id, ids('unit_meeting'))),
    );
  if (ids('seal').length)
    put(
      'seal',
      await db
        .select({ id: sealUses.id, title: sealUses.purpose })
        .from(sealUses)
        .where(inArray(sealUses.id, ids('seal'))),
    );
  return steps.map((s) => ({
    type: s.subjectType,
    subjectId: s.subjectId,
    stage: s.stage,
    addresseeId: s.addresseeId,
    title: titles.get(`${s.subjectType}:${s.subjectId}`) ?? '',
    since: s.createdAt,
  }));
}
