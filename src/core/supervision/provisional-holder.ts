/**
 * Deadlines computed on a year whose holiday schedule was not yet published are provisional
 * (docs/calendar.md). When the year is imported, open items' rule-computed deadlines are recomputed with
 * the new calendar; explicit dates (期限, 节点, granted extensions) are kept as given.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Statement } from '../../../db/atomic';
import { auditLog, supervisionItems } from '../../../db/schema';
import type { ProvisionalDateChange, ProvisionalDateHolder } from '../calendar/provisional';
import { computeDeadline } from '../rules/deadlines';
import { formatDateZh } from '../time';
import { itemSubject } from './cards';

export const supervisionDeadlines: ProvisionalDateHolder = {
  name: '督查事项办理期限',
  async recompute(db, calendar, now) {
    const items = await db
      .select()
      .from(supervisionItems)
      .where(
        and(
          eq(supervisionItems.dueProvisional, true),
          eq(supervisionItems.dueExplicit, false),
          inArray(supervisionItems.status, ['draft', 'issued', 'in_progress']),
        ),
      )
      .orderBy(asc(supervisionItems.year), asc(supervisionItems.seq));
    const changes: ProvisionalDateChange[] = [];
    const statements: Statement[] = [];
    for (const item of items) {
      const result = computeDeadline(
        item.source,
        {
          receivedOn: item.receivedOn ?? undefined,
          meetingOn: item.meetingOn ?? undefined,
          assignedOn: item.assignedOn ?? undefined,
          complex: item.complex,
        },
        calendar,
      );
      if (!result.ok) continue;
      const { dueDate, provisional } = result.deadline;
      if (dueDate === item.dueOn && provisional) continue;
      statements.push(
        db
          .update(supervisionItems)
          .set({ dueOn: dueDate, dueProvisional: provisional, version: sql`${supervisionItems.version} + 1`, updatedAt: now })
          .where(and(eq(supervisionItems.id, item.id), eq(supervisionItems.dueOn, item.dueOn), eq(supervisionItems.dueProvisional, true))),
      );
      const zh =
        dueDate === item.dueOn
          ? `节假日安排公布后核定办理期限 ${formatDateZh(dueDate)}${provisional ? '（仍为暂定）' : ''}`
          : `节假日安排公布后，办理期限由 ${formatDateZh(item.dueOn)} 调整为 ${formatDateZh(dueDate)}${provisional ? '（仍为暂定）' : ''}`;
      statements.push(
        db.insert(auditLog).values({
          at: now,
          actorId: null,
          subjectType: 'item',
          subjectId: item.id,
          action: 'deadline_recomputed',
          detail: { zh, before: item.dueOn, after: dueDate },
          sourceMessage: null,
        }),
      );
      if (dueDate !== item.dueOn) changes.push({ subject: itemSubject(item.id), field: 'deadline', before: item.dueOn, after: dueDate });
    }
    return { changes, statements };
  },
};
