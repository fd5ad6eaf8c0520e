/** The office corrects an item (`/督办 修改 DB-… 键=值`): the whole item is re-validated. */
import { eq } from 'drizzle-orm';
import { supervisionMilestones } from '../../../db/schema';
import { UserError } from '../errors';
import { text } from '../messages';
import { formatDateZh, localDate } from '../time';
import { approvalCard, unitName } from './cards';
import { itemLight } from './light';
import { assertNotArchived, auditItem, refreshItemCards, updateItem } from './change';
import { pushUnitNotice } from './issue';
import { authorize } from './permissions';
import { unitRecipients } from './recipients';
import { itemFacts } from './register';
import { buildRegistration, fieldsOf, type RegistrationFields, type RegistrationKey } from './registration';
import { requireDetail } from './store';
import type { Outcome, SupervisionCtx } from './types';

/** Keys that move the deadline: only editing one of them recomputes it (a granted extension stays otherwise). */
const DEADLINE_KEYS: readonly RegistrationKey[] = ['来源', '收文日期', '会议日期', '交办日期', '期限', '节点', '复杂'];
/** Who carries the item and where it came from are settled once the notice is out. */
const FIXED_AFTER_ISSUE: readonly RegistrationKey[] = ['来源', '主办'];

export async function editItem(ctx: SupervisionCtx, itemId: string, changes: RegistrationFields): Promise<Outcome> {
  const detail = await requireDetail(ctx.db, itemId);
  const { item } = detail;
  authorize(ctx.dir, ctx.actor, 'edit', { item });
  assertNotArchived(item);
  if (item.status === 'completed') throw new UserError(`督查事项 ${item.id} 已办结，不能再修改。`);
  const keys = Object.keys(changes) as RegistrationKey[];
  if (keys.length === 0) throw new UserError(`请写明要修改的项，例如：/督办 修改 ${item.id} 标题=新标题 期限=2026-12-20`);
  const fixed = keys.filter((k) => FIXED_AFTER_ISSUE.includes(k));
  if (item.status !== 'draft' && fixed.length) {
    throw new UserError(`督查通知已发出，不能再修改${fixed.map((k) => `「${k}=」`).join('')}。如需变更，请办结后另行登记。`);
  }
  const today = localDate(ctx.now);
  const registration = buildRegistration({ ...fieldsOf(item, detail.milestones, ctx.dir), ...changes }, ctx.dir, await ctx.calendar(), today);
  const facts = itemFacts(registration);
  const recompute = keys.some((k) => DEADLINE_KEYS.includes(k));
  const deadline = recompute
    ? { dueMetAt: facts.dueOn === item.dueOn ? item.dueMetAt : null }
    : {
        dueOn: item.dueOn,
        dueProvisional: item.dueProvisional,
        dueExplicit: item.dueExplicit,
        dueArticle: item.dueArticle,
        dueExplanation: item.dueExplanation,
        satisfiedByProgress: item.satisfiedByProgress,
      };
  const { next, statements } = updateItem(ctx, item, { ...facts, ...deadline });
  const milestones = registration.milestones.map((m, i) => ({ itemId: item.id, seq: i + 1, dueOn: m.dueOn, title: m.title }));
  ctx.effects.statements.push(
    ...statements,
    ctx.db.delete(supervisionMilestones).where(eq(supervisionMilestones.itemId, item.id)),
    ...milestones.map((m) => ctx.db.insert(supervisionMilestones).values(m)),
  );
  const dueChanged = next.dueOn !== item.dueOn;
  auditItem(ctx, item.id, 'edited', `${ctx.actor.name} 修改：${keys.join('、')}${dueChanged ? `；办理期限由 ${item.dueOn} 改为 ${next.dueOn}` : ''}`, {
    keys,
    before: item.dueOn,
    after: next.dueOn,
  });
  if (dueChanged && item.status !== 'draft') {
    const message = text(`督查事项 ${item.id}「${next.title}」的办理期限调整为 ${formatDateZh(next.dueOn)}（原 ${formatDateZh(item.dueOn)}）。`);
    for (const unitId of [next.leadUnitId, ...next.assistingUnitIds]) {
      for (const r of unitRecipients(ctx.dir, unitId)) ctx.effects.pushes.push({ to: r.to, message, key: `item:${item.id}:v${next.version}:due:${r.tag}` });
    }
  }
  const after = { ...detail, item: next, milestones };
  await refreshItemCards(ctx, after);
  // A unit added as assisting after the notice went out gets the notice too.
  const added = item.status === 'draft' ? [] : next.assistingUnitIds.filter((u) => !item.assistingUnitIds.includes(u));
  if (added.length) {
    const light = itemLight(next, await ctx.calendar(), ctx.now);
    for (const unitId of added) pushUnitNotice(ctx, after, unitId, light, next.source === 'leader_instruction');
  }
  return {
    text: `已修改督查事项 ${item.id}。${dueChanged ? `办理期限：${next.dueOn}。` : ''}${added.length ? `督查通知已发送至新增协办单位 ${added.map((u) => unitName(ctx.dir, u)).join('、')}。` : ''}`,
    card: item.status === 'draft' ? approvalCard(after, ctx.dir) : undefined,
  };
}
