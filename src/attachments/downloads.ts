import { and, asc, eq, lte } from 'drizzle-orm';
import { atomic, expectChanged } from '../../db/atomic';
import { attachmentDownloads } from '../../db/schema';
import type { AppDeps } from '../app-env';
import { classify, refuseSize } from '../core/attachments/kinds';
import { recordAttachment } from '../core/attachments/record';
import { targetAgain, type AttachTarget } from '../core/attachments/target';
import { newEffects, type Effects } from '../core/effects';
import type { Platform } from '../core/inbound';
import { text, type Recipient } from '../core/messages';
import { loadItem } from '../core/supervision/store';
import { loadDoc } from '../core/documents/store';
import { effectStatements } from '../outbox/commit';
import { PermanentDeliveryError, type Downloaded } from '../outbox/sender';
import { DEFAULT_ATTACHMENT_MAX_BYTES } from './receive';

type DownloadRow = typeof attachmentDownloads.$inferSelect;

/** Retries after 1, 2, 5, 15, 30, 60 minutes, then every 2 hours, up to MAX_ATTEMPTS. */
const BACKOFF_MS = [60_000, 120_000, 300_000, 900_000, 1_800_000, 3_600_000];
export const MAX_ATTEMPTS = 10;
/** A claimed row whose process died is taken over after this long. */
const LEASE_MS = 5 * 60_000;

export const backoffMs = (attempts: number) => BACKOFF_MS[attempts - 1] ?? 2 * 3_600_000;

export interface DownloadReport {
  attached: number;
  refused: number;
  retried: number;
  failed: number;
}

/**
 * Runs the due attachment downloads (after the inbound that queued them, and on every sweep): claims
 * each row with a lease, fetches the bytes from the platform, checks type and size, stores them, then
 * writes the attachment, its timeline line, the confirmation and the settled row in one transaction.
 * A failed fetch is retried with backoff; after MAX_ATTEMPTS the person is told. A crash between
 * storing and committing only leaves unreferenced bytes (content-addressed, harmless); the row stays
 * pending and runs again after its lease.
 */
export async function runAttachmentDownloads(deps: AppDeps, limit = 20): Promise<DownloadReport> {
  const report: DownloadReport = { attached: 0, refused: 0, retried: 0, failed: 0 };
  const now = deps.clock.now();
  const due = await deps.db
    .select()
    .from(attachmentDownloads)
    .where(and(eq(attachmentDownloads.status, 'pending'), lte(attachmentDownloads.nextAttemptAt, now)))
    .orderBy(asc(attachmentDownloads.id))
    .limit(limit);
  for (const row of due) {
    const claimed = await deps.db
      .update(attachmentDownloads)
      .set({ attempts: row.attempts + 1, nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
      .where(and(eq(attachmentDownloads.id, row.id), eq(attachmentDownloads.status, 'pending'), eq(attachmentDownloads.attempts, row.attempts)))
      .returning({ id: attachmentDownloads.id });
    if (!claimed.length) continue;
    report[await runOne(deps, { ...row, attempts: row.attempts + 1 }, now)]++;
  }
  return report;
}

async function runOne(deps: AppDeps, row: DownloadRow, now: Date): Promise<keyof DownloadReport> {
  const maxBytes = deps.attachmentMaxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES;
  const label = row.fileName ? `「${row.fileName}」` : '这张图片';
  const sender = deps.senders[row.platform as Platform];
  let got: Downloaded;
  try {
    if (!sender?.download) throw new PermanentDeliveryError(`${row.platform} 不支持下载文件`);
    got = await sender.download({ messageId: row.messageId, key: row.resourceKey, type: row.resourceType }, maxBytes);
  } catch (error) {
    const message = String((error as Error)?.message ?? error);
    if (!(error instanceof PermanentDeliveryError) && row.attempts < MAX_ATTEMPTS) {
      await deps.db
        .update(attachmentDownloads)
        .set({ nextAttemptAt: new Date(now.getTime() + backoffMs(row.attempts)), lastError: message })
        .where(eq(attachmentDownloads.id, row.id));
      return 'retried';
    }
    await settle(deps, row, 'failed', message, `${label}未能保存为佐证材料：从平台下载失败（${row.attempts} 次尝试）。请重新发送。`, now);
    return 'failed';
  }
  if ('tooLarge' in got) {
    await settle(deps, row, 'refused', `too large: ${got.tooLarge}`, refuseSize(row.fileName ?? '图片', got.tooLarge, maxBytes)!, now);
    return 'refused';
  }
  const kind = classify(row.fileName ?? undefined, got.bytes);
  const empty = refuseSize(row.fileName ?? '图片', got.bytes.byteLength, maxBytes);
  if (!kind.ok || empty) {
    const refusal = kind.ok ? empty! : kind.refusal;
    await settle(deps, row, 'refused', refusal, refusal, now);
    return 'refused';
  }
  const sha256 = await deps.files.put(got.bytes);
  const dir = await deps.loadDirectory();
  const target = await targetOf(deps, row, now);
  const uploader = dir.person(row.personId);
  if (!target || !uploader) {
    await settle(deps, row, 'failed', 'target or uploader vanished', `${label}未能保存为佐证材料：对应的事项或人员已不存在。`, now);
    return 'failed';
  }
  const effects = newEffects();
  recordAttachment(
    deps.db,
    dir,
    effects,
    { target, sha256, name: kind.name, mime: kind.kind.mime, size: got.bytes.byteLength, uploader, sourceKey: row.sourceKey },
    now,
  );
  await commitSettled(deps, row, 'done', null, effects, now);
  return 'attached';
}

async function targetOf(deps: AppDeps, row: DownloadRow, now: Date): Promise<AttachTarget | undefined> {
  if (row.targetKind === 'document') {
    const document = await loadDoc(deps.db, Number(row.targetId));
    return document ? { kind: 'document', document: document.doc, id: row.targetId, label: '来文' } : undefined;
  }
  const item = row.itemId ? await loadItem(deps.db, row.itemId) : undefined;
  return item && targetAgain(deps.db, item, row.targetKind, row.targetId, now);
}

async function settle(deps: AppDeps, row: DownloadRow, status: 'refused' | 'failed', error: string, tell: string, now: Date): Promise<void> {
  const effects = newEffects();
  effects.replies.push({ message: text(tell) });
  await commitSettled(deps, row, status, error, effects, now);
}

/** The row leaves `pending` in the same transaction as what it caused; a second runner's copy changes nothing. */
async function commitSettled(deps: AppDeps, row: DownloadRow, status: DownloadRow['status'], error: string | null, effects: Effects, now: Date): Promise<void> {
  const key = `attachment:${row.sourceKey}`;
  await atomic(deps.db, [
    deps.db
      .update(attachmentDownloads)
      .set({ status, lastError: error })
      .where(and(eq(attachmentDownloads.id, row.id), eq(attachmentDownloads.status, 'pending'), eq(attachmentDownloads.attempts, row.attempts))),
    expectChanged(deps.db),
    ...effectStatements(
      deps.db,
      effects,
      { now, actorId: row.personId, sourceMessage: row.messageId },
      {
        now,
        pushPlatforms: deps.pushPlatforms,
        reply: { platform: row.platform as Platform, to: row.replyTo as Recipient, replyTo: row.messageId, keyPrefix: key },
      },
    ),
  ]).catch((e) => {
    // Lost to another runner that settled the row first: nothing of ours was written.
    if (!String(e?.message ?? e).includes('concurrency_guard')) throw e;
  });
}
