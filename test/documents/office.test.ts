import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { create, docCard, docCast, INCOMING, sign, supervisionHarness } from './helpers';
import { clickButton } from '../supervision/helpers';

let h: Harness;
afterEach(() => h?.close());

async function signIn(personId: string): Promise<string> {
  const res = await h.app.request('/office/login/sandbox', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `person=${personId}`,
  });
  expect(res.status).toBe(303);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}
const get = (path: string, cookie: string) => h.app.request(path, { headers: { cookie } });

/** A 来文 forwarded into an item and a 发文 signed to its 文号. */
async function twoDocuments() {
  h = await supervisionHarness('2026-12-01T09:00:00');
  const p = docCast(h);
  const incoming = await create(p.office, `${INCOMING} 类别=需领导批示`);
  await sign(p.head, incoming, '批示', { text: '请住建局牵头 <script>alert(1)</script>' });
  await sign(p.zhaoming, incoming, '同意');
  await clickButton(p.office, await docCard(p.office, incoming), '转办并立项督办', { lead: '住建局' });
  const outgoing = await create(p.office, '/发文 起草 类别=区政府办名义 标题=关于调整值班安排的通知');
  await sign(p.executive, outgoing, '签发', {}, '发文');
  return { incoming, outgoing };
}

describe('Art. 61, 62 on the /office dashboard: a page of documents and the register as a file', () => {
  it('lists both documents with their state, opens one with its sign-off record; user text is escaped', async () => {
    const { incoming, outgoing } = await twoDocuments();
    const cookie = await signIn('linxiaomei');
    const list = await (await get('/office/documents', cookie)).text();
    expect(list).toContain('<a href="/office/documents">公文</a>');
    expect(list).toContain('关于做好冬季供暖保障工作的通知');
    expect(list).toContain('已转办，督办中');
    expect(list).toContain('牡东政办发〔2026〕1号');
    expect(list).toContain('id="export-documents-xlsx"');
    const one = await (await get(`/office/documents/${incoming}`, cookie)).text();
    expect(one).toContain('陈志远 批示');
    expect(one).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(one).not.toContain('<script>alert(1)</script>');
    expect((await get('/office/documents/999', cookie)).status).toBe(404);
    expect(outgoing).toBe(incoming + 1);
  });

  it('the search box finds by title, 文号, sender and 批示 text; every word required; bad input named in Chinese; typed text escaped', async () => {
    const { incoming, outgoing } = await twoDocuments();
    const cookie = await signIn('zhaoming');
    const rows = (html: string) => [...html.matchAll(/<a href="\/office\/documents\/(\d+)">/g)].map((m) => Number(m[1]));
    const find = async (q: string) => (await get(`/office/documents?q=${encodeURIComponent(q)}`, cookie)).text();
    const heating = await find('供暖');
    expect(rows(heating)).toEqual([incoming]);
    expect(heating).toContain('<mark>供暖</mark>');
    expect(heating).toContain('搜索「供暖」：共 1 件');
    expect(rows(await find('牡东政办发'))).toEqual([outgoing]);
    expect(rows(await find('市政府 牡政发'))).toEqual([incoming]);
    expect(rows(await find('牵头'))).toEqual([incoming]);
    expect(rows(await find('供暖 值班'))).toEqual([]);
    expect(await find('供暖 值班')).toContain('没有找到');
    const refused = await find('"供暖" OR');
    expect(refused).toContain('搜索词不能包含引号');
    expect(rows(refused).sort()).toEqual([incoming, outgoing].sort());
    const typed = await find('<script>x</script>');
    expect(typed).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(typed).not.toContain('<script>x</script>');
  });

  it('the office exports the register as XLSX (the ledger’s writer); a deputy sees the page but may not export', async () => {
    await twoDocuments();
    const office = await signIn('linxiaomei');
    const res = await get('/office/export/documents.xlsx', office);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('公文登记簿-2026-12-01.xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('公文登记簿')!;
    const row = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)));
    expect(row(1).slice(0, 5)).toEqual(['编号', '收发', '类别', '标题', '文号']);
    expect(row(2).slice(0, 5)).toEqual(['2', '发文', '区政府办名义', '关于调整值班安排的通知', '牡东政办发〔2026〕1号']);
    expect(row(3)[9]).toContain('第1轮 区长审签（陈志远）：陈志远 批示「请住建局牵头 <script>alert(1)</script>」');

    const deputy = await signIn('zhaoming');
    expect((await get('/office/documents', deputy)).status).toBe(200);
    expect((await get('/office/export/documents.xlsx', deputy)).status).toBe(403);
  });
});
