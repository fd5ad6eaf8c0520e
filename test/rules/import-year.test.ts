import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../db/open-sqlite';
import { calendarDays, calendarYears } from '../../db/schema';
import type { AppDb } from '../../db/types';
import { formatImportReport, importYear } from '../../src/core/calendar/import-year';
import { loadCalendar } from '../../src/core/calendar/load';
import { CalendarFileError } from '../../src/core/calendar/year-file';
import { UserError } from '../../src/core/errors';
import { badYearFiles } from './fixtures/bad-year-files';
import { calendar2027 } from './fixtures/calendar-2027';
import { createTestDeadlines, failingHolder, testDeadlineHolder, testDeadlines } from './fixtures/test-holder';

const NOW = new Date('2026-11-20T02:00:00Z');
const holders = [testDeadlineHolder];
let db: AppDb;
let close: () => void;

beforeEach(async () => {
  ({ db, close } = openSqlite(':memory:'));
  await createTestDeadlines(db, [
    // Computed before 2027 was known: 12-31 + 1 working day guessed as 2027-01-01.
    { id: 1, received: '2026-12-31', days: 1, due: '2027-01-01', provisional: true },
    // Provisional, but the import does not move it (2027-03-02 stays).
    { id: 2, received: '2027-02-26', days: 2, due: '2027-03-02', provisional: true },
    { id: 3, received: '2026-11-20', days: 3, due: '2026-11-25', provisional: false },
  ]);
});
afterEach(() => close());

const file = (patch: (f: ReturnType<typeof calendar2027>) => unknown = (f) => f) => JSON.stringify(patch(calendar2027()));
const snapshot = async () => ({
  days: await db.select().from(calendarDays),
  years: await db.select().from(calendarYears),
  deadlines: await db.select().from(testDeadlines),
});

describe('importing a year of the State Council holiday schedule (docs/calendar.md)', () => {
  it('a good file is applied: days, year record with who imported it, and stored provisional dates recomputed', async () => {
    const result = await importYear(db, file(), { by: 'linxiaomei', now: NOW, holders });

    expect(result).toMatchObject({ year: 2027, applied: true, dryRun: false, previous: undefined });
    expect(result.diff.sourceBefore).toBe('unknown');
    expect(result.diff.changes.map((c) => c.date)).toEqual(
      [
        '2027-01-01',
        '2027-01-30',
        '2027-02-08',
        '2027-02-09',
        '2027-02-10',
        '2027-02-11',
        '2027-02-12',
        '2027-02-20',
        '2027-09-26',
        '2027-10-01',
        '2027-10-04',
        '2027-10-05',
        '2027-10-06',
        '2027-10-07',
        // Weekend holidays change only their name: 01-02, 01-03, 02-06, 02-07, 02-13, 02-14, 10-02, 10-03.
        '2027-01-02',
        '2027-01-03',
        '2027-02-06',
        '2027-02-07',
        '2027-02-13',
        '2027-02-14',
        '2027-10-02',
        '2027-10-03',
      ].sort(),
    );
    expect(result.diff.confirmed).toBe(365 - 22);
    expect(result.storedChanges).toEqual([{ holder: 'test-deadlines', subject: 'test:1', field: 'due', before: '2027-01-01', after: '2027-01-04' }]);

    const after = await snapshot();
    expect(after.days).toHaveLength(22);
    expect(after.days.find((d) => d.date === '2027-02-20')).toEqual({
      date: '2027-02-20',
      kind: 'workday',
      name: '春节调休上班',
      source: calendar2027().source_url,
    });
    expect(after.years).toEqual([{ year: 2027, sourceUrl: calendar2027().source_url, importedAt: NOW, importedBy: 'linxiaomei' }]);
    expect(after.deadlines).toEqual([
      { id: 1, received: '2026-12-31', days: 1, due: '2027-01-04', provisional: false },
      { id: 2, received: '2027-02-26', days: 2, due: '2027-03-02', provisional: false },
      { id: 3, received: '2026-11-20', days: 3, due: '2026-11-25', provisional: false },
    ]);
    expect((await loadCalendar(db)).day('2027-01-01')).toMatchObject({ working: false, known: true, name: '元旦' });
  });

  it('the report shows the diff, what was applied and which stored dates changed', async () => {
    const report = formatImportReport(await importYear(db, file(), { by: 'linxiaomei', now: NOW, holders }));
    expect(report).toContain('2027 年节假日安排\n通知来源：https://www.gov.cn/zhengce/content/2027-notice-test.htm');
    expect(report).toContain('此前依据：未公布，按周末推算（暂定）');
    expect(report).toContain('变化 22 天：');
    expect(report).toContain('  2027-01-01（周五） 上班（暂定） → 休息（元旦）');
    expect(report).toContain('  2027-01-30（周六） 休息（暂定） → 上班（春节调休上班）');
    expect(report).toContain('  2027-01-02（周六） 休息（暂定） → 休息（元旦）');
    expect(report).toContain('其余 343 天状态不变，由暂定转为正式安排');
    expect(report).toContain('已导入：2027 年的节假日安排已生效');
    expect(report).toContain('已存储的暂定日期已重新计算，1 处变化：\n  test:1 due：2027-01-01 → 2027-01-04');
  });

  it('re-importing the same file is idempotent: no changes reported, nothing written', async () => {
    await importYear(db, file(), { by: 'linxiaomei', now: NOW, holders });
    const before = await snapshot();
    const again = await importYear(db, file(), { by: 'hejun', now: new Date('2026-11-21T02:00:00Z'), holders });

    expect(again.applied).toBe(false);
    expect(again.diff).toMatchObject({ sourceBefore: 'imported', changes: [], confirmed: 0 });
    expect(again.storedChanges).toEqual([]);
    expect(again.previous).toEqual({ sourceUrl: calendar2027().source_url, importedAt: NOW, importedBy: 'linxiaomei' });
    expect(await snapshot()).toEqual(before);
    const report = formatImportReport(again);
    expect(report).toContain('逐日状态：无变化');
    expect(report).toContain('与已导入的安排完全相同，未作任何更改。');
  });

  it('a corrected file replaces the year: days it drops go back to the weekday rule', async () => {
    await importYear(db, file(), { by: 'linxiaomei', now: NOW, holders });
    const corrected = file((f) => ({ ...f, dates: f.dates.filter((d) => d.date !== '2027-01-30') }));
    const result = await importYear(db, corrected, { by: 'hejun', now: new Date('2026-11-21T02:00:00Z'), holders });

    expect(result.applied).toBe(true);
    expect(result.diff.changes).toHaveLength(1);
    expect(formatImportReport(result)).toContain('  2027-01-30（周六） 上班（春节调休上班） → 休息');
    const after = await snapshot();
    expect(after.days).toHaveLength(21);
    expect(after.years[0]).toMatchObject({ importedBy: 'hejun' });
  });

  it('importing a year the package covers diffs against the package', async () => {
    const y2026 = JSON.stringify({
      year: 2026,
      source_url: 'https://www.gov.cn/zhengce/content/202511/content_7047090.htm',
      dates: [
        ...['2026-01-01', '2026-01-02', '2026-01-03'].map((date) => ({ date, name: '元旦', type: 'public_holiday' })),
        { date: '2026-01-04', name: '元旦补班', type: 'transfer_workday' },
      ],
    });
    const result = await importYear(db, y2026, { by: 'linxiaomei', now: NOW, holders, dryRun: true });
    expect(result.diff.sourceBefore).toBe('chinese-days');
    expect(result.diff.changes.find((c) => c.date === '2026-01-04')).toMatchObject({ before: { name: '元旦调休上班' }, after: { name: '元旦补班' } });
    // The short file drops Spring Festival: the diff makes that visible before anything is written.
    expect(result.diff.changes.find((c) => c.date === '2026-02-16')).toMatchObject({ before: { working: false }, after: { working: true } });
  });

  it('a dry run reports the diff and the stored dates that would change, and writes nothing', async () => {
    const before = await snapshot();
    const result = await importYear(db, file(), { by: 'linxiaomei', now: NOW, holders, dryRun: true });
    expect(result).toMatchObject({ applied: false, dryRun: true });
    expect(result.storedChanges).toHaveLength(1);
    expect(await snapshot()).toEqual(before);
    const report = formatImportReport(result);
    expect(report).toContain('（试运行，未写入任何数据）');
    expect(report).toContain('已存储的暂定日期将会重新计算，1 处变化');
  });

  it('when recomputing stored dates fails, the calendar is not written either', async () => {
    const before = await snapshot();
    await expect(importYear(db, file(), { by: 'linxiaomei', now: NOW, holders: [testDeadlineHolder, failingHolder] })).rejects.toThrow(/UNIQUE/);
    expect(await snapshot()).toEqual(before);
  });

  it('an import must say who imported it', async () => {
    await expect(importYear(db, file(), { by: ' ', now: NOW, holders })).rejects.toThrow(UserError);
  });
});

describe('a bad schedule file is refused with the problem named, and nothing is written', () => {
  it.each(badYearFiles)('%s', async (_kind, source, message) => {
    await importYear(db, file(), { by: 'linxiaomei', now: NOW, holders: [] }).catch(() => undefined);
    const before = await snapshot();
    const attempt = importYear(db, source, { by: 'hejun', now: new Date('2026-11-21T02:00:00Z'), holders });
    await expect(attempt).rejects.toThrow(CalendarFileError);
    await expect(importYear(db, source, { by: 'hejun', now: NOW, holders })).rejects.toThrow(message);
    expect(await snapshot()).toEqual(before);
  });

  it('lists every problem at once', async () => {
    const bad = file((f) => ({
      year: 2027,
      dates: [...f.dates, { date: '2027-01-29', name: '春节', type: 'transfer_workday' }, { date: '2028-01-01', name: '元旦', type: 'public_holiday' }],
    }));
    const error = await importYear(db, bad, { by: 'hejun', now: NOW, holders }).catch((e) => e);
    expect(error).toBeInstanceOf(CalendarFileError);
    expect(error.problems).toHaveLength(3);
    expect(error.message).toMatch(/^节假日安排文件有 3 处错误，未导入任何数据：\n- source_url/);
  });

  it('accepts the holiday-calendar package format as published (name_cn, name_en, extra keys)', async () => {
    const published = JSON.stringify({
      year: 2027,
      region: 'CN',
      source_url: 'https://www.gov.cn/x',
      dates: [
        { date: '2027-01-01', name: "New Year's Day", name_cn: '元旦', name_en: "New Year's Day", type: 'public_holiday' },
        { date: '2027-01-30', name: 'Spring Festival Workday', name_cn: '春节补班', name_en: 'Spring Festival Workday', type: 'transfer_workday' },
      ],
    });
    await importYear(db, published, { by: 'hejun', now: NOW, holders: [] });
    expect((await snapshot()).days.map((d) => [d.date, d.name])).toEqual([
      ['2027-01-01', '元旦'],
      ['2027-01-30', '春节补班'],
    ]);
  });
});
