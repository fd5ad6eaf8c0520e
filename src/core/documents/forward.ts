/**
 * 转办 (Art. 61): "区政府办公室根据区政府领导批示意见将文件转相关部门办理，并做好督办、反馈". One
 * step: the office names the units and the bot registers and issues the supervision item — source
 * 领导批示 (上级批示 for an upper-level document), the 批示 kept as its content, the Art. 40
 * deadline counted from the day of the 批示 on the working calendar.
 */
import type { DomainContext } from '../context';
import { citing, UserError } from '../errors';
import type { ActionResponse } from '../messages';
import { buildRegistration, type RegistrationFields } from '../supervision/registration';
import { insertItem } from '../supervision/register';
import { issueItem } from '../supervision/issue';
import { localDate } from '../time';
import { documentCard } from './cards';
import { auditDoc, isOffice, refreshDocCards, updateDoc } from './flow';
import { currentRound, requireDoc } from './store';
import { docName, type Doc } from './types';

export interface ForwardFields {
  lead?: string;
  assisting?: string;
  due?: string;
}

export async function forwardDocument(ctx: DomainContext, rawId: string | undefined, fields: ForwardFields): Promise<ActionResponse> {
  if (!isOffice(ctx.actor)) throw new UserError(citing(61, '来文由区政府办根据领导批示转相关部门办理，只有区政府办工作人员可以转办。'));
  const d = await requireDoc(ctx.db, rawId, 'incoming');
  if (d.doc.status !== 'to_forward') {
    const why = d.doc.status === 'forwarded' ? `已转办（督查事项 ${d.doc.itemId}）` : '尚未经领导审定完毕';
    return { toast: { kind: 'info', text: `${docName(d.doc)}${why}，无需转办。` }, card: documentCard(ctx.dir, d, 'office') };
  }
  if (!fields.lead?.trim()) throw new UserError('请填写主办单位，例如「主办=住建局」。');
  const decided = currentRound(d).filter((s) => s.decidedAt);
  const instructions = decided.filter((s) => s.status === 'instructed' && s.comment);
  // The deadline runs from the 批示 (the latest one); with none, from the last leader's sign-off.
  const last = (instructions.length ? instructions : decided).at(-1)!;
  const instructedOn = localDate(last.decidedAt!);
  const leader = ctx.dir.person(last.decidedById ?? '') ?? ctx.dir.person(last.addresseeId ?? '');
  if (!leader) throw new UserError('找不到作出批示的领导，请核对通讯录。');
  const content = instructions.map((s) => `${ctx.dir.person(s.decidedById ?? '')?.name ?? ''}批示：${s.comment}`).join('\n');
  const registrationFields: RegistrationFields = {
    来源: d.doc.upperLevel ? '上级批示' : '领导批示',
    标题: d.doc.title,
    内容: content.slice(0, 2000),
    主办: fields.lead.trim(),
    收文日期: instructedOn,
  };
  if (d.doc.reference) registrationFields.文号 = d.doc.reference;
  if (fields.assisting?.trim()) registrationFields.协办 = fields.assisting.trim();
  if (fields.due?.trim()) registrationFields.期限 = fields.due.trim();
  const registration = buildRegistration(registrationFields, ctx.dir, await ctx.calendar(), localDate(ctx.now));
  const detail = await insertItem(ctx, registration);
  const issued = await issueItem(ctx, detail, leader, `区政府办 ${ctx.actor.name} 根据${docName(d.doc)}的领导批示转办（第六十一条）`);

  const { next: doc, statements } = updateDoc(ctx, d.doc, { status: 'forwarded', itemId: detail.item.id, closedAt: ctx.now });
  ctx.effects.statements.push(...statements);
  const after: Doc = { doc, steps: d.steps };
  refreshDocCards(ctx, after);
  auditDoc(ctx, doc, 'forwarded', `${ctx.actor.name} 转办，立项督查事项 ${detail.item.id}，期限 ${detail.item.dueOn}`, {
    itemId: detail.item.id,
    instructedOn,
  });
  return {
    toast: {
      kind: 'success',
      text: `已转办并立项 ${detail.item.id}，办理期限 ${detail.item.dueOn}（${registration.deadline.explanation.replace(/^依据/, '')}，自 ${instructedOn} 批示起算）。${issued.text}`,
    },
    card: documentCard(ctx.dir, after, 'office'),
  };
}
