/** Card buttons and forms of the supervision cards (`sup.*`); every check happens in the core. */
import { parseDateZh } from '../src/core/dates/parse-zh';
import { UserError } from '../src/core/errors';
import { cardMessage } from '../src/core/messages';
import { archiveItem } from '../src/core/supervision/archive';
import { reportFormCard, type FormKind } from '../src/core/supervision/cards';
import { decideExtension, requestExtension } from '../src/core/supervision/extensions';
import { approveItem, declineItem, sendForApproval } from '../src/core/supervision/issue';
import { SOURCE_LABELS_ZH, sourceFromZh, sourceLabel, type SupervisionSource } from '../src/core/rules/deadlines';
import { parseLedgerFilters } from '../src/core/supervision/ledger';
import { registerItem } from '../src/core/supervision/register';
import { receiveReport, reviewReport, signOff, submitReport } from '../src/core/supervision/reports';
import { requireDetail } from '../src/core/supervision/store';
import { acknowledge, submitPlan } from '../src/core/supervision/units';
import { urgeItem } from '../src/core/supervision/urge';
import { localDate } from '../src/core/time';
import { exportLedgerFiles } from './ledger';
import { fieldsFromForm, registrationFormCard } from './task-form';
import { itemFormCard, replyOutcome, toRecord, toResponse } from './task-shared';
import type { CardAction, CommandContext } from './types';

const FORM_KINDS: readonly FormKind[] = ['plan', 'progress', 'completion', 'extension'];

function formKind(value: string | undefined): FormKind {
  if (!FORM_KINDS.includes(value as FormKind)) throw new UserError('这个按钮已失效，请发送 /帮助 查看可用命令。');
  return value as FormKind;
}

/** A button's decision, exactly one of `allowed`: a tampered or stale payload decides nothing. */
function decisionOf<T extends string>(value: string | undefined, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new UserError('这个按钮已失效，请刷新卡片后再试。');
  return value as T;
}

/** The source chosen on the first registration card (Art. 39), or a Chinese error listing them. */
function sourceOf(value: string | undefined): SupervisionSource {
  const source = value ? sourceFromZh(value) : undefined;
  if (!source) throw new UserError(`请选择来源：${SOURCE_LABELS_ZH.join('、')}。`);
  return source;
}

function itemOf(payload: Record<string, string>, form: Record<string, string>): string {
  const id = payload.item ?? form.item;
  if (!id) throw new UserError('请选择督查事项。');
  return id;
}

async function submitForm(ctx: CommandContext, payload: Record<string, string>, form: Record<string, string>) {
  const kind = formKind(payload.kind);
  const itemId = itemOf(payload, form);
  if (kind === 'plan') return submitPlan(ctx, itemId, form.text);
  if (kind === 'progress' || kind === 'completion') return submitReport(ctx, itemId, kind, form.text);
  if (!form.date?.trim()) throw new UserError('请填写申请延至的日期。');
  const requestedDue = parseDateZh(form.date, localDate(ctx.now), 'ahead');
  return requestExtension(ctx, itemId, { requestedDue, reason: form.reason, progress: form.progress, nextSteps: form.next });
}

export const supervisionActions: CardAction[] = [
  {
    action: 'sup.register',
    async run(ctx, payload, form) {
      const source = sourceOf(payload.source ?? form.source);
      const outcome = await registerItem(ctx, fieldsFromForm({ ...form, source: payload.source ?? form.source ?? '' }));
      replyOutcome(ctx, outcome);
      return toRecord(outcome, registrationFormCard(ctx.dir, source), form);
    },
  },
  {
    action: 'sup.register_form',
    async run(ctx, _payload, form) {
      const source = sourceOf(form.source);
      return { toast: { kind: 'info', text: `请填写${sourceLabel(source)}事项的登记信息。` }, card: registrationFormCard(ctx.dir, source) };
    },
  },
  { action: 'sup.send_for_approval', run: async (ctx, payload, form) => toResponse(await sendForApproval(ctx, itemOf(payload, {}), form.leader)) },
  { action: 'sup.approve', run: async (ctx, payload) => toResponse(await approveItem(ctx, itemOf(payload, {}))) },
  { action: 'sup.decline', run: async (ctx, payload, form) => toResponse(await declineItem(ctx, itemOf(payload, {}), form.reason)) },
  { action: 'sup.ack', run: async (ctx, payload, form) => toResponse(await acknowledge(ctx, itemOf(payload, form))) },
  {
    action: 'sup.form',
    async run(ctx, payload) {
      // The form goes to the clicker's own chat, not into the unit's group card.
      ctx.reply(cardMessage(await itemFormCard(ctx, itemOf(payload, {}), formKind(payload.kind))));
      return { toast: { kind: 'info', text: '已在与督办助手的单聊中发送填写表单。' } };
    },
  },
  {
    action: 'sup.submit',
    async run(ctx, payload, form) {
      const outcome = await submitForm(ctx, payload, form);
      const { item } = await requireDetail(ctx.db, itemOf(payload, form));
      return toRecord(outcome, reportFormCard(item, formKind(payload.kind)), form);
    },
  },
  {
    action: 'sup.signoff',
    run: async (ctx, payload, form) => toResponse(await signOff(ctx, payload.report, decisionOf(payload.decision, ['approve', 'send_back']), form.reason)),
  },
  { action: 'sup.receive', run: async (ctx, payload) => toResponse(await receiveReport(ctx, payload.report)) },
  {
    action: 'sup.review',
    run: async (ctx, payload, form) =>
      toResponse(
        await reviewReport(ctx, payload.report, decisionOf(payload.decision, ['accept', 'return']), {
          reason: form.reason,
          publish: payload.publish === undefined ? undefined : payload.publish === '1',
          evidence: form.evidence === '1',
        }),
      ),
  },
  {
    action: 'sup.extension',
    run: async (ctx, payload, form) => toResponse(await decideExtension(ctx, payload.extension, decisionOf(payload.decision, ['grant', 'refuse']), form.note)),
  },
  { action: 'sup.archive', run: async (ctx, payload) => toResponse(await archiveItem(ctx, itemOf(payload, {}))) },
  { action: 'sup.urge', run: async (ctx, payload) => toResponse(await urgeItem(ctx, itemOf(payload, {}))) },
  {
    action: 'sup.export',
    async run(ctx, payload) {
      await exportLedgerFiles(ctx, parseLedgerFilters(payload.filters ?? '', ctx.dir));
      return { toast: { kind: 'success', text: '台账文件已发送到与督办助手的单聊。' } };
    },
  },
];
