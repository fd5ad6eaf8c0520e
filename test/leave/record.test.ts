import { afterEach, describe, expect, it } from 'vitest';
import { createWorkCalendar } from '../../src/core/calendar';
import { yearRecord } from '../../src/core/leave/record';
import { recordCard } from '../../src/core/leave/record-card';
import type { LeaveRequest } from '../../src/core/leave/types';
import { renderCard } from '../../src/platforms/feishu/cards';
import { cardHtml } from '../../src/web/render/card';
import { makeHarness, type Harness } from '../helpers/harness';
import { sandboxUser, textOf } from '../helpers/sandbox';
import { approvedLeave, file, rowCounts, setClock } from './helpers';

let h: Harness;
afterEach(() => h?.close());

const say = async (personId: string, text: string) => (await sandboxUser(h, personId).say(text)).map((r) => textOf(r.message));
const MAJUN_APPROVERS = ['zhaoming', 'chenzhiyuan'];

function request(over: Partial<LeaveRequest>): LeaveRequest {
  const at = new Date('2026-01-01T00:00:00Z');
  return {
    id: 1,
    requesterId: 'majun',
    filedById: 'majun',
    rank: 'unit_head',
    startDate: '2026-05-01',
    endDate: '2026-05-01',
    scope: 'out_of_province',
    purpose: 'private',
    destination: '北京',
    reason: '探亲',
    emergency: false,
    emergencyReport: null,
    entrusteeId: null,
    status: 'approved',
    currentStep: null,
    returnedAt: null,
    version: 1,
    createdAt: at,
    updatedAt: at,
    closedAt: at,
    ...over,
  };
}

describe('Art. 68 leave record: days away by purpose and scope (因公因私 · 出国(境)、出省、省内其他市(地))', () => {
  const calendar = createWorkCalendar();

  it('counts working days on the 调休 calendar: National Day off, the make-up Saturday on; calendar days count every day', () => {
    // 2026-09-28 (Mon) … 2026-10-10 (Sat): 10-01…07 are 国庆节, 10-10 is 国庆节调休上班.
    const record = yearRecord(calendar, [request({ startDate: '2026-09-28', endDate: '2026-10-10' })], 2026);
    expect(record.overall).toEqual({ trips: 1, calendarDays: 13, workingDays: 6, provisional: false });
    expect(record.totals).toEqual([{ purpose: 'private', scope: 'out_of_province', trips: 1, calendarDays: 13, workingDays: 6, provisional: false }]);
  });

  it('a trip across New Year counts in each year for its own days', () => {
    const trip = request({ startDate: '2025-12-30', endDate: '2026-01-02' });
    expect(yearRecord(calendar, [trip], 2025).overall).toEqual({ trips: 1, calendarDays: 2, workingDays: 2, provisional: false });
    expect(yearRecord(calendar, [trip], 2026).overall).toEqual({ trips: 1, calendarDays: 2, workingDays: 0, provisional: false }); // 元旦
  });

  it('lists pending, refused, withdrawn and cancelled requests without totalling them; an early 销假 ends the count that day', () => {
    const requests = [
      request({
        id: 1,
        startDate: '2026-03-02',
        endDate: '2026-03-06',
        purpose: 'official',
        scope: 'other_city',
        returnedAt: new Date('2026-03-04T10:00:00+08:00'),
      }),
      request({ id: 2, startDate: '2026-04-01', endDate: '2026-04-03', status: 'rejected' }),
      request({ id: 3, startDate: '2026-04-10', endDate: '2026-04-10', status: 'cancelled' }),
      request({ id: 4, startDate: '2026-04-20', endDate: '2026-04-21', status: 'pending' }),
      request({ id: 5, startDate: '2026-04-22', endDate: '2026-04-22', status: 'withdrawn' }),
    ];
    const record = yearRecord(calendar, requests, 2026);
    expect(record.entries.map((e) => [e.request.id, e.counted])).toEqual([
      [5, false],
      [4, false],
      [3, false],
      [2, false],
      [1, true],
    ]);
    expect(record.overall).toEqual({ trips: 1, calendarDays: 3, workingDays: 3, provisional: false });
    expect(record.totals.map((t) => [t.purpose, t.scope, t.trips])).toEqual([['official', 'other_city', 1]]);
  });

  it('flags a year whose holiday schedule is unpublished as provisional', () => {
    const record = yearRecord(calendar, [request({ startDate: '2099-05-01', endDate: '2099-05-03' })], 2099);
    expect(record.overall.provisional).toBe(true);
    expect(textOf({ kind: 'card', card: recordCard('马军', record) })).toContain('节假日安排未公布，暂按周末计算');
  });
});

describe('Art. 68 /请假 记录 [年份] in chat', () => {
  it('shows my requests of the year and the days away, totals by purpose and scope, only approved ones counted', async () => {
    h = await makeHarness({ now: '2026-09-20T09:00:00+08:00' });
    const national = await approvedLeave(h, 'majun', '/请假 9月28日-10月10日 出省 因私 北京 探亲', MAJUN_APPROVERS);
    const meeting = await approvedLeave(h, 'majun', '/请假 10月15日 省内其他市 因公 哈尔滨 开会', MAJUN_APPROVERS);
    const withdrawn = await file(h, 'majun', '/请假 10月20日-21日 出省 因公 沈阳 参加培训');
    await say('majun', `/请假 撤回 ${withdrawn}`);
    await file(h, 'dengpeng', '/请假 10月15日 省内其他市 因公 哈尔滨 开会'); // someone else's: not in my record
    const [card] = await say('majun', '/请假 记录 2026');
    expect(card).toContain('马军 · 2026 年请假记录');
    expect(card).toContain('**合计：2 次，工作日 7 天，日历日 14 天**');
    expect(card).toContain('- 因公 · 省内其他市(地)：1 次，工作日 1 天，日历日 1 天');
    expect(card).toContain('- 因私 · 出省：1 次，工作日 6 天，日历日 13 天');
    expect(card).toContain(`- 编号 ${withdrawn} · 2026-10-20（周二） 至 2026-10-21（周三），共 2 天 · 因公出省 · 沈阳 · 参加培训 · 已撤回 · 不计入`);
    expect(card).toContain(
      `- 编号 ${national} · 2026-09-28（周一） 至 2026-10-10（周六），共 13 天 · 因私出省 · 北京 · 探亲 · 已批准 · 本年工作日 6 天，日历日 13 天`,
    );
    expect(card).toContain(`编号 ${meeting}`);
    expect(card).not.toContain('邓鹏');
    expect(card).toContain('调休上班的周六、周日算工作日');
    // No year: this year's.
    expect((await say('majun', '/请假 记录'))[0]).toContain('马军 · 2026 年请假记录');
    expect((await say('majun', '/请假 记录 2025年'))[0]).toContain('2025 年没有已批准的请假外出。');
  });

  it('a trip across New Year is in both years’ records with its own days', async () => {
    h = await makeHarness({ now: '2025-12-20T09:00:00+08:00' });
    await approvedLeave(h, 'majun', '/请假 2025年12月30日-2026年1月2日 出省 因私 北京 探亲', MAJUN_APPROVERS);
    await setClock(h, '2026-01-05T09:00:00+08:00');
    expect((await say('majun', '/请假 记录 2025'))[0]).toContain('**合计：1 次，工作日 2 天，日历日 2 天**');
    expect((await say('majun', '/请假 记录 2026'))[0]).toContain('**合计：1 次，工作日 0 天，日历日 2 天**');
  });

  it('a bad year gets a clear Chinese error and changes nothing', async () => {
    h = await makeHarness({ now: '2026-09-20T09:00:00+08:00' });
    const before = await rowCounts(h);
    for (const year of ['26', '明年', '1999', '2026-10', '2026 2027']) {
      const [answer] = await say('majun', `/请假 记录 ${year}`);
      expect(answer).toContain(`年份「${year}」无法识别，请写四位年份（2000–2100），例如 2026。`);
      expect(answer).toContain('用法：/请假 记录 或 /请假 记录 2026');
    }
    expect(await rowCounts(h)).toEqual(before);
  });

  it('user text stays inert in the record card on Feishu and in the sandbox', async () => {
    h = await makeHarness({ now: '2026-09-20T09:00:00+08:00' });
    await approvedLeave(h, 'majun', '/请假 10月15日 省内其他市 因公 目的地=[详情](https://evil.example) 事由=<at_id=all></at>**开会**', MAJUN_APPROVERS);
    const [reply] = await sandboxUser(h, 'majun').say('/请假 记录');
    const card = reply!.message.card;
    expect(textOf(reply!.message)).toContain('[详情](https://evil.example) · <at_id=all></at>**开会**');
    const feishu = JSON.stringify(renderCard(card));
    expect(feishu).not.toContain('[详情](https://evil.example)');
    expect(feishu).not.toContain('<at_id=all>');
    const html = cardHtml(card, { interactive: false });
    expect(html).not.toContain('href="https://evil.example"');
    expect(html).not.toContain('<at_id=all>');
    expect(html).not.toContain('<strong>开会');
  });
});
