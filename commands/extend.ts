import { parseDateZh } from '../src/core/dates/parse-zh';
import { UserError } from '../src/core/errors';
import { cardMessage } from '../src/core/messages';
import { EXTENSION_EXAMPLE, requestExtension } from '../src/core/supervision/extensions';
import { localDate } from '../src/core/time';
import { itemFormCard, itemPickerCard, replyOutcome, splitItem } from './task-shared';
import { UNIT_ROLES } from './roles';
import { defineCommand } from './types';

/** 原因/进展/下一步 start a part only at the start or after a space or punctuation (not inside "因进展缓慢"). */
const MARKER = /(^|[\s，,；;。])(原因|进展情况|进展|下一步工作打算|下一步)[:：]?/g;
const PART: Record<string, 'reason' | 'progress' | 'nextSteps'> = {
  原因: 'reason',
  进展情况: 'progress',
  进展: 'progress',
  下一步工作打算: 'nextSteps',
  下一步: 'nextSteps',
};

export function parseExtensionParts(text: string): { reason?: string; progress?: string; nextSteps?: string } {
  const marks = [...text.matchAll(MARKER)].map((m) => ({ part: PART[m[2]!]!, start: m.index + m[1]!.length, valueStart: m.index + m[0].length }));
  const parts: { reason?: string; progress?: string; nextSteps?: string } = {};
  marks.forEach((m, i) => {
    if (parts[m.part] !== undefined)
      throw new UserError(`「${m.part === 'reason' ? '原因' : m.part === 'progress' ? '进展' : '下一步'}」写了两次，请合并为一段。`);
    parts[m.part] = text
      .slice(m.valueStart, i + 1 < marks.length ? marks[i + 1]!.start : text.length)
      .trim()
      .replace(/[，,；;。]$/, '');
  });
  return parts;
}

/** `/延期`: ask for a later deadline before the current one (Art. 40); after it, a late explanation. */
export const extendCommand = defineCommand<{ itemId?: string; date?: string; parts: ReturnType<typeof parseExtensionParts> }>({
  name: 'extend',
  zh: '延期',
  roles: UNIT_ROLES,
  summary: '申请延长办理时限（期限前提出；逾期后作为逾期说明记录）',
  usage: [EXTENSION_EXAMPLE],
  parse(args, ctx) {
    const { itemId, rest } = splitItem(args);
    if (!itemId) return { parts: {} };
    const [dateWord, ...others] = rest.split(/\s+/);
    if (!dateWord) return { itemId, parts: {} };
    const date = parseDateZh(dateWord, localDate(ctx.now), 'ahead');
    const parts = parseExtensionParts(others.join(' '));
    const missing = (['reason', 'progress', 'nextSteps'] as const)
      .filter((p) => !parts[p])
      .map((p) => ({ reason: '原因', progress: '进展', nextSteps: '下一步' })[p]);
    if (missing.length) {
      throw new UserError(
        `依据《工作规则》第四十条，申请延期须报告原因、进展情况和下一步工作打算，缺少：${missing.join('、')}。例如：\n${EXTENSION_EXAMPLE}`,
        40,
      );
    }
    return { itemId, date, parts };
  },
  async run(ctx, { itemId, date, parts }) {
    if (!itemId) return ctx.reply(cardMessage(await itemPickerCard(ctx, 'extension', EXTENSION_EXAMPLE)));
    if (!date) return ctx.reply(cardMessage(await itemFormCard(ctx, itemId, 'extension')));
    replyOutcome(ctx, await requestExtension(ctx, itemId, { requestedDue: date, ...parts }));
  },
});
