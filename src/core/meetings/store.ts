import { and, asc, eq, max } from 'drizzle-orm';
import { meetingMatters, meetings } from '../../../db/schema';
import type { AppDb } from '../../../db/types';

export type Meeting = typeof meetings.$inferSelect;
export type MeetingMatter = typeof meetingMatters.$inferSelect;

export async function loadMeeting(db: AppDb, id: number): Promise<Meeting | undefined> {
  if (!Number.isInteger(id) || id <= 0) return undefined;
  const [row] = await db.select().from(meetings).where(eq(meetings.id, id));
  return row;
}

export async function loadMatter(db: AppDb, id: number): Promise<MeetingMatter | undefined> {
  const [row] = await db.select().from(meetingMatters).where(eq(meetingMatters.id, id));
  return row;
}

export async function decisionsOf(db: AppDb, meetingId: number): Promise<MeetingMatter[]> {
  return db
    .select()
    .from(meetingMatters)
    .where(and(eq(meetingMatters.meetingId, meetingId), eq(meetingMatters.kind, 'decision')))
    .orderBy(asc(meetingMatters.id));
}

/** Ids are chosen before the write so the same unit can name them on cards; inserts are guarded. */
export async function nextMeetingId(db: AppDb): Promise<number> {
  const [row] = await db.select({ id: max(meetings.id) }).from(meetings);
  return (row?.id ?? 0) + 1;
}

export async function nextMatterId(db: AppDb): Promise<number> {
  const [row] = await db.select({ id: max(meetingMatters.id) }).from(meetingMatters);
  return (row?.id ?? 0) + 1;
}
