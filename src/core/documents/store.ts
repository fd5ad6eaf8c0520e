import { and, asc, desc, eq, inArray, max } from 'drizzle-orm';
import type { AppDb } from '../../../db/types';
import { documents, documentSteps } from '../../../db/schema';
import { UserError } from '../errors';
import type { Doc, DocumentRow, DocumentStep } from './types';

export async function loadDoc(db: AppDb, id: number): Promise<Doc | undefined> {
  const [doc] = await db.select().from(documents).where(eq(documents.id, id));
  if (!doc) return undefined;
  const steps = await db.select().from(documentSteps).where(eq(documentSteps.documentId, id)).orderBy(asc(documentSteps.round), asc(documentSteps.idx));
  return { doc, steps };
}

/** The document a command or button names (`3`, `来文3`, `发文 3`), or a Chinese error. */
export async function requireDoc(db: AppDb, raw: string | undefined, direction?: DocumentRow['direction']): Promise<Doc> {
  const digits = /^\s*(?:来文|发文)?\s*(\d{1,9})\s*$/.exec(raw ?? '')?.[1];
  const found = digits ? await loadDoc(db, Number(digits)) : undefined;
  const what = direction === 'incoming' ? '来文' : direction === 'outgoing' ? '发文' : '公文';
  if (!found || (direction && found.doc.direction !== direction)) {
    throw new UserError(
      raw?.trim()
        ? `没有编号为「${raw.trim()}」的${what}。发送 /${what} 查看列表。`
        : `请写明${what}编号，例如「/${what === '公文' ? '来文' : what} 查看 1」。`,
    );
  }
  return found;
}

/** The statuses in which a document waits for someone (to-do list, digest, nudges). */
export const OPEN_DOC_STATUSES = ['reviewing', 'returned', 'to_forward'] as const;

/** Every document with its steps (the office page and the to-do list read them all). */
export async function loadDocs(db: AppDb, statuses?: ReadonlyArray<DocumentRow['status']>): Promise<Doc[]> {
  const rows = await db
    .select()
    .from(documents)
    .where(statuses ? inArray(documents.status, [...statuses]) : undefined)
    .orderBy(desc(documents.id));
  if (!rows.length) return [];
  const steps = await db
    .select()
    .from(documentSteps)
    .where(
      inArray(
        documentSteps.documentId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(documentSteps.round), asc(documentSteps.idx));
  const byDoc = new Map<number, DocumentStep[]>();
  for (const s of steps) byDoc.set(s.documentId, [...(byDoc.get(s.documentId) ?? []), s]);
  return rows.map((doc) => ({ doc, steps: byDoc.get(doc.id) ?? [] }));
}

export async function nextDocId(db: AppDb): Promise<number> {
  const [row] = await db.select({ top: max(documents.id) }).from(documents);
  return (row?.top ?? 0) + 1;
}

/** The next sequence of a 文号 prefix in a year (numbers are given on signing, Art. 62). */
export async function nextNumberSeq(db: AppDb, prefix: string, year: number): Promise<number> {
  const [row] = await db
    .select({ top: max(documents.numberSeq) })
    .from(documents)
    .where(and(eq(documents.numberPrefix, prefix), eq(documents.numberYear, year)));
  return (row?.top ?? 0) + 1;
}

/** The steps of the document's current round. */
export const currentRound = ({ doc, steps }: Doc) => steps.filter((s) => s.round === doc.round);
export const currentStepOf = (d: Doc) => currentRound(d).find((s) => s.idx === d.doc.currentStep);
