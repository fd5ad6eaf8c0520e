/** The 「打开」 button of a to-do line: the matter's live card, for someone it waits for. */
import { UserError } from '../errors';
import type { DomainContext } from '../context';
import { leaveCard } from '../leave/cards';
import { meetingAbsenceCard } from '../leave/meeting-card';
import { loadLeave, loadMeetingAbsence } from '../leave/store';
import { leaveSubject, meetingSubject } from '../leave/types';
import type { Card } from '../messages';
import { approvalCard, approvalSubject, extensionCard, extensionSubject, itemSubject, noticeCard, reportCard, reportSubject } from '../supervision/cards';
import { itemLight } from '../supervision/light';
import { loadDetail, loadExtension, loadItem, loadReport } from '../supervision/store';
import { todoOf } from './load';

const NOT_YOURS = '这件待办已处理，或不归您处理。请发送 /待办 查看最新列表。';

/** The live card of the matter `ref` names and its subject (so the copy is refreshed with the others). */
export async function openTodo(ctx: DomainContext, ref: string | undefined): Promise<{ card: Card; subject: string }> {
  // Only what waits for the actor opens: a forged or stale reference shows nothing.
  if (!ref || !(await todoOf(ctx)).some((t) => t.ref === ref)) throw new UserError(NOT_YOURS);
  const [kind, id = ''] = ref.split(':');
  const found = await cardOf(ctx, kind!, id);
  if (!found) throw new UserError(NOT_YOURS);
  return found;
}

async function cardOf(ctx: DomainContext, kind: string, id: string): Promise<{ card: Card; subject: string } | undefined> {
  const { db, dir } = ctx;
  switch (kind) {
    case 'leave': {
      const leave = await loadLeave(db, Number(id));
      return leave && { card: leaveCard(dir, leave), subject: leaveSubject(leave.request.id) };
    }
    case 'meeting': {
      const absence = await loadMeetingAbsence(db, Number(id));
      return absence && { card: meetingAbsenceCard(dir, absence), subject: meetingSubject(absence.id) };
    }
    case 'draft': {
      const detail = await loadDetail(db, id);
      return detail && { card: approvalCard(detail, dir), subject: approvalSubject(detail.item.id) };
    }
    case 'report': {
      const report = await loadReport(db, Number(id));
      const item = report && await loadItem(db, report.itemId);
      return item && { card: reportCard(report!, item, dir), subject: reportSubject(report!.id) };
    }
    case 'extension': {
      const extension = await loadExtension(db, Number(id));
      const item = extension && await loadItem(db, extension.itemId);
      return item && { card: extensionCard(extension!, item, dir), subject: extensionSubject(extension!.id) };
    }
    default: {
      // ack / plan / weekly: the notice, whose buttons do each of them.
      const detail = await loadDetail(db, id);
      return detail && { card: noticeCard(detail, dir, itemLight(detail.item, await ctx.calendar(), ctx.now)), subject: itemSubject(detail.item.id) };
    }
  }
}
