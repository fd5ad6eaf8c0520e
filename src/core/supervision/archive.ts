/** 办结归档 (Art. 40): the office archives a completed item; archived items are read-only. */
import { citing, UserError } from '../errors';
import { assertNotArchived, auditItem, refreshItemCards, updateItem } from './change';
import { authorize } from './permissions';
import { requireDetail } from './store';
import type { Outcome, SupervisionCtx } from './types';

export async function archiveItem(ctx: SupervisionCtx, itemId: string): Promise<Outcome> {
  const detail = await requireDetail(ctx.db, itemId);
  authorize(ctx.dir, ctx.actor, 'archive', { item: detail.item });
  assertNotArchived(detail.item);
  if (detail.item.status !== 'completed') {
    throw new UserError(citing(40, `只有已办结的督查事项才能归档，${detail.item.id} 尚未办结（办结须审核通过主办单位的办理结果报告）。`));
  }
  const { next, statements } = updateItem(ctx, detail.item, { status: 'archived', archivedAt: ctx.now });
  ctx.effects.statements.push(...statements);
  auditItem(ctx, next.id, 'archived', `区政府办 ${ctx.actor.name} 归档`);
  await refreshItemCards(ctx, { ...detail, item: next });
  return { text: `督查事项 ${next.id} 已归档，此后只读，仍保留在台账和导出中。` };
}
