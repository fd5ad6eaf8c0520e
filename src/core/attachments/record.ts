import { and, asc, eq, sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/types';
import { attachments, supervisionExtensions, supervisionPlans, supervisionReports } from '../../../db/schema';
import { REPORT_AUDIENCES, extensionCard, extensionSubject, planCard, planSubject, reportCard, reportSubject } from '../supervision/cards';
import type { Effects } from '../effects';
import { text } from '../messages';
import type { Directory } from '../org/directory';
import type { Person } from '../org/types';
import type { ItemDetail } from '../supervision/types';
import { targetName, type AttachTarget } from './target';

export type Attachment = typeof attachments.$inferSelect;

/** Where the dashboard serves an attachment (after checking the viewer may see its item). */
export const attachmentHref = (id: number) => `/office/files/${id}`;

export interface NewAttachment {
  target: AttachTarget;
  sha256: string;
  name: string;
  mime: string;
  size: number;
  uploader: Person;
  /** `platform:message id` of the chat message it came in; none for an upload. */
  sourceKey?: string;
}

export const attachedText = (a: Pick<NewAttachment, 'name' | 'target'>) =>
  a.target.kind === 'document' ? `已将「${a.name}」附在${targetName(a.target)}上。` : `已将「${a.name}」作为佐证材料附在 ${targetName(a.target)}上。`;

/** The item an attachment belongs to (none for a 来文's own). */
export const itemIdOf = (t: AttachTarget): string | null => (t.kind === 'document' ? null : t.item.id);

/**
 * The attachment row, its line on the item's timeline and the confirmation, into `effects`: they are
 * committed together (a redelivered download finds its sourceKey taken and writes nothing).
 */
export function recordAttachment(db: AppDb, dir: Directory, effects: Effects, a: NewAttachment, now: Date): void {
  const { target } = a;
  if (target.kind !== 'document') countOnCards(db, dir, effects, target);
  effects.statements.push(
    db.insert(attachments).values({
      itemId: itemIdOf(target),
      targetKind: target.kind,
      targetId: target.id,
      sha256: a.sha256,
      name: a.name,
      mime: a.mime,
      size: a.size,
      uploaderId: a.uploader.id,
      sourceKey: a.sourceKey ?? null,
      createdAt: now,
    }),
  );
  effects.audits.push({
    ...(target.kind === 'document' ? { subjectType: 'document', subjectId: target.id } : { subjectType: 'item', subjectId: target.item.id }),
    action: 'attachment_added',
    detail: { zh: `${a.uploader.name}为${target.label}添加佐证材料「${a.name}」`, target: `${target.kind}:${target.id}`, sha256: a.sha256 },
  });
  effects.replies.push({ message: text(attachedText(a)) });
}

type ItemTarget = Exclude<AttachTarget, { kind: 'document' }>;

/**
 * The count on the report's, plan's or extension request's row, and its cards refreshed in place to
 * show it. On the row, so every later version of a card shows it; a report's and an extension's
 * version moves too, so a concurrent change made from an older copy is refused instead of writing
 * the old count back.
 */
function countOnCards(db: AppDb, dir: Directory, effects: Effects, target: ItemTarget): void {
  const { report, plan, extension, item } = target;
  if (report) {
    effects.statements.push(
      db
        .update(supervisionReports)
        .set({ attachmentCount: sql`${supervisionReports.attachmentCount} + 1`, version: sql`${supervisionReports.version} + 1` })
        .where(eq(supervisionReports.id, report.id)),
    );
    const next = { ...report, attachmentCount: report.attachmentCount + 1, version: report.version + 1 };
    for (const audience of REPORT_AUDIENCES) {
      const subject = reportSubject(report.id, audience);
      effects.refreshes.push({ subject, card: reportCard(next, item, dir, audience), key: `${subject}:v${next.version}:files${next.attachmentCount}` });
    }
  }
  if (plan) {
    effects.statements.push(
      db
        .update(supervisionPlans)
        .set({ attachmentCount: sql`${supervisionPlans.attachmentCount} + 1` })
        .where(eq(supervisionPlans.id, plan.row.id)),
    );
    const subject = planSubject(item.id, plan.no);
    const next = { ...plan.row, attachmentCount: plan.row.attachmentCount + 1 };
    effects.refreshes.push({ subject, card: planCard(next, item, dir), key: `${subject}:files${next.attachmentCount}` });
  }
  if (extension) {
    const { row, away } = extension;
    effects.statements.push(
      db
        .update(supervisionExtensions)
        .set({ attachmentCount: sql`${supervisionExtensions.attachmentCount} + 1`, version: sql`${supervisionExtensions.version} + 1` })
        .where(eq(supervisionExtensions.id, row.id)),
    );
    const subject = extensionSubject(row.id);
    const next = { ...row, attachmentCount: row.attachmentCount + 1, version: row.version + 1 };
    effects.refreshes.push({ subject, card: extensionCard(next, item, dir, away), key: `${subject}:v${next.version}:files${next.attachmentCount}` });
  }
}

export async function itemAttachments(db: AppDb, itemId: string): Promise<Attachment[]> {
  return db.select().from(attachments).where(eq(attachments.itemId, itemId)).orderBy(asc(attachments.id));
}

export async function documentAttachments(db: AppDb, documentId: number): Promise<Attachment[]> {
  return db
    .select()
    .from(attachments)
    .where(and(eq(attachments.targetKind, 'document'), eq(attachments.targetId, String(documentId))))
    .orderBy(asc(attachments.id));
}

export async function loadAttachment(db: AppDb, id: number): Promise<Attachment | undefined> {
  const [row] = await db.select().from(attachments).where(eq(attachments.id, id));
  return row;
}

/** `张丽 · 现场照片.jpg`: how a list names one attachment. */
export const attachmentLine = (dir: Directory, a: Attachment) => `${dir.person(a.uploaderId)?.name ?? a.uploaderId} · ${a.name}`;

/** The unit whose plan, report or extension request an attachment belongs to. */
export function attachmentUnit(detail: ItemDetail, a: Pick<Attachment, 'targetKind' | 'targetId'>): string | undefined {
  const id = Number(a.targetId);
  if (a.targetKind === 'report') return detail.reports.find((r) => r.id === id)?.unitId;
  if (a.targetKind === 'plan') return detail.plans.find((p) => p.id === id)?.unitId;
  if (a.targetKind === 'extension') return detail.extensions.find((e) => e.id === id)?.unitId;
  return undefined;
}
