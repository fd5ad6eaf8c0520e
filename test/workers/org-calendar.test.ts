import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { calendarDays, calendarYears, people } from '../../db/schema';
import { loadCalendar } from '../../src/core/calendar';
import { loadDirectory } from '../../src/core/org/directory';
import { importOrg, parseOrgFile, type OrgData } from '../../src/core/org/import';
import { d1Database } from '../../src/workers/deps';

const at = new Date('2026-11-26T01:00:00Z');
const demo = () => parseOrgFile(env.DEMO_ORG_YAML);

/** The demo organisation plus `extra` liaisons in 兴隆镇: enough rows to exceed D1's 100 bound parameters. */
function largeOrg(extra: number): OrgData {
  const org = demo();
  const added = Array.from({ length: extra }, (_, i) => ({
    id: `staff${i}`,
    name: `工作人员${i}`,
    unit: 'xlz',
    post: '科员',
    roles: ['unit_liaison' as const],
    feishu_open_id: `ou_staff_${i}`,
  }));
  return parseOrgFile(stringify({ units: org.units, people: [...org.people, ...added] }));
}

describe('the directory on D1', () => {
  it('imports the demo organisation and reads it back as a directory', async () => {
    const db = d1Database(env);
    const summary = await importOrg(db, demo(), at);
    expect(summary).toMatchObject({ units: 12, people: 28, deactivatedPeople: [], deactivatedUnits: [] });
    const dir = await loadDirectory(db);
    expect(dir.holder('district_head')?.name).toBe('陈志远');
    expect(dir.person('liujianguo')?.abPartnerId).toBe('wangli');
    expect(dir.officeUnit('gov_office')?.name).toBe('区政府办');
    expect(dir.liaisons('zjj').map((p) => p.id)).toEqual(['zhangli']);
    expect(dir.byFeishuOpenId('ou_demo_majun')?.id).toBe('majun');
  });

  it('imports and re-imports an organisation larger than one statement’s 100 bound parameters', async () => {
    const db = d1Database(env);
    await importOrg(db, largeOrg(150), at);
    expect((await loadDirectory(db)).members('xlz')).toHaveLength(152);

    const summary = await importOrg(db, demo(), new Date(at.getTime() + 60_000));
    expect(summary.deactivatedPeople).toHaveLength(150);
    const [gone] = await db.select().from(people).where(eq(people.id, 'staff149'));
    expect(gone).toMatchObject({ active: false, feishuOpenId: null });
    expect((await loadDirectory(db)).members('xlz').map((p) => p.id)).toEqual(['majun', 'songjia']);
  });

  it('a bad file writes nothing', async () => {
    const db = d1Database(env);
    expect(() => parseOrgFile('units: []\npeople: []')).toThrow('未导入任何数据');
    expect(await db.select().from(people)).toEqual([]);
  });
});

describe('the work calendar on D1', () => {
  it('loads imported overrides and years over the package data', async () => {
    const db = d1Database(env);
    await db.insert(calendarYears).values({ year: 2027, sourceUrl: 'https://www.gov.cn/zhengce/content/2027-notice.htm', importedAt: at, importedBy: 'test' });
    await db.insert(calendarDays).values([
      { date: '2027-01-01', kind: 'holiday', name: '元旦', source: 'test' },
      { date: '2027-02-06', kind: 'workday', name: '春节调休上班', source: 'test' },
    ]);
    const calendar = await loadCalendar(db);
    expect(calendar.day('2027-01-01')).toMatchObject({ working: false, known: true, source: 'override', name: '元旦' });
    expect(calendar.day('2027-02-06')).toMatchObject({ working: true, known: true });
    expect(calendar.addWorkingDays('2026-12-31', 1)).toEqual({ date: '2027-01-04', provisional: false });
    expect(calendar.day('2026-10-01')).toMatchObject({ working: false, source: 'chinese-days' });
  });

  it('without an imported year, days of 2027 are provisional', async () => {
    const calendar = await loadCalendar(d1Database(env));
    expect(calendar.day('2027-01-01')).toMatchObject({ known: false });
    expect(calendar.addWorkingDays('2026-12-31', 1).provisional).toBe(true);
  });
});
