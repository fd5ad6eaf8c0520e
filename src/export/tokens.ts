/**
 * Download links for the ledger export: `/台账 导出` issues one random token per format to office
 * staff; only its SHA-256 is stored, with the person it was made for. A link downloads once, within
 * 15 minutes, while that person is still active office staff, and each download is written to the
 * audit log under that person (docs/reference/supervision.md, Exports). Opening a link only shows a page with
 * a download button, so a chat's link preview cannot spend it.
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import { atomic, expectChanged, isConflict, type Statement } from '../../db/atomic';
import type { AppDb } from '../../db/types';
import { auditLog, ledgerExportTokens } from '../../db/schema';
import type { LedgerFilters } from '../core/supervision/ledger';
import { EXPORT_FORMATS, type ExportFormat } from './ledger-export';

/** Long enough to open the link from the chat, short enough that a forwarded link soon dies. */
export const EXPORT_TOKEN_TTL_MS = 15 * 60 * 1000;

export async function sha256Hex(value: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** One link per format, so downloading the Excel file leaves the CSV link usable. */
export async function issueExportTokens(
  db: AppDb,
  personId: string,
  filters: LedgerFilters,
  now: Date,
): Promise<{ tokens: Record<ExportFormat, string>; expiresAt: Date; statements: Statement[] }> {
  const expiresAt = new Date(now.getTime() + EXPORT_TOKEN_TTL_MS);
  const tokens = Object.fromEntries(EXPORT_FORMATS.map((format) => [format, randomToken()])) as Record<ExportFormat, string>;
  const hashes = await Promise.all(EXPORT_FORMATS.map((format) => sha256Hex(tokens[format])));
  const statements: Statement[] = hashes.map((tokenHash) => db.insert(ledgerExportTokens).values({ tokenHash, personId, filters, expiresAt, createdAt: now }));
  return { tokens, expiresAt, statements };
}

export type ExportLink =
  | { state: 'valid'; tokenHash: string; personId: string; filters: LedgerFilters; expiresAt: Date }
  | { state: 'unknown' | 'expired' | 'used' };

/** What a link is right now; reading it spends nothing. */
export async function exportLink(db: AppDb, token: string, now: Date): Promise<ExportLink> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return { state: 'unknown' };
  const tokenHash = await sha256Hex(token);
  const [row] = await db.select().from(ledgerExportTokens).where(eq(ledgerExportTokens.tokenHash, tokenHash));
  if (!row) return { state: 'unknown' };
  if (row.usedAt) return { state: 'used' };
  if (row.expiresAt.getTime() <= now.getTime()) return { state: 'expired' };
  return { state: 'valid', tokenHash, personId: row.personId, filters: row.filters as LedgerFilters, expiresAt: row.expiresAt };
}

/**
 * Spends a valid link and records the download under the person it was made for, in one unit;
 * false when another request spent it first (or it expired meanwhile).
 */
export async function spendExportLink(db: AppDb, link: Extract<ExportLink, { state: 'valid' }>, format: ExportFormat, now: Date): Promise<boolean> {
  try {
    await atomic(db, [
      db
        .update(ledgerExportTokens)
        .set({ usedAt: now })
        .where(and(eq(ledgerExportTokens.tokenHash, link.tokenHash), isNull(ledgerExportTokens.usedAt), gt(ledgerExportTokens.expiresAt, now))),
      expectChanged(db),
      db.insert(auditLog).values({
        at: now,
        actorId: link.personId,
        subjectType: 'ledger',
        subjectId: 'export',
        action: 'export_downloaded',
        detail: { format, filters: link.filters },
      }),
    ]);
    return true;
  } catch (error) {
    if (isConflict(error)) return false;
    throw error;
  }
}
