import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from '../helpers/harness';
import { approveAll, say } from '../meetings/helpers';

let h: Harness;
afterEach(() => h?.close());

const SECRET = 'office-session-secret-0123456789abcdef';

async function signIn(personId: string): Promise<string> {
  const res = await h.app.request('/office/login/sandbox', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `person=${personId}`,
  });
  return res.headers.get('set-cookie')!.split(';')[0]!;
}
const get = (path: string, cookie: string) => h.app.request(path, { headers: { cookie } });

describe('/office/meetings and /office/seals (Art. 50–57, 64)', () => {
  it('the meetings page lists meetings with agenda, minutes and the items they became; district-wide meetings with the override reason', async () => {
    h = await makeHarness({ now: '2026-09-21T09:00:00+08:00', env: { SESSION_SECRET: SECRET } });
    await say(h, 'linxiaomei', '/会议 安排 类别=常务会议 名称=第9次常务会议 日期=9月24日');
    await say(h, 'dengpeng', '/会议 议题 会议=1 标题=老旧小区改造实施方案');
    await say(h, 'dengpeng', '/全区会议 名称=全区城建工作会议 日期=10月12日');
    await say(h, 'linxiaomei', '/全区会议 名称=全区物业推进会 日期=12月28日 单位=住建局 例外理由=省里临时部署');
    h.clock.set('2026-09-24T16:00:00+08:00');
    await say(h, 'linxiaomei', '/会议 纪要 1\n老旧小区改造｜住建局');
    await approveAll(h, '会议纪要', 1, ['liujianguo', 'chenzhiyuan']);
    const res = await get('/office/meetings', await signIn('linxiaomei'));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('第9次常务会议');
    expect(html).toContain('老旧小区改造实施方案（审批中）');
    expect(html).toContain('已签发');
    expect(html).toContain('DB-2026-0001');
    expect(html).toContain('省里临时部署');
    expect(html).toContain('<a href="/office/meetings">会议</a>');
  });

  it('the seal log shows who signed; the office exports it as CSV (user text stays inert); others may not export', async () => {
    h = await makeHarness({ now: '2026-12-01T09:00:00+08:00', env: { SESSION_SECRET: SECRET } });
    await say(h, 'zhangli', '/用印 印章=区政府 事由==HYPERLINK("https://evil.example") <script>alert(1)</script> 份数=2');
    await approveAll(h, '用印申请', 1, ['chenzhiyuan']);
    const office = await signIn('linxiaomei');
    const page = await (await get('/office/seals', office)).text();
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('陈志远');
    const csv = await (await get('/office/export/seals.csv', office)).text();
    expect(csv.split('\r\n')[0]).toBe('编号,印章,事由,份数,申请单位,申请人,申请时间,状态,签批人,签批时间');
    expect(csv).toContain(`1,区政府印章,"'=HYPERLINK(""https://evil.example"") <script>alert(1)</script>",2,住建局,张丽`);
    expect(csv).toContain('已签批,陈志远');
    const xlsx = await get('/office/export/seals.xlsx', office);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect((await get('/office/export/seals.csv', await signIn('chenzhiyuan'))).status).toBe(403);
  });
});
