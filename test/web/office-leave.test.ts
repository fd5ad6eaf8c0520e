import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from '../helpers/harness';
import { sandboxUser } from '../helpers/sandbox';
import { approvedLeave, file } from '../leave/helpers';

let h: Harness;
afterEach(() => h?.close());

const SECRET = 'office-session-secret-0123456789abcdef';
const MAJUN_APPROVERS = ['zhaoming', 'chenzhiyuan'];

async function signIn(personId: string): Promise<string> {
  const res = await h.app.request('/office/login/sandbox', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `person=${personId}`,
  });
  return res.headers.get('set-cookie')!.split(';')[0]!;
}
const get = (path: string, cookie: string) => h.app.request(path, { headers: { cookie } });

async function setup() {
  h = await makeHarness({ now: '2026-09-20T09:00:00+08:00', env: { SESSION_SECRET: SECRET } });
  await approvedLeave(h, 'majun', '/请假 9月28日-10月10日 出省 因私 北京 探亲', MAJUN_APPROVERS);
  await approvedLeave(h, 'majun', '/请假 10月15日 省内其他市 因公 目的地==HYPERLINK("https://evil.example") 事由=<script>alert(1)</script>', MAJUN_APPROVERS);
  const withdrawn = await file(h, 'dengpeng', '/请假 10月20日-21日 出省 因公 沈阳 参加培训');
  await sandboxUser(h, 'dengpeng').say(`/请假 撤回 ${withdrawn}`);
  await file(h, 'dengpeng', '/请假 9月21日 省内其他市 因公 哈尔滨 开会 紧急 原因：接上级临时通知');
}

describe('Art. 68 the office leave ledger (/office/leave)', () => {
  it('office staff and leaders see everyone’s requests and the per-person yearly totals on the 调休 calendar; user text stays inert', async () => {
    await setup();
    for (const viewer of ['linxiaomei', 'chenzhiyuan', 'zhoumin']) {
      const res = await get('/office/leave', await signIn(viewer));
      expect(res.status, viewer).toBe(200);
      const html = await res.text();
      expect(html).toContain('<a href="/office/leave">请假台账</a>');
      expect(html).toContain('共 4 件');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).not.toContain('<script>alert(1)');
      expect(html).toMatch(
        /<tr data-person="majun">.*?已批准次数" class="num">2<.*?工作日 7 天，日历日 14 天.*?工作日 1 天，日历日 1 天.*?工作日 6 天，日历日 13 天/s,
      );
      expect(html).toMatch(/<tr data-person="dengpeng">.*?已批准次数" class="num">0<.*?未计入" class="num">2</s);
    }
    // A unit's liaison is not an office user (the dashboard's rule).
    expect((await get('/office/leave', await signIn('songjia'))).status).toBe(403);
  });

  it('filters by person, unit, date range, scope, purpose and emergency', async () => {
    await setup();
    const office = await signIn('linxiaomei');
    const count = async (query: string) => /共 (\d+) 件/.exec(await (await get(`/office/leave?${query}`, office)).text())![1];
    expect(await count('person=majun')).toBe('2');
    expect(await count('unit=zjj')).toBe('2');
    expect(await count('from=2026-10-01&to=2026-10-16')).toBe('2');
    expect(await count('scope=out_of_province')).toBe('2');
    expect(await count('purpose=official')).toBe('3');
    expect(await count('emergency=yes')).toBe('1');
    expect(await count('emergency=no&unit=xlz&purpose=private')).toBe('1');
    expect(await count('year=2025')).toBe('0');
  });

  it('bad filters get Chinese errors naming the value, and no filter applies', async () => {
    await setup();
    const res = await get('/office/leave?from=2026-13-01&scope=moon&year=26&person=nobody', await signIn('linxiaomei'));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('开始日期「2026-13-01」须为日期，格式 YYYY-MM-DD');
    expect(html).toContain('外出范围「moon」不是可选的范围');
    expect(html).toContain('统计年度：年份「26」无法识别');
    expect(html).toContain('请假人「nobody」不在通讯录中');
    expect(html).toContain('共 4 件');
    const reversed = await (await get('/office/leave?from=2026-10-10&to=2026-10-01', await signIn('linxiaomei'))).text();
    expect(reversed).toContain('开始日期 2026-10-10 晚于结束日期 2026-10-01');
  });

  it('office staff export the filtered ledger as CSV and Excel (formula text neutralised); leaders may not export', async () => {
    await setup();
    const office = await signIn('linxiaomei');
    const csv = await (await get('/office/export/leave.csv?person=majun', office)).text();
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('编号,请假人,单位,职务,外出范围,性质,开始日期,结束日期,目的地,事由,紧急,状态,销假时间,计入日历日,计入工作日,提交时间,代为请假');
    expect(lines).toHaveLength(4);
    expect(csv).toContain(
      `马军,兴隆镇,镇长,省内其他市(地),因公,2026-10-15,2026-10-15,"'=HYPERLINK(""https://evil.example"")",<script>alert(1)</script>,否,已批准,,1,1,`,
    );
    expect(csv).toContain('马军,兴隆镇,镇长,出省,因私,2026-09-28,2026-10-10,北京,探亲,否,已批准,,13,6,');
    const withdrawn = await (await get('/office/export/leave.csv?unit=zjj&emergency=no', office)).text();
    expect(withdrawn).toContain('沈阳,参加培训,否,已撤回,,,,');
    const xlsx = await get('/office/export/leave.xlsx', office);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect(xlsx.headers.get('content-disposition')).toContain(encodeURIComponent('请假台账'));
    expect((await get('/office/export/leave.csv?year=abc', office)).status).toBe(400);
    const head = await signIn('chenzhiyuan');
    expect((await get('/office/export/leave.csv', head)).status).toBe(403);
    expect(await (await get('/office/leave', head)).text()).toContain('请假台账导出仅限区政府办工作人员。');
  });
});
