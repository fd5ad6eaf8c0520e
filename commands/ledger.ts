import { cardMessage, fileMessage, type Card } from '../src/core/messages';
import { ledgerCard } from '../src/core/supervision/ledger-card';
import { describeFilters, ledgerScope, loadLedger, parseLedgerFilters, type LedgerFilters } from '../src/core/supervision/ledger';
import { mayDo, relationsOf, authorize } from '../src/core/supervision/permissions';
import { searchLedger } from '../src/core/supervision/search';
import { searchCard } from '../src/core/supervision/search-card';
import { parseSearchQuery, type SearchQuery } from '../src/core/supervision/search-query';
import { EXPORT_FORMATS, type ExportFormat } from '../src/export/ledger-export';
import { EXPORT_TOKEN_TTL_MS, issueExportTokens } from '../src/export/tokens';
import type { CardAction, CommandContext } from './types';
import { defineCommand } from './types';

export const LEDGER_USAGE = [
  '/台账',
  '/台账 单位=住建局 来源=领导批示 状态=办理中 灯=红',
  '/台账 3个工作日内到期',
  '/台账 导出 单位=住建局',
  '/台账 搜索 供暖',
  '/台账 搜索 老旧小区 住建局 第2页',
];

const SEARCH_PAGE = /\s第(\d{1,4})页$/;

/** `/台账 搜索 <词>`: the items of the actor's ledger scope holding every word, best first, one page. */
async function searchLedgerCard(ctx: CommandContext, query: SearchQuery, page: number): Promise<Card> {
  const scope = ledgerScope(ctx.dir, ctx.actor);
  return searchCard(await searchLedger(ctx.db, await ctx.calendar(), ctx.now, query, scope, page), ctx.dir);
}

/** The 上一页/下一页 buttons of the search card: the card turns to that page in place. */
export const searchPageAction: CardAction = {
  action: 'sup.search',
  async run(ctx, payload) {
    const card = await searchLedgerCard(ctx, parseSearchQuery(payload.q ?? ''), Number(payload.page) || 1);
    return { toast: { kind: 'info', text: `第 ${Number(payload.page) || 1} 页` }, card };
  },
};

type LedgerArgs = { kind: 'list'; filters: LedgerFilters } | { kind: 'export'; filters: LedgerFilters } | { kind: 'search'; query: SearchQuery; page: number };

/**
 * `/台账 导出` for office staff: the Excel and CSV files themselves, as file messages generated when
 * they are sent, and first a note with short-lived one-time download links as the fallback.
 */
export async function exportLedgerFiles(ctx: CommandContext, filters: LedgerFilters): Promise<void> {
  authorize(ctx.dir, ctx.actor, 'export_ledger');
  const { tokens, expiresAt, statements } = await issueExportTokens(ctx.db, ctx.actor.id, filters, ctx.realNow);
  ctx.effects.statements.push(...statements);
  ctx.effects.audits.push({
    subjectType: 'ledger',
    subjectId: 'export',
    action: 'export_link_issued',
    detail: { filters, expiresAt: expiresAt.toISOString() },
  });
  const condition = describeFilters(filters, ctx.dir);
  const links = Object.fromEntries(EXPORT_FORMATS.map((format) => [format, ctx.link(`/exports/ledger.${format}?token=${tokens[format]}`)])) as Record<
    ExportFormat,
    string
  >;
  ctx.reply(
    [
      `督查台账导出${condition ? `（${condition}）` : ''}：Excel 和 CSV 文件随后发到这里。`,
      `如未收到文件，可用下面的链接下载：链接 ${EXPORT_TOKEN_TTL_MS / 60000} 分钟内有效，每个链接只能下载一次，下载记录在您名下（请勿转发）：`,
      `Excel：${links.xlsx}`,
      `CSV：${links.csv}`,
      ...(ctx.link('/').startsWith('/') ? ['（在督办助手服务地址后打开；设置 PUBLIC_BASE_URL 后这里显示完整链接）'] : []),
    ].join('\n'),
  );
  for (const format of EXPORT_FORMATS) ctx.reply(fileMessage({ type: 'ledger', format, filters, requestedBy: ctx.actor.id }, links[format]));
}

/** `/台账`: the ledger with filters (Art. 40 督查台账); `/台账 导出` for a download link. */
export const ledgerCommand = defineCommand<LedgerArgs>({
  name: 'ledger',
  zh: '台账',
  summary: '督查台账：按单位、来源、状态、督办灯、到期时间筛选；按关键词搜索；导出 Excel/CSV',
  usage: LEDGER_USAGE,
  parse(args, ctx): LedgerArgs {
    const text = args.trim();
    if (/^(搜索|search)(\s|$)/.test(text)) {
      const words = text.replace(/^\S+/, '').normalize('NFKC').trim();
      const page = SEARCH_PAGE.exec(` ${words}`);
      return { kind: 'search', query: parseSearchQuery(page ? ` ${words}`.slice(0, page.index) : words), page: page ? Number(page[1]) : 1 };
    }
    const exporting = /^(导出|export)(\s|$)/.test(text);
    return { kind: exporting ? 'export' : 'list', filters: parseLedgerFilters(exporting ? text.replace(/^\S+/, '') : text, ctx.dir) };
  },
  async run(ctx, args) {
    if (args.kind === 'search') {
      ctx.reply(cardMessage(await searchLedgerCard(ctx, args.query, args.page)));
      return;
    }
    const { filters } = args;
    if (args.kind === 'export') {
      await exportLedgerFiles(ctx, filters);
      return;
    }
    const scope = ledgerScope(ctx.dir, ctx.actor);
    const rows = await loadLedger(ctx.db, await ctx.calendar(), ctx.now, filters, scope);
    const canExport = mayDo('export_ledger', relationsOf(ctx.dir, ctx.actor));
    ctx.reply(cardMessage(ledgerCard(rows, filters, ctx.dir, { canExport })));
  },
});
