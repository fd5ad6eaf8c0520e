import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { cliCommands } from '../../src/cli/index';
import { runCli } from '../../src/cli/run';
import { loadCalendar } from '../../src/core/calendar/load';
import { loadDirectory } from '../../src/core/org/directory';
import { exportLedger } from '../../src/export/ledger-export';
import { LEDGER_COLUMNS, LEDGER_SHEET } from '../../src/export/ledger-columns';
import { makeHarness, type Harness } from '../helpers/harness';
import { sandboxUser } from '../helpers/sandbox';
import { at, cast, clickButton, footprint, latestCard, register, said, supervisionHarness } from './helpers';

let h: Harness;
afterEach(() => h?.close());

/**
 * Four items on 2026-10-12: a leader instruction due 10-10 (red), a standing meeting due 10-15
 * (3 working days: green), an upper directive due 10-13 (yellow), and a completed, archived
 * district document for 司法局 (white).
 */
async function ledger() {
  h = await supervisionHarness('2026-09-24T09:00:00');
  const p = cast(h);
  const standing = await register(p.office, '来源=常务会议 标题=老旧小区改造 主办=住建局 协办=兴隆镇 会议日期=2026-09-24');
  at(h, '2026-09-30T09:00:00');
  const leader = await register(p.office, '来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 收文日期=2026-09-30');
  const upper = await register(p.office, '来源=上级批示 标题=防汛检查 主办=兴隆镇 期限=2026-10-13 文号=市防指〔2026〕5号');
  const archived = await register(p.office, '来源=区政府文件 标题=法治政府建设 主办=司法局 期限=2026-10-30');
  for (const id of [standing, leader, upper, archived]) await p.office.say(`/督办 交办 ${id} 领导=赵明`);
  await sandboxUser(h, 'tangwei').say(`/办结 ${archived} 已完成`);
  await clickButton(p.office, await latestCard(p.office, '办理结果报告'), '审核通过');
  await p.office.say(`/督办 归档 ${archived}`);
  at(h, '2026-10-12T09:00:00');
  return { p, standing, leader, upper, archived };
}

/** What the page's 下载 button does: POST to the link. */
const download = (path: string) => h.app.request(path, { method: 'POST' });

const listed = (text: string) => [...text.matchAll(/\*\*(DB-\d{4}-\d{4})\*\*/g)].map((m) => m[1]);

describe('Art. 40 督查台账: /台账 with filters', () => {
  it.each([
    ['', ['standing', 'leader', 'upper', 'archived']],
    ['单位=住建局', ['standing', 'leader']],
    ['单位=兴隆镇', ['standing', 'upper']],
    ['来源=领导批示', ['leader']],
    ['来源=上级批示', ['upper']],
    ['来源=上级文件', []],
    ['状态=已归档', ['archived']],
    ['状态=已交办', ['standing', 'leader', 'upper']],
    ['灯=红', ['leader']],
    ['灯=黄', ['upper']],
    ['灯=绿', ['standing']],
    ['灯=白', ['archived']],
    ['1个工作日内到期', ['upper']],
    ['3个工作日内到期', ['standing', 'upper']],
    ['单位=住建局 灯=绿 3个工作日内到期', ['standing']],
  ] as Array<[string, string[]]>)('/台账 %s', async (filter, expected) => {
    const items = await ledger();
    const [reply] = await items.p.office.say(`/台账 ${filter}`.trim());
    expect(listed(said(reply!))).toEqual(expected.map((k) => items[k as 'standing']));
  });

  it('shows the light counts and the export button to the office', async () => {
    const { p } = await ledger();
    const text = said((await p.office.say('/台账'))[0]!);
    expect(text).toContain('共 **4** 项　🔴 1　🟡 1　🟢 1　⚪ 1');
    expect(text).toContain('[导出台账]');
    expect(said((await p.zhaoming.say('/台账'))[0]!)).not.toContain('[导出台账]');
  });

  it('a unit head sees only the items of their unit', async () => {
    const { p, standing, leader } = await ledger();
    expect(listed(said((await p.zjjHead.say('/台账'))[0]!))).toEqual([standing, leader]);
    expect(listed(said((await p.zjjLiaison.say('/台账 单位=兴隆镇'))[0]!))).toEqual([standing]);
  });
});

describe('ledger export (XLSX with exceljs, CSV with BOM)', () => {
  it('the XLSX opens with the expected sheet, columns and rows, archived items included', async () => {
    const { standing, leader, upper, archived } = await ledger();
    const file = await exportLedger({ db: h.db, dir: await loadDirectory(h.db), calendar: await loadCalendar(h.db), now: h.clock.now() }, {}, 'xlsx');
    expect(file.filename).toBe('督查台账-2026-10-12.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.body) as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([LEDGER_SHEET]);
    const sheet = workbook.getWorksheet(LEDGER_SHEET)!;
    const row = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1).map((v) => (v === undefined || v === null ? '' : String(v)));
    expect(row(1)).toEqual(LEDGER_COLUMNS.map((c) => c.header));
    expect(sheet.rowCount).toBe(5);
    const column = (header: string) => LEDGER_COLUMNS.findIndex((c) => c.header === header);
    const rows = [2, 3, 4, 5].map(row);
    expect(rows.map((r) => r[0])).toEqual([standing, leader, upper, archived]);
    expect(rows[0]![column('办理期限')]).toBe('2026-10-15');
    expect(rows[0]![column('来源')]).toBe('常务会议');
    expect(rows[0]![column('协办单位')]).toBe('兴隆镇');
    // The basis names its article once (it used to repeat it: 第四十条：依据第四十条：…).
    expect(rows[0]![column('期限依据')]).toBe('依据第四十条：区政府常务会议决定事项的落实情况，应在会后10个工作日内报送');
    expect(rows[1]![column('督办灯')]).toBe('🔴已逾期');
    expect(rows[2]![column('文号/批示')]).toBe('市防指〔2026〕5号');
    expect(rows[3]![column('状态')]).toBe('已归档');
    expect(rows[3]![column('最新报告')]).toBe('司法局 办理结果报告 第1轮：审核通过');
    expect(rows[3]![column('交办领导')]).toBe('赵明');
  });

  it('the CSV starts with a BOM and has the same header and rows', async () => {
    await ledger();
    const file = await exportLedger(
      { db: h.db, dir: await loadDirectory(h.db), calendar: await loadCalendar(h.db), now: h.clock.now() },
      { unitId: 'zjj' },
      'csv',
    );
    const bytes = file.body;
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(LEDGER_COLUMNS.map((c) => c.header).join(','));
    expect(lines).toHaveLength(3);
    expect(file.contentType).toBe('text/csv; charset=utf-8');
  });
});

describe('ledger download link for office staff', () => {
  it('/台账 导出 issues a short-lived link that serves the XLSX and the CSV', async () => {
    const { p } = await ledger();
    const [reply] = await p.office.say('/台账 导出 单位=住建局');
    const text = said(reply!);
    expect(text).toContain('督查台账导出（单位=住建局）：Excel 和 CSV 文件随后发到这里。');
    expect(text).toContain('链接 15 分钟内有效');
    const xlsxPath = /\/exports\/ledger\.xlsx\?token=[\w-]+/.exec(text)![0];
    const csvPath = /\/exports\/ledger\.csv\?token=[\w-]+/.exec(text)![0];

    const xlsx = await download(xlsxPath);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('督查台账-2026-10-12.xlsx')}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ExcelJS.Buffer);
    expect(workbook.getWorksheet(LEDGER_SHEET)!.rowCount).toBe(3);

    const csv = await download(csvPath);
    expect(csv.status).toBe(200);
    expect([...new Uint8Array(await csv.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('an unused link dies after 15 minutes', async () => {
    const { p } = await ledger();
    const xlsxPath = /\/exports\/ledger\.xlsx\?token=[\w-]+/.exec(said((await p.office.say('/台账 导出'))[0]!))![0];
    at(h, '2026-10-12T09:16:00');
    const expired = await download(xlsxPath);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('下载链接已过期');
  });

  it('with PUBLIC_BASE_URL set, the links are absolute and clickable in chat', async () => {
    h = await makeHarness({ now: '2026-10-12T09:00:00+08:00', env: { PUBLIC_BASE_URL: 'https://duban.example.gov.cn/' } });
    const [reply] = await sandboxUser(h, 'linxiaomei').say('/台账 导出');
    expect(said(reply!)).toMatch(/Excel：https:\/\/duban\.example\.gov\.cn\/exports\/ledger\.xlsx\?token=[\w-]+/);
    expect(said(reply!)).not.toContain('PUBLIC_BASE_URL');
  });

  it('a made-up token, and anyone outside the office, get nothing', async () => {
    const { p } = await ledger();
    expect((await h.app.request('/exports/ledger.xlsx?token=not-a-real-token-at-all')).status).toBe(403);
    expect((await h.app.request('/exports/ledger.xlsx')).status).toBe(403);
    const before = await footprint(h);
    expect(said((await p.zjjHead.say('/台账 导出'))[0]!)).toBe('台账导出仅限区政府办督查人员。');
    expect(await footprint(h)).toEqual(before);
  });

  it('the 导出台账 button sends the files and the fallback links to the clicker', async () => {
    const { p } = await ledger();
    await p.office.say('/台账 灯=红');
    const card = await latestCard(p.office, '督查台账');
    const clicked = await clickButton(p.office, card, '导出台账');
    expect(clicked.toast.text).toBe('台账文件已发送到与督办助手的单聊。');
    expect(said(clicked.replies[0])).toContain('督查台账导出（灯=红）');
    expect(clicked.replies.slice(1).map((r) => r.message.file)).toEqual(
      ['xlsx', 'csv'].map((format) => ({ type: 'ledger', format, filters: { light: 'red' }, requestedBy: 'linxiaomei' })),
    );
  });
});

describe('export links: one download, by the person they were made for, recorded', () => {
  const exportPaths = async (p: Awaited<ReturnType<typeof ledger>>['p']) => {
    const text = said((await p.office.say('/台账 导出'))[0]!);
    return { text, xlsx: /\/exports\/ledger\.xlsx\?token=[\w-]+/.exec(text)![0], csv: /\/exports\/ledger\.csv\?token=[\w-]+/.exec(text)![0] };
  };

  it('the reply says exactly what the link is', async () => {
    const { p } = await ledger();
    const { text } = await exportPaths(p);
    expect(text).toContain('每个链接只能下载一次');
    expect(text).toContain('下载记录在您名下');
    expect(text).not.toContain('仅限本人使用');
  });

  it('opening a link shows whom it was made for and a download button, and spends nothing (link previews)', async () => {
    const { p } = await ledger();
    const { xlsx } = await exportPaths(p);
    for (let i = 0; i < 2; i++) {
      const page = await h.app.request(xlsx);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      const html = await page.text();
      expect(html).toContain('林小梅');
      expect(html).toContain('<form method="post"');
      expect(html).toContain('下载 Excel');
    }
    expect((await download(xlsx)).status).toBe(200);
  });

  it('a link downloads once; the other format has its own link', async () => {
    const { p } = await ledger();
    const { xlsx, csv } = await exportPaths(p);
    expect((await download(xlsx)).status).toBe(200);
    const again = await download(xlsx);
    expect(again.status).toBe(403);
    expect(await again.text()).toContain('已使用过');
    expect((await h.app.request(xlsx)).status).toBe(403);
    expect((await download(csv)).status).toBe(200);
  });

  it('each download is recorded against the person the link was made for', async () => {
    const { p } = await ledger();
    const { csv } = await exportPaths(p);
    await download(csv);
    const downloads = await h.db.select().from(auditLog).where(eq(auditLog.action, 'export_downloaded'));
    expect(downloads).toEqual([
      expect.objectContaining({ actorId: 'linxiaomei', subjectType: 'ledger', subjectId: 'export', detail: { format: 'csv', filters: {} } }),
    ]);
  });
});

describe('CLI: ledger export', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'duban-ledger-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const cli = async (...argv: string[]) => {
    let out = '';
    let err = '';
    const code = await runCli(argv, cliCommands, {
      db: async () => h.db,
      now: h.clock.now(),
      actor: 'ops',
      readFile: (p) => readFileSync(p, 'utf8'),
      out: (t) => void (out += t),
      err: (t) => void (err += t),
    });
    return { code, out, err };
  };

  it('writes the XLSX and the CSV with BOM', async () => {
    await ledger();
    const xlsx = join(dir, 'ledger.xlsx');
    expect(await cli('ledger', 'export', '--format', 'xlsx', '--out', xlsx)).toMatchObject({ code: 0, out: `已导出 4 项督查事项至 ${xlsx}（XLSX）。` });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    expect(workbook.getWorksheet(LEDGER_SHEET)!.rowCount).toBe(5);
    const csv = join(dir, 'ledger.csv');
    expect(await cli('ledger', 'export', '--format', 'csv', '--out', csv, '--filter', '灯=红')).toMatchObject({
      code: 0,
      out: `已导出 1 项督查事项至 ${csv}（CSV）。`,
    });
    expect(readFileSync(csv, 'utf8').startsWith('\uFEFF编号,')).toBe(true);
  });

  it('bad options are Chinese errors with exit code 2', async () => {
    await ledger();
    expect(await cli('ledger', 'export', '--format', 'pdf', '--out', join(dir, 'x'))).toMatchObject({ code: 2, err: '请用 --format 指定格式：xlsx 或 csv。' });
    expect(await cli('ledger', 'export', '--format', 'csv')).toMatchObject({ code: 2, err: '请用 --out 指定写入的文件路径，例如 --out 台账.xlsx。' });
    expect((await cli('ledger', 'export', '--format', 'csv', '--out', join(dir, 'x'), '--filter', '灯=紫')).err).toContain('「灯=紫」不是可选的督办灯');
  });
});
