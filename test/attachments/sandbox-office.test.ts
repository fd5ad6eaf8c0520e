import { afterEach, describe, expect, it } from 'vitest';
import { attachments } from '../../db/schema';
import type { Harness } from '../helpers/harness';
import { textOf } from '../helpers/sandbox';
import { at, cast, clickButton, item, latestCard, register, said, supervisionHarness, timeline } from '../supervision/helpers';
import { HTML, PDF, PNG } from './samples';
import ExcelJS from 'exceljs';
import { ATTACHMENT_SHEET, exportLedger } from '../../src/export/ledger-export';
import { LEDGER_COLUMNS, LEDGER_SHEET } from '../../src/export/ledger-columns';
import { loadDirectory } from '../../src/core/org/directory';
import { loadCalendar } from '../../src/core/calendar';

let h: Harness;
afterEach(() => h?.close());

/** An issued item for 住建局 (lead) and 兴隆镇 with a progress report by 张丽 at 10:00. */
async function reported() {
  h = await supervisionHarness('2026-09-30T09:00:00');
  const p = cast(h);
  const id = await register(p.office, '来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 协办=兴隆镇 收文日期=2026-09-30');
  await p.office.say(`/督办 交办 ${id} 领导=赵明`);
  at(h, '2026-09-30T10:00:00');
  await p.zjjLiaison.say(`/进展 ${id} 已完成排查，正在整改`);
  return { p, id };
}

/** POST /sandbox/api/attachments as the sandbox page does. */
async function upload(as: string, name: string, bytes: Uint8Array, extra: Record<string, string> = {}) {
  const form = new FormData();
  form.set('as', as);
  for (const [k, v] of Object.entries(extra)) form.set(k, v);
  form.set('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
  const res = await h.app.request('/sandbox/api/attachments', { method: 'POST', body: form });
  return { status: res.status, body: (await res.json()) as any };
}

async function signIn(personId: string): Promise<string> {
  const res = await h.app.request('/office/login/sandbox', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `person=${personId}`,
  });
  return res.headers.get('set-cookie')!.split(';')[0]!;
}
const get = (path: string, cookie?: string) => h.app.request(path, { headers: cookie ? { cookie } : {} });

describe('佐证材料 in the sandbox and on /office', () => {
  it('uploads a picture right after the report: attached, confirmed, on the timeline with a thumbnail', async () => {
    const { id } = await reported();
    at(h, '2026-09-30T10:03:00');
    const sent = await upload('zhangli', '现场照片.png', PNG);
    expect(sent.status).toBe(200);
    expect(sent.body.replies.map((r: any) => r.message.text)).toEqual([
      '已将「现场照片.png」作为佐证材料附在 DB-2026-0001「冬季供暖投诉处理」的办理进展报告（第1轮）上。',
    ]);
    const [row] = await h.db.select().from(attachments);
    expect(row).toMatchObject({ itemId: id, name: '现场照片.png', mime: 'image/png', uploaderId: 'zhangli', targetKind: 'report' });
    expect(await timeline(h, id)).toContain('张丽为办理进展报告（第1轮）添加佐证材料「现场照片.png」');
    // The head's card to sign off is updated in place with the count.
    const signer = await latestCard(cast(h).zjjHead, '办理进展报告');
    expect(textOf(signer.message)).toContain(`佐证材料: 1 份（发送 /督办 查看 ${id} 查看清单，督办台可打开）`);
    expect(textOf(signer.message)).toContain('[审签通过]');
    expect((await clickButton(cast(h).zjjHead, signer, '审签通过')).toast.text).toContain('已审签');

    const office = await signIn('linxiaomei');
    const page = await (await get(`/office/items/${id}`, office)).text();
    expect(page).toContain('佐证材料（1）');
    expect(page).toContain(`<img src="/office/files/${row!.id}" alt="现场照片.png"`);
    expect(page).toContain('办理进展报告（第1轮） · 张丽');
  });

  it('a file sent after a plan or an extension request shows as a count on that card, updated in place and kept after the decision', async () => {
    const { p, id } = await reported();
    at(h, '2026-09-30T11:00:00');
    await p.zjjLiaison.say(`/计划 ${id} 1. 10月5日前完成排查；2. 10月9日前完成整改`);
    expect(textOf((await latestCard(p.office, '工作计划')).message)).not.toContain('佐证材料');
    await upload('zhangli', '排查方案.pdf', PDF);
    const plan = await latestCard(p.office, '工作计划');
    expect(textOf(plan.message)).toContain(`佐证材料: 1 份（发送 /督办 查看 ${id} 查看清单，督办台可打开）`);
    expect((await h.db.select().from(attachments)).map((a) => a.targetKind)).toEqual(['plan']);

    at(h, '2026-10-08T09:00:00');
    await p.zjjLiaison.say(`/延期 ${id} 10月20日 原因：管材供货延迟 进展：已完成80%点位整改 下一步：10月16日前完成剩余点位`);
    await upload('zhangli', '供货说明.png', PNG);
    await upload('zhangli', '合同.pdf', PDF);
    const asked = await latestCard(p.zhaoming, '延期申请');
    expect(textOf(asked.message)).toContain(`佐证材料: 2 份（发送 /督办 查看 ${id} 查看清单，督办台可打开）`);
    expect(textOf(asked.message)).toContain('[同意延期]');
    expect((await clickButton(p.zhaoming, asked, '同意延期')).toast.text).toBe('已同意延期至 2026-10-20。');
    const decided = await latestCard(p.zhaoming, '延期申请');
    expect(textOf(decided.message)).toContain('佐证材料: 2 份');
    expect(textOf(decided.message)).not.toContain('[同意延期]');
  });

  it('refuses a wrong type, bytes that lie about their type and an upload with no report to attach to — Chinese reply, nothing written', async () => {
    await reported();
    const exe = await upload('zhangli', 'run.exe', PDF);
    expect(exe.body.replies[0].message.text).toBe(
      '不能添加「run.exe」：佐证材料只收图片（JPG、PNG、GIF、WEBP、BMP）、PDF 和 Office 文档（Word、Excel、PowerPoint、WPS）。',
    );
    const html = await upload('zhangli', '照片.jpg', HTML);
    expect(html.body.replies[0].message.text).toBe('不能添加「照片.jpg」：文件内容与扩展名不符，请发送原始的图片、PDF 或 Office 文档。');
    const stranger = await upload('songjia', '照片.png', PNG);
    expect(stranger.body.replies[0].message.text).toBe(
      '要添加佐证材料，请在事项或报告卡片上「回复」发送图片或文件，或在报送后 10 分钟内直接发送。其他操作请发送 /帮助 查看全部命令。',
    );
    at(h, '2026-09-30T10:30:00');
    const late = await upload('zhangli', '照片.png', PNG);
    expect(late.body.replies[0].message.text).toContain('报送后 10 分钟内');
    expect(await h.db.select().from(attachments)).toEqual([]);
    expect((await upload('', 'x.png', PNG)).status).toBe(400);
  });

  it('a reply to the item’s card attaches at any time; another unit’s liaison may not', async () => {
    const { p, id } = await reported();
    at(h, '2026-09-30T16:00:00');
    const notice = (await p.zjjLiaison.inbox()).find((m) => m.message.kind === 'card' && m.message.card.title.startsWith('督查通知'))!;
    const sent = await upload('zhangli', '整改方案.pdf', PDF, { replyTo: notice.messageId });
    expect(sent.body.replies[0].message.text).toBe('已将「整改方案.pdf」作为佐证材料附在 DB-2026-0001「冬季供暖投诉处理」的办理进展报告（第1轮）上。');
    // 宋佳 (兴隆镇, assisting) has not reported: she is told to report first.
    const assisting = (await p.xlzLiaison.inbox()).find((m) => m.message.kind === 'card' && m.message.card.title.startsWith('督查通知'))!;
    const early = await upload('songjia', '照片.png', PNG, { replyTo: assisting.messageId });
    expect(early.body.replies[0].message.text).toBe(`${id} 您单位还没有报送计划或报告：请先报送，再发送佐证材料。`);
    expect(await h.db.select().from(attachments)).toHaveLength(1);
  });

  it('serves a file only to who may see the item: 403 for a liaison of an uninvolved unit, 200 for the unit and the office', async () => {
    const { id } = await reported();
    await upload('zhangli', '现场照片.png', PNG);
    await upload('zhangli', '方案.pdf', PDF);
    const [image, pdf] = await h.db.select().from(attachments);
    const path = `/office/files/${image!.id}`;

    expect((await get(path)).status).toBe(302);
    const other = await get(path, await signIn('lina')); // 教育局 liaison
    expect(other.status).toBe(403);
    expect(await other.text()).toContain(`李娜不能查看 ${id} 的佐证材料`);

    for (const who of ['zhangli', 'dengpeng', 'linxiaomei', 'zhaoming']) {
      const res = await get(path, await signIn(who));
      expect(res.status, who).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(PNG);
    }
    const doc = await get(`/office/files/${pdf!.id}`, await signIn('zhangli'));
    expect(doc.headers.get('content-disposition')).toBe(`attachment; filename="__.pdf"; filename*=UTF-8''${encodeURIComponent('方案.pdf')}`);
    expect((await get('/office/files/999', await signIn('zhangli'))).status).toBe(404);
  });

  it('退回 asks for evidence; the returned card lists what was attached before; a reply to it attaches to the redo; archiving keeps all', async () => {
    const { p, id } = await reported();
    await p.zjjHead.say(`/办结 ${id} 已全部整改到位`);
    await upload('dengpeng', '整改前.png', PNG);
    const report = await latestCard(p.office, '办理结果报告');
    await clickButton(p.office, report, '签收');
    const returned = await clickButton(p.office, await latestCard(p.office, '办理结果报告'), '退回重办', { reason: '缺少整改后照片', evidence: '1' });
    expect(returned.toast.text).toContain('已退回');
    const card = await latestCard(p.zjjLiaison, '报告退回重办');
    expect(textOf(card.message)).toContain('请补充佐证材料');
    expect(textOf(card.message)).toContain('**此前已提交的佐证材料**：整改前.png');
    expect(await timeline(h, id)).toContain('区政府办 林小梅 退回住建局办理结果报告（第1轮）：缺少整改后照片（要求补充佐证材料）');

    at(h, '2026-09-30T15:00:00');
    await p.zjjHead.say(`/办结 ${id} 已全部整改到位，补充整改后照片`);
    at(h, '2026-09-30T16:00:00');
    const redo = await upload('zhangli', '整改后.png', PNG, { replyTo: card.messageId });
    expect(redo.body.replies[0].message.text).toBe(`已将「整改后.png」作为佐证材料附在 ${id}「冬季供暖投诉处理」的办理结果报告（第2轮）上。`);

    await clickButton(p.office, await latestCard(p.office, '办理结果报告'), '签收');
    await clickButton(p.office, await latestCard(p.office, '办理结果报告'), '审核通过');
    expect(said((await p.office.say(`/督办 归档 ${id}`))[0]!)).toContain('已归档');
    expect((await item(h, id)).status).toBe('archived');
    const kept = await h.db.select().from(attachments);
    expect(kept.map((a) => a.name)).toEqual(['整改前.png', '整改后.png']);
    const office = await signIn('linxiaomei');
    expect((await get(`/office/files/${kept[1]!.id}`, office)).status).toBe(200);
    const page = await (await get(`/office/items/${id}`, office)).text();
    expect(page).toContain('办理结果报告（第1轮） · 邓鹏');
    expect(page).toContain('办理结果报告（第2轮） · 张丽');
  });

  it('the XLSX ledger counts each item’s files and lists them with links; /督办 查看 lists them too', async () => {
    const { p, id } = await reported();
    await upload('zhangli', '现场照片.png', PNG);
    const [row] = await h.db.select().from(attachments);
    const file = await exportLedger(
      { db: h.db, dir: await loadDirectory(h.db), calendar: await loadCalendar(h.db), now: h.clock.now(), baseUrl: 'https://duban.example.gov.cn' },
      {},
      'xlsx',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.body) as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([LEDGER_SHEET, ATTACHMENT_SHEET]);
    const ledger = workbook.getWorksheet(LEDGER_SHEET)!;
    const column = LEDGER_COLUMNS.findIndex((c) => c.header === '佐证材料') + 1;
    expect(ledger.getRow(2).getCell(column).value).toBe('1 份');
    const files = workbook.getWorksheet(ATTACHMENT_SHEET)!;
    expect((files.getRow(2).values as unknown[]).slice(1, 4)).toEqual([id, '办理进展报告（第1轮）', '现场照片.png']);
    expect(files.getRow(2).getCell(6).value).toEqual({
      text: `https://duban.example.gov.cn/office/files/${row!.id}`,
      hyperlink: `https://duban.example.gov.cn/office/files/${row!.id}`,
    });

    const [view] = await p.office.say(`/督办 查看 ${id}`);
    expect(said(view!)).toContain('佐证材料**（1 份）');
    expect(said(view!)).toContain('现场照片.png（办理进展报告（第1轮） · 张丽）');
    expect(said(view!)).toContain(`在督办台查看佐证材料：/office/items/${id}#attachments`);
    const [own] = await p.zjjLiaison.say(`/督办 查看 ${id}`);
    expect(said(own!)).toContain('现场照片.png');
    expect(said(own!)).not.toContain('在督办台查看');
  });

  it('a 来文 gets its own attachments from the office (reply to its card); only the office and leaders open them', async () => {
    h = await supervisionHarness('2026-09-30T09:00:00');
    const p = cast(h);
    await p.office.say('/来文 登记 文号=牡政发〔2026〕12号 标题=冬季供暖保障 来文单位=市政府 类别=需领导批示 分管=赵明');
    const card = (await p.office.inbox()).filter((m) => m.message.kind === 'card' && m.message.card.title.startsWith('来文 1｜')).pop()!;
    expect(card).toBeDefined();
    const sent = await upload('linxiaomei', '来文原件.pdf', PDF, { replyTo: card.messageId });
    expect(sent.body.replies[0].message.text).toBe('已将「来文原件.pdf」附在来文 牡政发〔2026〕12号「冬季供暖保障」上。');
    const [row] = await h.db.select().from(attachments);
    expect(row).toMatchObject({ itemId: null, targetKind: 'document', targetId: '1' });
    const byLiaison = await upload('zhangli', '照片.png', PNG, { replyTo: card.messageId });
    expect(byLiaison.body.replies[0].message.text).toBe('来文的附件只能由区政府办督查人员添加。');

    const page = await (await get('/office/documents/1', await signIn('linxiaomei'))).text();
    expect(page).toContain(`<a href="/office/files/${row!.id}" target="_blank" rel="noopener">来文原件.pdf</a>`);
    expect((await get(`/office/files/${row!.id}`, await signIn('zhaoming'))).status).toBe(200);
    const liaison = await get(`/office/files/${row!.id}`, await signIn('zhangli'));
    expect(liaison.status).toBe(403);
    expect(await liaison.text()).toContain('张丽不能查看 来文的附件');
  });
});
