import { cardMessage, fileMessage } from '../src/core/messages';
import { ledgerCard } from '../src/core/supervision/ledger-card';
import { describeFilters, ledgerScope, loadLedger, parseLedgerFilters, type LedgerFilters } from '../src/core/supervision/ledger';
import { mayDo, relationsOf, authorize } from '../src/core/supervision/permissions';
import { EXPORT_FORMATS, type ExportFormat } from '../src/export/ledger-export';
import { EXPORT_TOKEN_TTL_MS, issueExportTokens } from '../src/export/tokens';
import type { CommandContext } from './types';
import { defineCommand } from './types';

export const LEDGER_USAGE = [
  '/台账',
  '/台账 单位=住建局 来源=领导批示 状态=办理中 灯=红',
  '/台账 3个工作日内到期',
  '/台账 导出 单位=住建局',
];

/**
 * `/台账 导出` for office staff: the Excel and CSV files themselves, as file messages generated when
 * they are sent, and first a note with short-lived one-time download links as the fallback.
 */
export async function exportLedgerFiles(ctx: CommandContext, filters: LedgerFilters): Promise<void> {
  authorize(ctx.dir, ctx.actor, 'export_ledger');
  const { tokens, expiresAt, statements } = await issueExportTokens(ctx.db, ctx.actor.id, filters, ctx.realNow);
  ctx.effects.statements.push(...statements);
  ctx.effects.audits.push({ subjectType: 'ledger', subjectId: 'export', action: 'export_link_issued', detail: { filters, expiresAt: expiresAt.toISOString() } });
  const condition = describeFilters(filters, ctx.dir);
  const links = Object.fromEntries(EXPORT_FORMATS.map((format) => [format, ctx.link(`/exports/ledger.${format}?token=${tokens[format]}`)])) as Record<ExportFormat, string>;
  ctx.reply([
    `督查台账导出${condition ? `（${condition}）` : ''}：Excel 和 CSV 文件随后发到这里。`,
    `如未收到文件，可用下面的链接下载：链接 ${EXPORT_TOKEN_TTL_MS / 60000} 分钟内有效，每个链接只能下载一次，下载记录在您名下（请勿转发）：`,
    `Excel：${links.xlsx}`,
    `CSV：${links.csv}`,
    ...(ctx.link('/').startsWith('/') ? ['（在督办助手服务地址后打开；设置 PUBLIC_BASE_URL 后这里显示完整链接）'] : []),
  ].join('\n'));
  for (const format of EXPORT_FORMATS) ctx.reply(fileMessage({ type: 'ledger', format, filters, requestedBy: ctx.actor.id }, links[format]));
}

/** `/台账`: the ledger with filters (Art. 40 督查台账); `/台账 导出` for a download link. */
export const ledgerCommand = defineCommand<{ exporting: boolean; filters: LedgerFilters }>({
  name: 'ledger',
  zh: '台账',
  summary: '督查台账：按单位、来源、状态、督办灯、到期时间筛选；导出 Excel/CSV',
  usage: LEDGER_USAGE,
  parse(args, ctx) {
    const text = args.trim();
    const exporting = /^(导出|export)(\s|$)/.test(text);
    return { exporting, filters: parseLedgerFilters(exporting ? text.replace(/^\S+/, '') : text, ctx.dir) };
  },
  async run(ctx, { exporting, filters }) {
    if (exporting) {
      await exportLedgerFiles(ctx, filters);
      return;
    }
    const scope = ledgerScope(ctx.dir, ctx.actor);
    const rows = await loadLedger(ctx.db, await ctx.calendar(), ctx.now, filters, scope);
    const canExport = mayDo('export_ledger', relationsOf(ctx.dir, ctx.actor));
    ctx.reply(cardMessage(ledgerCard(rows, filters, ctx.dir, { canExport })));
  },
});
