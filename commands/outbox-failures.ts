import { UserError } from '../src/core/errors';
import { cardMessage, md, type Block, type Card } from '../src/core/messages';
import type { Directory } from '../src/core/org/directory';
import { formatInstantZh } from '../src/core/time';
import {
  countFailedDeliveries,
  failedDelivery,
  listFailedDeliveries,
  mayReviewDeliveries,
  retryDeliveryStatements,
  type FailedDelivery,
} from '../src/outbox/failures';
import type { CardAction, CommandContext } from './types';
import { OFFICE_ROLES } from './roles';
import { defineCommand } from './types';

const DEFAULT_SHOWN = 10;
const MAX_SHOWN = 50;
const RETRY_ACTION = 'outbox.retry';
/** Every failures card shown is about this subject, so a retry by one office member updates the others' cards. */
const SUBJECT = 'outbox:failures';

const OP_ZH: Record<FailedDelivery['op'], string> = { send: '消息', refresh: '卡片更新', urgent: '加急提醒' };
const PLATFORM_ZH: Record<string, string> = { feishu: '飞书', dingtalk: '钉钉', sandbox: '沙盒' };

function assertMayReview(ctx: CommandContext) {
  if (!mayReviewDeliveries(ctx.actor)) {
    throw new UserError('投递失败记录仅区政府办督查人员可以查看和处理。如需了解某条消息是否送达，请联系区政府办。');
  }
}

function recipientZh(dir: Directory, f: FailedDelivery): string {
  if (f.recipientType === 'person') {
    const person = dir.person(f.recipientId);
    return person ? `${person.name}（${dir.unit(person.unitId)?.name ?? person.unitId}）` : `人员 ${f.recipientId}`;
  }
  if (f.recipientType === 'unit_chat') return `${dir.unit(f.recipientId)?.name ?? f.recipientId}群`;
  if (f.recipientType === 'platform_user') return `未登记账号 ${f.recipientId}`;
  return `「${f.recipientId}」已发出的卡片`;
}

function failuresCard(dir: Directory, shown: FailedDelivery[], total: number): Card {
  if (total === 0) {
    return { title: '投递失败记录', colour: 'green', blocks: [{ type: 'markdown', text: md`目前没有投递失败的消息。` }] };
  }
  const blocks: Block[] = shown.flatMap((f): Block[] => [
    {
      type: 'markdown',
      text: md`**#${f.id} ${PLATFORM_ZH[f.platform] ?? f.platform}${OP_ZH[f.op]} → ${recipientZh(dir, f)}**\n原因：${f.reason}\n${formatInstantZh(f.createdAt)} 生成 · 已尝试 ${f.attempts} 次`,
    },
    { type: 'buttons', buttons: [{ label: '重新投递', action: RETRY_ACTION, payload: { id: String(f.id) }, style: 'primary' }] },
    { type: 'divider' },
  ]);
  blocks.push({
    type: 'note',
    text: md`${total > shown.length ? `共 ${total} 条，显示最近 ${shown.length} 条。` : ''}先排除原因（如把机器人拉入群聊、为人员登记平台账号），再点「重新投递」。`,
  });
  return { title: `投递失败记录（${total} 条）`, colour: 'red', blocks };
}

/** `/投递失败`: the government office's view of messages that could not be delivered. */
export const outboxFailuresCommand = defineCommand<{ shown: number }>({
  name: 'failures',
  zh: '投递失败',
  roles: OFFICE_ROLES,
  summary: '区政府办：查看未能送达的消息并重新投递',
  usage: ['/投递失败', '/投递失败 30'],
  parse(args, ctx) {
    assertMayReview(ctx);
    const word = args.trim();
    if (!word) return { shown: DEFAULT_SHOWN };
    const shown = Number(word);
    if (!/^\d+$/.test(word) || shown < 1 || shown > MAX_SHOWN) {
      throw new UserError(`显示条数须为 1–${MAX_SHOWN} 之间的整数，例如 /投递失败 20。`);
    }
    return { shown };
  },
  async run(ctx, { shown }) {
    const [failures, total] = await Promise.all([listFailedDeliveries(ctx.db, { limit: shown }), countFailedDeliveries(ctx.db)]);
    ctx.reply(cardMessage(failuresCard(ctx.dir, failures, total)), { subject: SUBJECT });
  },
});

/** 「重新投递」: puts one failed delivery back in the queue and answers with the shortened list. */
export const outboxRetryAction: CardAction = {
  action: RETRY_ACTION,
  async run(ctx, payload) {
    assertMayReview(ctx);
    const id = Number(payload.id);
    if (!Number.isInteger(id) || id <= 0) throw new UserError('按钮数据有误，请重新发送 /投递失败 查看最新列表。');
    const row = await failedDelivery(ctx.db, id);
    if (!row) throw new UserError(`#${id} 已不在失败列表中（可能已被他人重新投递），请重新发送 /投递失败 查看最新列表。`);
    ctx.effects.statements.push(...retryDeliveryStatements(ctx.db, row, ctx.now));
    ctx.effects.audits.push({ subjectType: 'outbox', subjectId: String(id), action: 'retry', detail: { reason: row.lastError } });
    ctx.effects.conflictMessage = `#${id} 刚刚已被他人重新投递。`;
    const [failures, total] = await Promise.all([listFailedDeliveries(ctx.db, { limit: DEFAULT_SHOWN + 1 }), countFailedDeliveries(ctx.db)]);
    const card = failuresCard(ctx.dir, failures.filter((f) => f.id !== id).slice(0, DEFAULT_SHOWN), total - 1);
    ctx.effects.refreshes.push({ subject: SUBJECT, card, key: `${SUBJECT}:retry:${id}:${ctx.now.getTime()}` });
    return { toast: { kind: 'success', text: `#${id} 已重新排入投递队列` }, card };
  },
};
