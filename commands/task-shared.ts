/** Glue shared by the supervision commands and card actions: replies, toasts, item pickers. */
import { inArray } from 'drizzle-orm';
import { supervisionItems } from '../db/schema';
import { UserError } from '../src/core/errors';
import { cardMessage, md, type ActionResponse, type Card, type FormInput } from '../src/core/messages';
import { submittedFormCard } from '../src/core/submitted-form';
import { actorUnitsOn } from '../src/core/supervision/permissions';
import { reportFormCard, type FormKind } from '../src/core/supervision/cards';
import { assertOpenForUnits } from '../src/core/supervision/change';
import { authorize } from '../src/core/supervision/permissions';
import { requireDetail } from '../src/core/supervision/store';
import type { Outcome } from '../src/core/supervision/types';
import type { CommandContext } from './types';

/** A core outcome as a chat reply: its card (under its subject, so it is refreshed later) or its text. */
export function replyOutcome(ctx: CommandContext, outcome: Outcome): void {
  if (outcome.card) ctx.reply(cardMessage(outcome.card), { subject: outcome.subject });
  else ctx.reply(outcome.text);
}

/** A core outcome as a click response: a toast, and the clicked card's new version if any. */
export function toResponse(outcome: Outcome): ActionResponse {
  return { toast: { kind: 'success', text: outcome.text }, card: outcome.card };
}

/** A form's submission as a click response: the toast, and the form card turned into the record of what was submitted. */
export function toRecord(outcome: Outcome, form: Card, values: Record<string, string>): ActionResponse {
  return { toast: { kind: 'success', text: outcome.text }, card: submittedFormCard(form, values, outcome.text) };
}

/** `DB-2026-0001 其余文字` → the number (if the first word looks like one) and the rest. */
export function splitItem(args: string): { itemId?: string; rest: string } {
  const text = args.trim();
  const match = /^(\S+)\s*([\s\S]*)$/.exec(text);
  if (!match || !/^db[-－]/i.test(match[1]!.normalize('NFKC'))) return { rest: text };
  return { itemId: match[1], rest: match[2]!.trim() };
}

const PICKER_TITLES: Record<FormKind | 'ack', string> = {
  ack: '签收督查通知',
  plan: '提交工作计划',
  progress: '报送办理进展',
  completion: '报送办理结果（办结）',
  extension: '申请延期',
};

/**
 * Typed without an item number: a form listing the open items of the actor's units (docs/commands.md:
 * a command without arguments opens a form card).
 */
export async function itemPickerCard(ctx: CommandContext, kind: FormKind | 'ack', usage: string): Promise<Card> {
  const items = (
    await ctx.db
      .select()
      .from(supervisionItems)
      .where(inArray(supervisionItems.status, ['issued', 'in_progress']))
  ).filter((item) => actorUnitsOn(ctx.dir, ctx.actor, item).length > 0 && (kind !== 'extension' || item.leadUnitId === ctx.actor.unitId));
  if (items.length === 0) throw new UserError(`您所在单位目前没有可${PICKER_TITLES[kind]}的督查事项。用法：${usage}`);
  const inputs: FormInput[] = [
    { kind: 'select', name: 'item', label: '督查事项', required: true, options: items.map((i) => ({ label: `${i.id} ${i.title}`, value: i.id })) },
  ];
  if (kind === 'extension') {
    inputs.push(
      { kind: 'date', name: 'date', label: '申请延至', required: true },
      { kind: 'textarea', name: 'reason', label: '原因', required: true },
      { kind: 'textarea', name: 'progress', label: '进展情况', required: true },
      { kind: 'textarea', name: 'next', label: '下一步工作打算', required: true },
    );
  } else if (kind !== 'ack') {
    inputs.push({
      kind: 'textarea',
      name: 'text',
      label: kind === 'plan' ? '落实措施和时间安排' : kind === 'progress' ? '办理进展情况' : '办理结果',
      required: true,
    });
  }
  return {
    title: PICKER_TITLES[kind],
    colour: 'blue',
    blocks: [
      {
        type: 'form',
        name: kind,
        inputs,
        submit:
          kind === 'ack'
            ? { label: '签收', action: 'sup.ack', style: 'primary' }
            : { label: '提交', action: 'sup.submit', payload: { kind }, style: 'primary' },
      },
      { type: 'note', text: md`也可直接发送：${usage}` },
    ],
  };
}

const FORM_ACTIONS = { plan: 'plan', progress: 'report', completion: 'report', extension: 'request_extension' } as const;
const FORM_WHAT: Record<FormKind, string> = { plan: '提交工作计划', progress: '报送办理进展', completion: '报送办理结果', extension: '申请延期' };

/** The form for one item, offered only to someone who may submit it (checked in the core's policy). */
export async function itemFormCard(ctx: CommandContext, itemId: string, kind: FormKind): Promise<Card> {
  const { item } = await requireDetail(ctx.db, itemId);
  assertOpenForUnits(item, FORM_WHAT[kind]);
  authorize(ctx.dir, ctx.actor, FORM_ACTIONS[kind], { item });
  return reportFormCard(item, kind);
}
