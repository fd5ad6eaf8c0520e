/**
 * 延期 (Art. 40): "因不可抗力等客观因素影响，在规定时限内不能办结的…承办单位要提前报告原因、进展情况
 * 和下一步工作打算，并申请延长办理时限". Before the deadline the lead unit asks; the assigning
 * leader (or the office, if so configured) grants or refuses. After the deadline the request is
 * recorded as a late explanation (逾期说明), not an extension.
 */
import { expectChanged } from '../../../db/atomic';
import { supervisionExtensions } from '../../../db/schema';
import { formatCalendarDateZh } from '../calendar/types';
import { citing, UserError } from '../errors';
import { cardMessage, text, toPerson } from '../messages';
import { awaySet } from '../leave/store';
import { onBehalfOf } from '../org/acting-authority';
import { ASSIGNMENT_CEILING_QUOTE, extensionCeiling } from '../rules/deadlines';
import { formatDateZh, localDate } from '../time';
import { extensionCard, extensionSubject, personName, unitName } from './cards';
import { assertNotArchived, assertOpenForUnits, auditItem, refreshExtensionCard, refreshItemCards, updateExtension, updateItem } from './change';
import { EXTENSION_DECIDER_KEY, extensionDeciderId, type ExtensionDeciderSetting } from './leaders';
import { standInNotice } from './handover';
import { actingDecider, authorize, decisionRecord } from './permissions';
import { officeRecipients, unitRecipients } from './recipients';
import { isLate, submitReportFor } from './reports';
import { loadDetail, loadExtension, nextExtensionId, readSetting, requireDetail } from './store';
import type { Extension, Outcome, SupervisionCtx, SupervisionItem } from './types';
import { requireText } from './units';

export interface ExtensionRequest {
  requestedDue: string;
  reason?: string;
  progress?: string;
  nextSteps?: string;
}

export const EXTENSION_EXAMPLE = '/延期 DB-2026-0001 12月20日 原因：材料未到 进展：已完成80% 下一步：12月15日前完成验收';

export async function extensionDecider(ctx: SupervisionCtx): Promise<ExtensionDeciderSetting> {
  return (await readSetting(ctx.db, EXTENSION_DECIDER_KEY)) === 'office' ? 'office' : 'leader';
}

export async function requestExtension(ctx: SupervisionCtx, itemId: string, request: ExtensionRequest): Promise<Outcome> {
  const detail = await requireDetail(ctx.db, itemId);
  const { item } = detail;
  assertOpenForUnits(item, '申请延期');
  authorize(ctx.dir, ctx.actor, 'request_extension', { item });
  const reason = requireText(request.reason, '原因', EXTENSION_EXAMPLE);
  const progress = requireText(request.progress, '进展情况', EXTENSION_EXAMPLE);
  const nextSteps = requireText(request.nextSteps, '下一步工作打算', EXTENSION_EXAMPLE);

  if (isLate(item, ctx.now)) {
    const outcome = await submitReportFor(
      ctx,
      detail,
      'late_explanation',
      `申请延至 ${request.requestedDue}。\n原因：${reason}\n进展情况：${progress}\n下一步工作打算：${nextSteps}`,
      { requestedDue: request.requestedDue },
    );
    return {
      text: citing(40, `延期须在办理期限前提出。${item.id} 的期限 ${formatDateZh(item.dueOn)} 已过，本次申请不作延期处理，已作为逾期说明记录。${outcome.text}`),
    };
  }
  if (request.requestedDue <= item.dueOn) {
    throw new UserError(`申请延至的日期 ${request.requestedDue} 须晚于现办理期限 ${item.dueOn}。`);
  }
  await assertWithinCeiling(ctx, item, request.requestedDue);
  const pending = detail.extensions.find((e) => e.status === 'pending');
  if (pending) throw new UserError(`${item.id} 已有一份延期申请（延至 ${pending.requestedDue}）待审批，请等待审批结果。`);

  const deciderId = extensionDeciderId(item, ctx.dir, await extensionDecider(ctx));
  const extension: Extension = {
    id: await nextExtensionId(ctx.db),
    itemId: item.id,
    unitId: item.leadUnitId,
    requestedBy: ctx.actor.id,
    requestedDue: request.requestedDue,
    previousDue: item.dueOn,
    reason,
    progress,
    nextSteps,
    deciderId,
    status: 'pending',
    decidedBy: null,
    decidedAt: null,
    decisionNote: null,
    attachmentCount: 0,
    createdAt: ctx.now,
    version: 1,
  };
  const updated = updateItem(ctx, item, {});
  ctx.effects.statements.push(...updated.statements, ctx.db.insert(supervisionExtensions).values(extension).onConflictDoNothing(), expectChanged(ctx.db));
  // The leader on leave: whoever acts for them gets it (Art. 9, 11); nobody left → the office.
  const away = await awaySet(ctx.db, localDate(ctx.now));
  const acting = actingDecider(ctx.dir, 'decide_extension', { extension, away });
  const card = cardMessage(extensionCard(extension, updated.next, ctx.dir, away));
  const actingId = acting?.approverId ?? null;
  const audience = actingId ? [{ to: toPerson(actingId), tag: `person:${actingId}` }] : officeRecipients(ctx.dir);
  for (const r of audience) {
    ctx.effects.pushes.push({ to: r.to, message: card, subject: extensionSubject(extension.id), key: `${extensionSubject(extension.id)}:ask:${r.tag}` });
  }
  if (acting && onBehalfOf(ctx.dir, acting)) {
    ctx.effects.pushes.push(
      standInNotice(
        ctx.dir,
        acting,
        `督查事项 ${item.id} 的延期申请（延至 ${request.requestedDue}）`,
        `${extensionSubject(extension.id)}:ask:person:${actingId}`,
      ),
    );
  }
  const sentTo = `${personName(ctx.dir, actingId)}${acting ? onBehalfOf(ctx.dir, acting) : ''}`;
  // The office tracks every deadline (Art. 40 催办督办): told of a request a leader decides, too; it is also in its /待办.
  if (actingId) {
    const notice = text(
      `【延期申请】${unitName(ctx.dir, item.leadUnitId)} ${ctx.actor.name} 申请将 ${item.id}「${item.title}」的办理期限由 ${formatDateZh(item.dueOn)} 延至 ${formatDateZh(request.requestedDue)}，已送 ${sentTo} 审批（第四十条）。发送 /待办 跟踪。`,
    );
    for (const r of officeRecipients(ctx.dir)) ctx.effects.pushes.push({ to: r.to, message: notice, key: `${extensionSubject(extension.id)}:office:${r.tag}` });
  }
  auditItem(ctx, item.id, 'extension_requested', `${ctx.actor.name} 申请延期至 ${request.requestedDue}（原期限 ${item.dueOn}），送 ${sentTo} 审批`, {
    extensionId: extension.id,
    requestedDue: request.requestedDue,
    deciderId,
    actingId,
  });
  await refreshItemCards(ctx, { ...detail, item: updated.next, extensions: [...detail.extensions, extension] });
  return { text: `已提交延期申请（延至 ${request.requestedDue}），送 ${sentTo} 审批。` };
}

/** Art. 40: an NPC suggestion or CPPCC proposal is answered within six months of assignment, extended or not. */
async function assertWithinCeiling(ctx: SupervisionCtx, item: SupervisionItem, requestedDue: string): Promise<void> {
  const ceiling = extensionCeiling(item.source, { assignedOn: item.assignedOn ?? undefined }, await ctx.calendar());
  if (!ceiling || requestedDue <= ceiling.date) return;
  throw new UserError(
    citing(
      40,
      `${ASSIGNMENT_CEILING_QUOTE}。${item.id} 交办于 ${formatDateZh(item.assignedOn!)}，办理期限最迟延至 ${formatCalendarDateZh(ceiling)}，不能延至 ${formatDateZh(requestedDue)}。`,
    ),
    40,
  );
}

export async function decideExtension(ctx: SupervisionCtx, extensionId: string | undefined, decision: 'grant' | 'refuse', note?: string): Promise<Outcome> {
  const id = Number(extensionId);
  const extension = Number.isInteger(id) && id > 0 ? await loadExtension(ctx.db, id) : undefined;
  if (!extension) throw new UserError('找不到这份延期申请，请刷新卡片后再试。');
  const detail = (await loadDetail(ctx.db, extension.itemId))!;
  assertNotArchived(detail.item);
  const at = { item: detail.item, extension, away: await awaySet(ctx.db, localDate(ctx.now)) };
  authorize(ctx.dir, ctx.actor, 'decide_extension', at);
  const acting = actingDecider(ctx.dir, 'decide_extension', at);
  const decider = `${ctx.actor.name}${acting ? onBehalfOf(ctx.dir, acting) : ''}`;
  if (extension.status !== 'pending') throw new UserError(`这份延期申请已${extension.status === 'granted' ? '同意' : '不同意'}，无需再处理。`);
  if (detail.item.status === 'completed') throw new UserError(`督查事项 ${detail.item.id} 已办结，无需延期。`);
  const why = note?.trim() || null;
  if (decision === 'refuse' && !why) throw new UserError('请填写不同意延期的理由。');

  const granted = decision === 'grant';
  if (granted) await assertWithinCeiling(ctx, detail.item, extension.requestedDue);
  const item = updateItem(
    ctx,
    detail.item,
    granted
      ? {
          dueOn: extension.requestedDue,
          dueExplicit: true,
          dueProvisional: false,
          dueMetAt: null,
          satisfiedByProgress: false,
          dueExplanation: `依据第四十条：因客观因素不能按期办结，经 ${decider} 同意延长办理时限至 ${extension.requestedDue}（原期限 ${extension.previousDue}）`,
        }
      : {},
  );
  const updated = updateExtension(ctx, extension, { status: granted ? 'granted' : 'refused', decidedBy: ctx.actor.id, decidedAt: ctx.now, decisionNote: why });
  ctx.effects.statements.push(...item.statements, ...updated.statements);
  const message = text(
    granted
      ? `${decider} 同意 ${detail.item.id}「${detail.item.title}」延期，办理期限延至 ${formatDateZh(extension.requestedDue)}。`
      : `${decider} 不同意 ${detail.item.id}「${detail.item.title}」延期：${why}。请按原期限 ${formatDateZh(extension.previousDue)} 办结。`,
  );
  const audience = [
    ...unitRecipients(ctx.dir, extension.unitId),
    { to: toPerson(extension.requestedBy), tag: `person:${extension.requestedBy}` },
    ...officeRecipients(ctx.dir),
  ].filter((r, i, all) => all.findIndex((o) => o.tag === r.tag) === i);
  for (const r of audience) ctx.effects.pushes.push({ to: r.to, message, key: `${extensionSubject(extension.id)}:${decision}:${r.tag}` });
  auditItem(
    ctx,
    detail.item.id,
    granted ? 'extension_granted' : 'extension_refused',
    granted ? `${decider} 同意延期至 ${extension.requestedDue}` : `${decider} 不同意延期：${why}`,
    { extensionId: extension.id, ...(acting ? decisionRecord(acting, ctx.actor.id) : {}) },
  );
  refreshExtensionCard(ctx, updated.next, item.next);
  await refreshItemCards(ctx, { ...detail, item: item.next, extensions: detail.extensions.map((e) => (e.id === extension.id ? updated.next : e)) });
  return { text: granted ? `已同意延期至 ${extension.requestedDue}。` : '已不同意延期。', card: extensionCard(updated.next, item.next, ctx.dir) };
}
