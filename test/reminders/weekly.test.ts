import { asc, count, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { supervisionReports, weeklyReportWeeks } from '../../db/schema';
import { loadCalendar } from '../../src/core/calendar';
import { weekForSubmission, weeklyDuty } from '../../src/core/reminders/weekly-weeks';
import type { ItemState } from '../../src/core/reminders/snapshot';
import type { SupervisionItem } from '../../src/core/supervision/types';
import { createWorkCalendar } from '../../src/core/calendar/work-calendar';
import type { Harness } from '../helpers/harness';
import { textOf } from '../helpers/sandbox';
import { clickButton, latestCard } from '../supervision/helpers';
import { at, dayRun, issueItem, remindersHarness, runJobsAt, user } from './helpers';

let h: Harness;
afterEach(() => h?.close());

const said = (replies: Array<{ message: unknown }>) => replies.map((r) => textOf(r.message)).join('\n');

async function weeks(id: string) {
  return h.db.select().from(weeklyReportWeeks).where(eq(weeklyReportWeeks.itemId, id)).orderBy(asc(weeklyReportWeeks.submittedAt));
}

/** The office receives and accepts the newest weekly report of the item from its card. */
async function officeAccepts(id: string) {
  const office = user(h, 'linxiaomei');
  const card = await latestCard(office, `周报 · ${id}`);
  const result = await clickButton(office, card, '审核通过');
  expect(result.toast.kind, result.toast.text).toBe('success');
}

describe('Art. 40 周报制: a report per week, reminded on the due day, late ones accepted and marked', () => {
  it('due day reminder, on-time report, overdue in the next digest, late report marked late, one report per week', async () => {
    h = await remindersHarness('2026-11-16T10:00:00');
    const id = await issueItem(h, '来源=区政府文件 标题=老旧小区改造 主办=住建局 期限=2026-12-31 长期=是');
    const head = user(h, 'dengpeng');
    await user(h, 'zhangli').say(`/签收 ${id}`);

    // Friday 11-20, the last working day of the week: the unit chat is reminded, the head's digest says so.
    expect(await dayRun(h, '2026-11-20T09:00:00')).toEqual(['digest → person:dengpeng', 'digest → person:zhangli', `weekly-due item:${id} → chat:zjj`]);
    const reminder = (await head.inbox()).find((m) => m.message.kind === 'text' && m.message.text.startsWith('【周报提醒】'))!;
    expect(reminder.message.text).toContain(
      `依据《工作规则》第四十条，长期性督办事项实行周报制，本周（2026-11-16 至 2026-11-22）周报应于 2026-11-20（周五） 报送（本周最后一个工作日）。请今天报送：/周报 ${id} 本周进展…`,
    );
    expect(textOf((await head.inbox()).find((m) => m.message.card?.title?.startsWith('每日提醒'))!.message)).toContain(
      `本周周报今天（2026-11-20（周五））报送｜/周报 ${id}`,
    );

    at(h, '2026-11-20T16:00:00');
    expect(said(await head.say(`/周报 ${id} 本周完成 3 个小区摸底`))).toContain('本次为2026-11-16 至 2026-11-22 的周报（应于 2026-11-20（周五） 报送）。');
    await officeAccepts(id);

    // Next Friday the report does not come; Monday's digest lists it as overdue, to the unit and the office.
    await runJobsAt(h, '2026-11-27T09:00:00');
    expect(await dayRun(h, '2026-11-30T09:00:00')).toEqual(expect.arrayContaining(['digest → person:dengpeng', 'digest → person:linxiaomei']));
    const monday = textOf((await head.inbox()).filter((m) => m.message.card?.title === '每日提醒 · 2026-11-30（周一）').pop()!.message);
    expect(monday).toContain('2026-11-23 至 2026-11-29 的周报逾期未报（应于 2026-11-27（周五） 报送），请补报');

    // Handed in late: accepted, booked against last week and marked late.
    at(h, '2026-11-30T10:00:00');
    const late = said(await head.say(`/周报 ${id} 上周完成 5 个小区改造方案`));
    expect(late).toContain('本次为2026-11-23 至 2026-11-29 的周报（应于 2026-11-27（周五） 报送），已过报送日，按逾期报送接收并标记逾期。');
    await officeAccepts(id);
    // Then this week's, on time.
    at(h, '2026-11-30T11:00:00');
    expect(said(await head.say(`/周报 ${id} 本周启动施工招标`))).toContain('本次为2026-11-30 至 2026-12-06 的周报');
    expect((await weeks(id)).map((w) => [w.weekStart, w.dueOn, w.late])).toEqual([
      ['2026-11-16', '2026-11-20', false],
      ['2026-11-23', '2026-11-27', true],
      ['2026-11-30', '2026-12-04', false],
    ]);
    await officeAccepts(id);

    // A second report for the same week is refused, and nothing is written.
    const before = await h.db.select({ n: count() }).from(supervisionReports);
    const twice = said(await head.say(`/周报 ${id} 再补充一点`));
    expect(twice).toBe(`${id} 本周（2026-11-30 至 2026-12-06）的周报已报送，下周周报应于 2026-12-11（周五） 报送。如有新的进展，请用 /进展 ${id} 报送。`);
    expect(await h.db.select({ n: count() }).from(supervisionReports)).toEqual(before);
    expect(await weeks(id)).toHaveLength(3);

    // The timeline records the week and the lateness.
    const [shown] = await user(h, 'linxiaomei').say(`/督办 查看 ${id}`);
    expect(textOf(shown!.message)).toContain('住建局 报送2026-11-23 至 2026-11-29 的周报（应于 2026-11-27（周五） 报送），逾期报送，已标记逾期');
  });

  it('a returned weekly report leaves the week open: the unit redoes it for the same week', async () => {
    h = await remindersHarness('2026-11-16T10:00:00');
    const id = await issueItem(h, '来源=区政府文件 标题=老旧小区改造 主办=住建局 期限=2026-12-31 长期=是');
    at(h, '2026-11-19T10:00:00');
    await user(h, 'dengpeng').say(`/周报 ${id} 进展很好`);
    const office = user(h, 'linxiaomei');
    await clickButton(office, await latestCard(office, `周报 · ${id}`), '退回重办', { reason: '请写明完成的小区数量' });
    at(h, '2026-11-20T10:00:00');
    expect(said(await user(h, 'dengpeng').say(`/周报 ${id} 本周完成 3 个小区摸底`))).toContain('第2轮');
    expect((await weeks(id)).map((w) => w.weekStart)).toEqual(['2026-11-16', '2026-11-16']);
    // Covered by the redo: nothing owed on the due day.
    expect((await dayRun(h, '2026-11-20T09:30:00')).filter((p) => p.startsWith('weekly'))).toEqual([]);
  });

  it('last week’s report still waiting for the office does not block this week’s', async () => {
    h = await remindersHarness('2026-11-16T10:00:00');
    const id = await issueItem(h, '来源=区政府文件 标题=老旧小区改造 主办=住建局 期限=2026-12-31 长期=是');
    const head = user(h, 'dengpeng');
    at(h, '2026-11-20T10:00:00');
    await head.say(`/周报 ${id} 本周完成 3 个小区摸底`);
    at(h, '2026-11-27T10:00:00');
    expect(said(await head.say(`/周报 ${id} 本周完成 5 个小区改造方案`))).toContain('本次为2026-11-23 至 2026-11-29 的周报');
    expect((await weeks(id)).map((w) => [w.weekStart, w.late])).toEqual([
      ['2026-11-16', false],
      ['2026-11-23', false],
    ]);
  });

  it('the form card: /周报 with a number opens it, submitting it reports the week', async () => {
    h = await remindersHarness('2026-11-16T10:00:00');
    const id = await issueItem(h, '来源=区政府文件 标题=老旧小区改造 主办=住建局 期限=2026-12-31 长期=是');
    const [form] = await user(h, 'zhangli').say(`/周报 ${id}`);
    expect(form!.message.card.title).toBe(`报送周报 · ${id}`);
    const submitted = await user(h, 'zhangli').click(form!.messageId, { action: 'weekly.submit', item: id }, { text: '本周完成摸底' });
    expect(submitted.toast).toMatchObject({ kind: 'success' });
    expect(submitted.toast.text).toContain('已送 邓鹏 审签');
    expect(await weeks(id)).toHaveLength(1);
    // Without a number: a picker of the unit's long-running items.
    const [picker] = await user(h, 'zhangli').say('/周报');
    const select = picker!.message.card.blocks[0].inputs[0];
    expect(select.options).toEqual([{ label: `${id} 老旧小区改造`, value: id }]);
  });

  it.each([
    ['/周报 本周完成摸底', '请先写督查事项编号，例如：/周报 DB-2026-0001 本周进展…'],
    ['/周报 DB-2026-0002 本周完成摸底', '督查事项 DB-2026-0002 未实行周报制，请用 /进展 报送办理进展。'],
    ['/周报 DB-2026-0099 本周完成摸底', '没有督查事项 DB-2026-0099'],
  ])('bad input %s is refused with a clear message and writes nothing', async (line, message) => {
    h = await remindersHarness('2026-11-16T10:00:00');
    await issueItem(h, '来源=区政府文件 标题=老旧小区改造 主办=住建局 期限=2026-12-31 长期=是');
    await issueItem(h, '来源=区政府文件 标题=物业检查 主办=住建局 期限=2026-12-31');
    const before = await h.db.select({ n: count() }).from(supervisionReports);
    expect(said(await user(h, 'dengpeng').say(line))).toContain(message);
    expect(await h.db.select({ n: count() }).from(supervisionReports)).toEqual(before);
    expect(await h.db.select({ n: count() }).from(weeklyReportWeeks)).toEqual([{ n: 0 }]);
  });

  it('someone outside the item cannot report for it', async () => {
    h = await remindersHarness('2026-11-16T10:00:00');
    const id = await issueItem(h, '来源=区政府文件 标题=老旧小区改造 主办=住建局 期限=2026-12-31 长期=是');
    expect(said(await user(h, 'tangwei').say(`/周报 ${id} 本周完成摸底`))).toContain('只有主办、协办单位的主要负责人或联络员可以报送');
    expect(await h.db.select({ n: count() }).from(weeklyReportWeeks)).toEqual([{ n: 0 }]);
  });
});

describe('周报制 in a year whose holidays are not published: every due date is flagged provisional', () => {
  const PROVISIONAL = '（暂定，节假日安排未公布，暂按周末计算）';
  it("the reminder pushed on 2027-01-01, the /周报 reply and the next week's due date all say so", async () => {
    h = await remindersHarness('2026-12-25T10:00:00');
    const id = await issueItem(h, '来源=区政府文件 标题=老旧小区改造 主办=住建局 期限=2027-03-31 长期=是');
    const head = user(h, 'dengpeng');
    await user(h, 'zhangli').say(`/签收 ${id}`);

    await runJobsAt(h, '2027-01-01T09:00:00');
    const reminder = (await head.inbox()).find((m) => m.message.kind === 'text' && m.message.text.startsWith('【周报提醒】'))!;
    expect(reminder.message.text).toContain(`本周（2026-12-28 至 2027-01-03）周报应于 2027-01-01（周五）${PROVISIONAL} 报送（本周最后一个工作日）。`);

    at(h, '2027-01-01T10:00:00');
    expect(said(await head.say(`/周报 ${id} 本周完成 3 个小区摸底`))).toContain(
      `本次为2026-12-28 至 2027-01-03 的周报（应于 2027-01-01（周五）${PROVISIONAL} 报送）。`,
    );
    expect(said(await head.say(`/周报 ${id} 再补充一点`))).toContain(`下周周报应于 2027-01-08（周五）${PROVISIONAL} 报送。`);
  });

  it('a week wholly inside a published year is not flagged', async () => {
    h = await remindersHarness('2026-12-14T10:00:00');
    const id = await issueItem(h, '来源=区政府文件 标题=老旧小区改造 主办=住建局 期限=2026-12-31 长期=是');
    at(h, '2026-12-18T10:00:00');
    expect(said(await user(h, 'dengpeng').say(`/周报 ${id} 本周完成 3 个小区摸底`))).toContain('（应于 2026-12-18（周五） 报送）。');
  });
});

describe('周报制 over holidays (rules engine weeks)', () => {
  const calendar = createWorkCalendar();
  const item = (issued: string): SupervisionItem =>
    ({
      id: 'DB-2026-0001',
      leadUnitId: 'zjj',
      longRunning: true,
      status: 'in_progress',
      issuedAt: new Date(`${issued}T10:00:00+08:00`),
      dueMetAt: null,
    }) as SupervisionItem;
  const state = (issued: string, weeks: ItemState['weeks'] = []): ItemState => ({
    item: item(issued),
    acks: [],
    plans: [],
    reports: [{ id: 1, status: 'accepted' } as ItemState['reports'][number]],
    extensions: [],
    weeks,
  });

  it('Spring Festival: due on the make-up Saturday 02-14, nothing for the holiday week, a report on 02-24 is late for the week of 02-09', () => {
    expect(weeklyDuty(state('2026-02-09'), '2026-02-14', calendar).dueToday?.due).toBe('2026-02-14');
    expect(weeklyDuty(state('2026-02-09'), '2026-02-24', calendar).overdue).toMatchObject({ weekStart: '2026-02-09', due: '2026-02-14' });
    const choice = weekForSubmission(state('2026-02-09'), 'zjj', new Date('2026-02-24T10:00:00+08:00'), calendar);
    expect(choice).toMatchObject({ ok: true, late: true, week: { weekStart: '2026-02-09' } });
    // Once that week is covered, the next report is for the week of 02-23, due Saturday 02-28.
    const covered = state('2026-02-09', [
      { itemId: 'DB-2026-0001', unitId: 'zjj', weekStart: '2026-02-09', dueOn: '2026-02-14', reportId: 1, late: true, submittedAt: new Date() },
    ]);
    expect(weekForSubmission(covered, 'zjj', new Date('2026-02-24T10:00:00+08:00'), calendar)).toMatchObject({
      ok: true,
      late: false,
      week: { weekStart: '2026-02-23', due: '2026-02-28' },
    });
  });

  it('National Day: the week of 10-05 reports on the make-up Saturday 10-10; an item issued on a due day owes nothing that week', () => {
    expect(weeklyDuty(state('2026-09-28'), '2026-10-10', calendar).dueToday?.due).toBe('2026-10-10');
    expect(weeklyDuty(state('2026-10-10'), '2026-10-10', calendar)).toEqual({});
  });

  it('the calendar loaded from the database agrees (no overrides)', async () => {
    h = await remindersHarness('2026-02-09T10:00:00');
    const loaded = await loadCalendar(h.db);
    expect(weeklyDuty(state('2026-02-09'), '2026-02-14', loaded).dueToday?.due).toBe('2026-02-14');
  });
});
