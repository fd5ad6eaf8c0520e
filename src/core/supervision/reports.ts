/**
 * 报送 and 审核汇总 (Art. 40). A written report reaches the office only after the unit head's
 * sign-off (审签): a liaison's report waits for the head in the bot, the head's own goes straight
 * through. The office confirms receipt (签收) and reviews: accepted → forwarded to the responsible
 * leader to read; returned → the unit redoes it (next round). Assisting units report to the lead
 * unit, and the office sees both.
 */
import { expectChanged } from '../../../db/atomic';
import { supervisionReports } from '../../../db/schema';
import { citing, UserError } from '../errors';
import { cardMessage, text, toPerson } from '../messages';
import { awaySet } from '../leave/store';
import { onBehalfOf, resolveApprover } from '../org/acting-authority';
import { endOfLocalDay, localDate } from '../time';
import { personName, reportCard, reportSubject, returnedReportCard, unitName } from './cards';
import { assertNotArchived, assertOpenForUnits, auditItem, refreshItemCards, refreshReportCard, updateItem, updateReport } from './change';
import { responsibleLeaderId } from './leaders';
import { authorize } from './permissions';
import { officeRecipients, unitRecipients } from './recipients';
import { loadDetail, loadReport, nextReportId, requireDetail } from './store';
import {
  REPORT_KIND_ZH,
  REPORT_STATUS_ZH,
  type ItemDetail,
  type Outcome,
  type Report,
  type ReportKind,
  type SupervisionCtx,
  type SupervisionItem,
} from './types';
import { ackIfMissing, actingUnit, requireText } from './units';
import { attachmentUnit, itemAttachments } from '../attachments/record';

const OPEN_REPORT: readonly Report['status'][] = ['awaiting_signoff', 'submitted', 'received'];

const EXAMPLES: Record<ReportKind, string> = {
  progress: '/进展 DB-2026-0001 已完成排查，正在整改',
  completion: '/办结 DB-2026-0001 已全部整改到位，群众满意',
  weekly: '/周报 DB-2026-0001 本周完成……',
  late_explanation: '/延期 DB-2026-0001 12月20日 原因… 进展… 下一步…',
};

export const isLate = (item: SupervisionItem, at: Date) => at.getTime() > endOfLocalDay(item.dueOn).getTime();

export interface SubmitOptions {
  /** Late explanations: the date the unit asked for. */
  requestedDue?: string;
}

/** A unit submits a progress, completion, weekly report or a late explanation. */
export async function submitReport(
  ctx: SupervisionCtx,
  itemId: string,
  kind: ReportKind,
  body: string | undefined,
  options: SubmitOptions = {},
): Promise<Outcome> {
  const detail = await requireDetail(ctx.db, itemId);
  return submitReportFor(ctx, detail, kind, body, options);
}

export async function submitReportFor(
  ctx: SupervisionCtx,
  detail: ItemDetail,
  kind: ReportKind,
  body: string | undefined,
  options: SubmitOptions = {},
): Promise<Outcome> {
  const { item } = detail;
  assertOpenForUnits(item, `报送${REPORT_KIND_ZH[kind]}`);
  const unitId = actingUnit(ctx, detail, 'report');
  const reportText = requireText(body, `${REPORT_KIND_ZH[kind]}内容`, EXAMPLES[kind].replace('DB-2026-0001', item.id));
  if (kind === 'weekly' && !item.longRunning) throw new UserError(`督查事项 ${item.id} 未实行周报制，请用 /进展 报送办理进展。`);
  // Weekly reports (周报制) are one per week whatever the office's review pace: last week's report
  // still waiting for review must not block this week's (the reminders core refuses a second one per week).
  const open = kind === 'weekly' ? undefined : detail.reports.find((r) => r.unitId === unitId && r.kind === kind && OPEN_REPORT.includes(r.status));
  const unit = ctx.dir.unit(unitId)!;
  if (open?.status === 'awaiting_signoff' && unit.headId === ctx.actor.id) {
    // The head who would be told to wait is the one it waits for.
    throw new UserError(
      citing(
        40,
        `${unit.name}的${REPORT_KIND_ZH[kind]}（第${open.round}轮，起草人 ${personName(ctx.dir, open.authorId)}）正待您审签：请在报告卡片上审签通过或退回修改（发送 /待办 可打开该报告），审签后即报送区政府办。`,
      ),
    );
  }
  if (open) {
    throw new UserError(`${unit.name}的${REPORT_KIND_ZH[kind]}（第${open.round}轮）${REPORT_STATUS_ZH[open.status]}，请等处理完毕后再报送。`);
  }
  const byHead = unit.headId === ctx.actor.id;
  if (!byHead && !(unit.headId && ctx.dir.person(unit.headId))) {
    throw new UserError(citing(40, `报送区政府的书面报告须经单位主要领导审签，但通讯录中${unit.name}没有主要负责人，请联系区政府办更新通讯录。`));
  }
  const round = detail.reports.filter((r) => r.unitId === unitId && r.kind === kind && r.status === 'returned').length + 1;
  const report: Report = {
    id: await nextReportId(ctx.db),
    itemId: item.id,
    unitId,
    kind,
    authorId: ctx.actor.id,
    text: reportText,
    round,
    late: isLate(item, ctx.now),
    status: byHead ? 'submitted' : 'awaiting_signoff',
    signedOffBy: byHead ? ctx.actor.id : null,
    signedOffAt: byHead ? ctx.now : null,
    sentBackReason: null,
    receivedBy: null,
    receivedAt: null,
    reviewedBy: null,
    reviewedAt: null,
    returnReason: null,
    evidenceRequested: false,
    attachmentCount: 0,
    forwardedTo: null,
    requestedDue: options.requestedDue ?? null,
    createdAt: ctx.now,
    submittedAt: byHead ? ctx.now : null,
    version: 1,
  };
  const ack = ackIfMissing(ctx, detail, unitId);
  const { next, statements } = updateItem(ctx, item, { status: 'in_progress' });
  ctx.effects.statements.push(...statements, ...ack.statements, ctx.db.insert(supervisionReports).values(report).onConflictDoNothing(), expectChanged(ctx.db));
  const label = `${REPORT_KIND_ZH[kind]}（第${round}轮${report.late ? '，逾期' : ''}）`;
  let reply: string;
  if (byHead) {
    deliver(ctx, report, next);
    auditItem(ctx, item.id, 'report_submitted', `${unit.name} ${ctx.actor.name}（主要负责人）报送${label}`, {
      reportId: report.id,
      kind,
      round,
      late: report.late,
    });
    reply = `已报送${label}至${unitId === item.leadUnitId ? '区政府办' : `主办单位${unitName(ctx.dir, item.leadUnitId)}和区政府办`}。`;
  } else {
    ctx.effects.pushes.push({
      to: toPerson(unit.headId!),
      message: cardMessage(reportCard(report, next, ctx.dir, 'signer')),
      subject: reportSubject(report.id, 'signer'),
      key: `${reportSubject(report.id)}:signoff`,
    });
    auditItem(ctx, item.id, 'report_drafted', `${unit.name} ${ctx.actor.name} 起草${label}，待 ${personName(ctx.dir, unit.headId)} 审签`, {
      reportId: report.id,
      kind,
      round,
      late: report.late,
    });
    reply = citing(40, `报送区政府的书面报告须经单位主要领导审签。您的${label}已送 ${personName(ctx.dir, unit.headId)} 审签，审签后报送区政府办。`);
  }
  await refreshItemCards(ctx, { ...detail, item: next, acks: ack.acks, reports: [...detail.reports, report] });
  return { text: reply };
}

/** A signed-off report goes to the office; an assisting unit's also to the lead unit, to read (汇总). */
function deliver(ctx: SupervisionCtx, report: Report, item: SupervisionItem): void {
  const audiences = [
    ...officeRecipients(ctx.dir).map((r) => ({ ...r, audience: 'office' as const })),
    ...(report.unitId === item.leadUnitId ? [] : unitRecipients(ctx.dir, item.leadUnitId).map((r) => ({ ...r, audience: 'reader' as const }))),
  ];
  for (const r of audiences) {
    const message = cardMessage(reportCard(report, item, ctx.dir, r.audience));
    ctx.effects.pushes.push({ to: r.to, message, subject: reportSubject(report.id, r.audience), key: `${reportSubject(report.id)}:deliver:${r.tag}` });
  }
}

async function reportAndItem(ctx: SupervisionCtx, reportId: string | undefined): Promise<{ report: Report; detail: ItemDetail }> {
  const id = Number(reportId);
  const report = Number.isInteger(id) && id > 0 ? await loadReport(ctx.db, id) : undefined;
  if (!report) throw new UserError('找不到这份报告，请刷新卡片或发送 /督办 查看 事项编号。');
  const detail = (await loadDetail(ctx.db, report.itemId))!;
  return { report, detail };
}

function assertStatus(report: Report, allowed: readonly Report['status'][]): void {
  if (!allowed.includes(report.status)) throw new UserError(`这份${REPORT_KIND_ZH[report.kind]}当前状态为「${REPORT_STATUS_ZH[report.status]}」，无需再处理。`);
}

/** The unit head's 审签: approve (the report goes to the office) or send back to the drafter. */
export async function signOff(ctx: SupervisionCtx, reportId: string | undefined, decision: 'approve' | 'send_back', reason?: string): Promise<Outcome> {
  const { report, detail } = await reportAndItem(ctx, reportId);
  assertNotArchived(detail.item);
  authorize(ctx.dir, ctx.actor, 'sign_off', { item: detail.item, reportUnitId: report.unitId });
  assertStatus(report, ['awaiting_signoff']);
  const item = updateItem(ctx, detail.item, {});
  const label = `${REPORT_KIND_ZH[report.kind]}（第${report.round}轮）`;
  let updated: ReturnType<typeof updateReport>;
  if (decision === 'approve') {
    updated = updateReport(ctx, report, {
      status: 'submitted',
      signedOffBy: ctx.actor.id,
      signedOffAt: ctx.now,
      submittedAt: ctx.now,
      late: report.late || isLate(detail.item, ctx.now),
    });
    deliver(ctx, updated.next, item.next);
    auditItem(ctx, report.itemId, 'report_signed_off', `${unitName(ctx.dir, report.unitId)} ${ctx.actor.name} 审签${label}，报送区政府办`, {
      reportId: report.id,
    });
  } else {
    const why = reason?.trim();
    if (!why) throw new UserError('请填写修改意见，便于起草人修改。');
    updated = updateReport(ctx, report, { status: 'sent_back', sentBackReason: why });
    ctx.effects.pushes.push({
      to: toPerson(report.authorId),
      message: text(`${ctx.actor.name} 退回了您起草的 ${report.itemId} ${label}：${why}。请修改后重新报送。`),
      key: `${reportSubject(report.id)}:sent_back`,
    });
    auditItem(ctx, report.itemId, 'report_sent_back', `${ctx.actor.name} 退回${label}修改：${why}`, { reportId: report.id, reason: why });
  }
  ctx.effects.statements.push(...item.statements, ...updated.statements);
  refreshReportCard(ctx, updated.next, item.next);
  await refreshItemCards(ctx, { ...detail, item: item.next, reports: detail.reports.map((r) => (r.id === report.id ? updated.next : r)) });
  return {
    text: decision === 'approve' ? `已审签，${label}已报送区政府办。` : '已退回起草人修改。',
    card: reportCard(updated.next, item.next, ctx.dir, 'signer'),
  };
}

/** The office confirms receipt (签收) of a signed-off report. */
export async function receiveReport(ctx: SupervisionCtx, reportId: string | undefined): Promise<Outcome> {
  const { report, detail } = await reportAndItem(ctx, reportId);
  assertNotArchived(detail.item);
  authorize(ctx.dir, ctx.actor, 'receive', { item: detail.item });
  assertStatus(report, ['submitted']);
  const item = updateItem(ctx, detail.item, {});
  const updated = updateReport(ctx, report, { status: 'received', receivedBy: ctx.actor.id, receivedAt: ctx.now });
  ctx.effects.statements.push(...item.statements, ...updated.statements);
  auditItem(
    ctx,
    report.itemId,
    'report_received',
    `区政府办 ${ctx.actor.name} 签收${unitName(ctx.dir, report.unitId)}${REPORT_KIND_ZH[report.kind]}（第${report.round}轮）`,
    { reportId: report.id },
  );
  refreshReportCard(ctx, updated.next, item.next);
  await refreshItemCards(ctx, { ...detail, item: item.next, reports: detail.reports.map((r) => (r.id === report.id ? updated.next : r)) });
  return { text: '已签收。', card: reportCard(updated.next, item.next, ctx.dir) };
}

/**
 * 审核汇总: accept (forward to the responsible leader; an accepted completion report of the lead
 * unit completes the item) or return with reasons for a redo.
 */
export async function reviewReport(
  ctx: SupervisionCtx,
  reportId: string | undefined,
  decision: 'accept' | 'return',
  options: { reason?: string; publish?: boolean; evidence?: boolean } = {},
): Promise<Outcome> {
  const { report, detail } = await reportAndItem(ctx, reportId);
  assertNotArchived(detail.item);
  authorize(ctx.dir, ctx.actor, 'review', { item: detail.item });
  assertStatus(report, ['submitted', 'received']);
  const label = `${unitName(ctx.dir, report.unitId)}${REPORT_KIND_ZH[report.kind]}（第${report.round}轮）`;
  const receipt = report.receivedBy ? {} : { receivedBy: ctx.actor.id, receivedAt: ctx.now };
  const base = detail.item;
  const unitAudience = [...unitRecipients(ctx.dir, report.unitId), { to: toPerson(report.authorId), tag: `person:${report.authorId}` }].filter(
    (r, i, all) => all.findIndex((o) => o.tag === r.tag) === i,
  );

  if (decision === 'return') {
    const why = options.reason?.trim();
    if (!why) throw new UserError(citing(40, '对不符合要求的报告，退承办单位重新办理，请填写退回理由。'));
    const item = updateItem(ctx, base, {});
    const evidence = options.evidence ?? false;
    const updated = updateReport(ctx, report, {
      ...receipt,
      status: 'returned',
      reviewedBy: ctx.actor.id,
      reviewedAt: ctx.now,
      returnReason: why,
      evidenceRequested: evidence,
    });
    ctx.effects.statements.push(...item.statements, ...updated.statements);
    // The redo starts from what the unit already sent as evidence (every round of this unit).
    const before = (await itemAttachments(ctx.db, base.id)).filter((a) => attachmentUnit(detail, a) === report.unitId).map((a) => a.name);
    const message = cardMessage(returnedReportCard(updated.next, item.next, ctx.dir, before));
    // Its own subject: a file sent in reply to it is evidence for the redo (core/attachments/target.ts).
    for (const r of unitAudience)
      ctx.effects.pushes.push({ to: r.to, message, subject: `${reportSubject(report.id)}:returned`, key: `${reportSubject(report.id)}:returned:${r.tag}` });
    auditItem(ctx, base.id, 'report_returned', `区政府办 ${ctx.actor.name} 退回${label}：${why}${evidence ? '（要求补充佐证材料）' : ''}`, {
      reportId: report.id,
      round: report.round,
      reason: why,
      evidence,
    });
    refreshReportCard(ctx, updated.next, item.next);
    await refreshItemCards(ctx, { ...detail, item: item.next, reports: detail.reports.map((r) => (r.id === report.id ? updated.next : r)) });
    return { text: `已退回${label}，待单位重新办理。`, card: reportCard(updated.next, item.next, ctx.dir) };
  }

  // Art. 40 "报区政府有关领导审阅": a leader on leave is reached through whoever acts for them (Art. 9, 11).
  const responsible = responsibleLeaderId(base, ctx.dir);
  const acting = responsible ? resolveApprover(ctx.dir, await awaySet(ctx.db, localDate(ctx.now)), responsible, '') : undefined;
  const leaderId = acting?.approverId ?? responsible ?? null;
  const reader = leaderId ? `${personName(ctx.dir, leaderId)}${acting ? onBehalfOf(ctx.dir, acting) : ''}` : '';
  const completes = report.kind === 'completion' && report.unitId === base.leadUnitId;
  const npc = base.source === 'npc_suggestion' || base.source === 'cppcc_proposal';
  // Art. 40: "办结或回复进展情况" — an accepted progress reply by the deadline meets it; weekly reports follow.
  const meetsDeadline =
    !completes &&
    (report.kind === 'progress' || report.kind === 'weekly') &&
    base.satisfiedByProgress &&
    !base.dueMetAt &&
    !isLate(base, report.submittedAt ?? ctx.now);
  const itemChange: Partial<SupervisionItem> = completes
    ? { status: 'completed', completedAt: ctx.now, ...(npc ? { replyText: report.text, publish: options.publish ?? true } : {}) }
    : meetsDeadline
      ? { dueMetAt: ctx.now, longRunning: true }
      : {};
  const item = updateItem(ctx, base, itemChange);
  const updated = updateReport(ctx, report, { ...receipt, status: 'accepted', reviewedBy: ctx.actor.id, reviewedAt: ctx.now, forwardedTo: leaderId });
  ctx.effects.statements.push(...item.statements, ...updated.statements);
  if (leaderId) {
    ctx.effects.pushes.push({
      to: toPerson(leaderId),
      message: cardMessage(reportCard(updated.next, item.next, ctx.dir, 'reader')),
      subject: reportSubject(report.id, 'reader'),
      key: `${reportSubject(report.id)}:forward:${leaderId}`,
    });
  }
  const outcomeLine = completes
    ? `督查事项 ${base.id} 办结${npc ? `，办理答复${item.next.publish ? '将依据第四十五条主动公开' : '不予公开'}` : ''}`
    : meetsDeadline
      ? `已按第四十条在办理期限 ${base.dueOn} 前回复进展，转入周报制，每周报送办理进展`
      : '';
  const message = text(
    `督查事项 ${base.id}「${base.title}」的${label}已审核通过${leaderId ? `，已报 ${reader} 审阅` : ''}。${outcomeLine ? `${outcomeLine}。` : ''}`,
  );
  for (const r of unitAudience) ctx.effects.pushes.push({ to: r.to, message, key: `${reportSubject(report.id)}:accepted:${r.tag}` });
  auditItem(ctx, base.id, 'report_accepted', `区政府办 ${ctx.actor.name} 审核通过${label}${leaderId ? `，报 ${reader} 审阅` : ''}`, {
    reportId: report.id,
    round: report.round,
    addresseeId: responsible ?? null,
    forwardedTo: leaderId,
  });
  if (completes)
    auditItem(ctx, base.id, 'completed', npc ? `办结，办理答复${item.next.publish ? '标记为主动公开（第四十五条）' : '标记为不公开'}` : '办结', {
      publish: item.next.publish,
    });
  if (meetsDeadline) auditItem(ctx, base.id, 'deadline_met_by_progress', `进展回复满足第四十条办理期限，转入周报制`);
  refreshReportCard(ctx, updated.next, item.next);
  await refreshItemCards(ctx, { ...detail, item: item.next, reports: detail.reports.map((r) => (r.id === report.id ? updated.next : r)) });
  return { text: `已审核通过${label}。${outcomeLine ? `${outcomeLine}。` : ''}`, card: reportCard(updated.next, item.next, ctx.dir) };
}
