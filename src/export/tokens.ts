/**
 * Download links for the ledger export: `/台账 导出` issues a short-lived random token to office
 * staff; only its SHA-256 is stored. The link works until it expires, for the person it was issued
 * to, and only while that person is still active office staff.
 */
import { and, eq, gt } from 'drizzle-orm';
import type { Statement } from '../../db/atomic';
import type { AppDb } from '../../db/types';
import { ledgerExportTokens } from '../../db/schema';
import type { LedgerFilters } from '../core/supervision/ledger';

/** Long enough to open the link from the chat, short enough that a forwarded link soon dies. */
export const EXPORT_TOKEN_TTL_MS = 15 * 60 * 1000;

export async function sha256Hex(value: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function issueExportToken(db: AppDb, personId: string, filters: LedgerFilters, now: Date): Promise<{ token: string; expiresAt: Date; statements: Statement[] }> {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + EXPORT_TOKEN_TTL_MS);
  return {
    token,
    expiresAt,
    statements: [db.insert(ledgerExportTokens).values({ tokenHash: await sha256Hex(token), personId, filters, expiresAt, createdAt: now })],
  };
}

/** The person and filters a valid, unexpired token was issued for. */
export async function redeemExportToken(db: AppDb, token: string, now: Date): Promise<{ personId: string; filters: LedgerFilters } | undefined> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
  const [row] = await db.select().from(ledgerExportTokens)
    .where(and(eq(ledgerExportTokens.tokenHash, await sha256Hex(token)), gt(ledgerExportTokens.expiresAt, now)));
  return row ? { personId: row.personId, filters: row.filters as LedgerFilters } : undefined;
}
