import { count, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { jobRuns, outbox, sandboxMessages } from '../../db/schema';
import type { AppDb } from '../../db/types';
import { loadCalendar } from '../../src/core/calendar';
import { allJobs } from '../../src/jobs';
import { runDueJobs } from '../../src/jobs/scheduler';
import type { Harness } from '../helpers/harness';
import { dayRun, issueItem, reminderPushes, remindersHarness, runJobsAt, user } from './helpers';

let h: Harness;
afterEach(() => h?.close());

const LEADERS = ['chenzhiyuan', 'liujianguo', 'sunqiang', 'wangli', 'zhaoming', 'zhoumin'];
const OFFICE = ['hejun', 'huanghai', 'linxiaomei'];
/** Everyone an open item of 住建局 concerns: its head and liaison, its deputy 赵明 (who also assigned it), the office. */
const ZJJ_CIRCLE = ['dengpeng', 'zhangli', 'zhaoming', ...OFFICE];
const digests = (people: string[]) => people.map((p) => `digest → person:${p}`);
const bulletin = (week: string) => ['chat:qzfb', ...LEADERS.map((p) => `person:${p}`)].map((to) => `bulletin week:${week} → ${to}`);
const sorted = (lines: string[]) => [...lines].sort();

/** 领导批示 received Monday 09-28: due in 3 working days = Thursday 10-08, after the National Day holiday. */
async function nationalDayItem(): Promise<string> {
  h = await remindersHarness('2026-09-28T08:30:00');
  const id = await issueItem(h, '来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 收文日期=2026-09-28');
  expect(id).toBe('DB-2026-0001');
  await user(h, 'zhangli').say(`/签收 ${id}`);
  return id;
}

describe('schedule: the statutory calendar decides, not the weekday', () => {
  it('National Day 2026: warnings, digests, bulletins and the escalation go out exactly on working days, the make-up Saturday included', async () => {
    const id = await nationalDayItem();
    const item = `item:${id}`;
    const expected: Array<[string, string[]]> = [
      // Monday: first working day of the week → bulletin; the item is 3 working days from its deadline (🟢), and
      // 住建局 owes its work plan (Art. 40 承办落实): its head and liaison find that in their digest.
      ['2026-09-28T09:00:00', [...bulletin('2026-09-28'), ...digests(['dengpeng', 'zhangli'])]],
      ['2026-09-28T17:30:00', []],
      ['2026-09-29T07:55:00', []],
      // 2 working days before (09-30, 10-08): the unit chat is warned once, everyone concerned finds it in the digest.
      ['2026-09-29T09:00:00', [`due-soon ${item} → chat:zjj`, ...digests(ZJJ_CIRCLE)]],
      ['2026-09-30T09:00:00', digests(ZJJ_CIRCLE)],
      // National Day 10-01 … 10-07: a Mon–Fri cron fires on 10-01, 10-02, 10-05, 10-06, 10-07 and sends nothing.
      ...['01', '02', '03', '04', '05', '06', '07'].map((d): [string, string[]] => [`2026-10-${d}T09:00:00`, []]),
      // Thursday 10-08: the deadline, and the first working day of the week → that week's bulletin.
      ['2026-10-08T09:00:00', [`due-today ${item} → chat:zjj`, ...digests(ZJJ_CIRCLE), ...bulletin('2026-10-05')]],
      ['2026-10-09T09:00:00', [`overdue ${item} → chat:zjj`, ...digests(ZJJ_CIRCLE)]],
      // Saturday 10-10 is a make-up working day: a Mon–Fri cron would miss it; we do not.
      ['2026-10-10T09:00:00', [`overdue ${item} → chat:zjj`, ...digests(ZJJ_CIRCLE)]],
      ['2026-10-11T09:00:00', []],
      // Monday 10-12: 3 working days late (10-09, 10-10, 10-12) → escalated to the deputy 赵明, copy to the office.
      [
        '2026-10-12T09:00:00',
        [
          `overdue ${item} → chat:zjj`,
          ...digests(ZJJ_CIRCLE),
          ...bulletin('2026-10-12'),
          `escalation-1 ${item} → person:zhaoming`,
          `escalation-1 ${item} → chat:qzfb`,
        ],
      ],
      ['2026-10-13T09:00:00', [`overdue ${item} → chat:zjj`, ...digests(ZJJ_CIRCLE)]],
    ];
    for (const [time, pushes] of expected) expect(await dayRun(h, time), time).toEqual(sorted(pushes));

    // 10 working days late on 10-21 (10-09, 10, 12–16, 19–21): level 2 adds the district head.
    for (const day of ['14', '15', '16', '19', '20']) await runJobsAt(h, `2026-10-${day}T09:00:00`);
    const levelTwo = (await dayRun(h, '2026-10-21T09:00:00')).filter((p) => p.startsWith('escalation'));
    expect(levelTwo).toEqual(
      sorted([`escalation-2 ${item} → person:chenzhiyuan`, `escalation-2 ${item} → person:zhaoming`, `escalation-2 ${item} → chat:qzfb`]),
    );
    expect((await dayRun(h, '2026-10-22T09:00:00')).filter((p) => p.startsWith('escalation'))).toEqual([]);

    const escalation = (await user(h, 'chenzhiyuan').inbox()).find((m) => m.message.kind === 'card' && m.message.card.title.startsWith('督办升级（第2级）'))!;
    expect(escalation.message.card.title).toBe(`督办升级（第2级）· ${id} 逾期 10 个工作日`);
  });

  it('Spring Festival 2026: the make-up Saturday 02-14 warns, the holiday week sends nothing, work resumes on Tuesday 02-24', async () => {
    h = await remindersHarness('2026-02-11T10:00:00');
    // Received Wednesday 02-11: 3 working days are 02-12, 02-13 and the make-up Saturday 02-14.
    const id = await issueItem(h, '来源=领导批示 标题=春节保供 主办=住建局 收文日期=2026-02-11');
    await user(h, 'zhangli').say(`/签收 ${id}`);
    const item = `item:${id}`;
    const expected: Array<[string, string[]]> = [
      ['2026-02-12T09:00:00', [`due-soon ${item} → chat:zjj`, ...digests(ZJJ_CIRCLE)]],
      ['2026-02-13T09:00:00', digests(ZJJ_CIRCLE)],
      ['2026-02-14T09:00:00', [`due-today ${item} → chat:zjj`, ...digests(ZJJ_CIRCLE)]],
      // 02-15 … 02-23: the holiday; the week 02-16 … 02-22 has no working day, hence no bulletin either.
      ...['15', '16', '17', '18', '19', '20', '21', '22', '23'].map((d): [string, string[]] => [`2026-02-${d}T09:00:00`, []]),
      ['2026-02-24T09:00:00', [`overdue ${item} → chat:zjj`, ...digests(ZJJ_CIRCLE), ...bulletin('2026-02-23')]],
      ['2026-02-25T09:00:00', [`overdue ${item} → chat:zjj`, ...digests(ZJJ_CIRCLE)]],
      [
        '2026-02-26T09:00:00',
        [`overdue ${item} → chat:zjj`, ...digests(ZJJ_CIRCLE), `escalation-1 ${item} → person:zhaoming`, `escalation-1 ${item} → chat:qzfb`],
      ],
    ];
    for (const [time, pushes] of expected) expect(await dayRun(h, time), time).toEqual(sorted(pushes));
  });

  it('DAILY_PUSH_AT moves the morning jobs: at 10:30 nothing goes out at 09:00, everything at 10:30', async () => {
    h = await remindersHarness('2026-09-28T08:30:00', { DAILY_PUSH_AT: '10:30' });
    await issueItem(h, '来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 收文日期=2026-09-28');
    expect(await dayRun(h, '2026-09-29T10:25:00')).toEqual([]);
    expect(await dayRun(h, '2026-09-29T10:30:00')).toContain('digest → person:dengpeng');
  });
});

describe('quiet rules and catch-up after downtime', () => {
  it("a wake at 15:00 after a missed 09:00 still sends the day's pushes, once", async () => {
    const id = await nationalDayItem();
    expect(await dayRun(h, '2026-09-29T15:00:00')).toEqual(sorted([`due-soon item:${id} → chat:zjj`, ...digests(ZJJ_CIRCLE)]));
    expect(await dayRun(h, '2026-09-29T15:05:00')).toEqual([]);
    const digest = (await user(h, 'dengpeng').inbox()).filter((m) => m.message.card?.title?.startsWith('每日提醒'));
    expect(digest).toHaveLength(1);
  });

  it('after 20:00 nothing is sent: the missed day is skipped and the next morning runs as usual', async () => {
    const id = await nationalDayItem();
    expect(await dayRun(h, '2026-09-29T20:05:00')).toEqual([]);
    // No reminder job claimed the day (only the nightly housekeeping ran).
    expect((await h.db.select().from(jobRuns).where(eq(jobRuns.localDate, '2026-09-29'))).map((r) => r.job)).toEqual(['prune-inbound-events']);
    // 09-30: one working day left; the "2 working days before" warning was never sent, so it goes out now (once per due day).
    expect(await dayRun(h, '2026-09-30T09:00:00')).toEqual(sorted([`due-soon item:${id} → chat:zjj`, ...digests(ZJJ_CIRCLE)]));
    const warning = (await user(h, 'zhangli').inbox()).find(
      (m) => m.to.type === 'unit_chat' && m.message.kind === 'text' && m.message.text.startsWith('【督办提醒】'),
    );
    expect(warning!.message.text).toContain('还有 1 个工作日');
  });

  it('ESCALATE_ON_HOLIDAYS=1: an escalation missed on the last working day goes out on the holiday; otherwise it waits', async () => {
    // 领导批示 received 09-21 → due 09-24 (Thursday before the 中秋 holiday); 3 working days late on 09-30.
    for (const flag of ['1', '0']) {
      h?.close();
      h = await remindersHarness('2026-09-21T10:00:00', { ESCALATE_ON_HOLIDAYS: flag });
      const id = await issueItem(h, '来源=领导批示 标题=防汛排查 主办=住建局 收文日期=2026-09-21');
      await user(h, 'zhangli').say(`/签收 ${id}`);
      await runJobsAt(h, '2026-09-29T09:00:00');
      // The service is down all of Wednesday 09-30; the next wake is on National Day.
      const holiday = await dayRun(h, '2026-10-01T09:00:00');
      const nextWorkingDay = await dayRun(h, '2026-10-08T09:00:00');
      const escalations = [`escalation-1 item:${id} → chat:qzfb`, `escalation-1 item:${id} → person:zhaoming`];
      if (flag === '1') {
        expect(holiday, 'ESCALATE_ON_HOLIDAYS=1').toEqual(escalations);
        expect(nextWorkingDay.filter((p) => p.startsWith('escalation'))).toEqual([]);
      } else {
        expect(holiday, 'ESCALATE_ON_HOLIDAYS=0').toEqual([]);
        expect(nextWorkingDay.filter((p) => p.startsWith('escalation'))).toEqual(escalations);
      }
    }
  });
});

/** Every push of the day, delivered: how many rows each recipient has in the sandbox. */
async function deliveredCounts(db: AppDb): Promise<Record<string, number>> {
  const rows = await db.select().from(sandboxMessages);
  const counts: Record<string, number> = {};
  for (const r of rows) counts[`${r.recipientType}:${r.recipientId}`] = (counts[`${r.recipientType}:${r.recipientId}`] ?? 0) + 1;
  return counts;
}

/** A database whose N-th atomic commit throws, like a process killed in the middle of the fan-out. */
function crashingOnCommit(db: AppDb, n: number): AppDb {
  let commits = 0;
  return new Proxy(db, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== 'transaction' || typeof value !== 'function') return value;
      return (fn: () => void) => {
        commits++;
        if (commits === n) throw new Error('simulated crash during the fan-out');
        return value.call(target, fn);
      };
    },
  });
}

describe('idempotence: each push exactly once', () => {
  /** Heads and liaisons of the 8 units, the 4 deputies who supervise them, the office staff. */
  const DIGEST_READERS = [
    'majun',
    'gaoyan',
    'luobin',
    'tangwei',
    'fenglei',
    'dengpeng',
    'xujing',
    'caoyu',
    'songjia',
    'liuting',
    'qianli',
    'xiena',
    'hanxue',
    'zhangli',
    'lina',
    'pengfei',
    'zhaoming',
    'sunqiang',
    'wangli',
    'liujianguo',
    ...OFFICE,
  ];

  async function busyDay(): Promise<void> {
    h = await remindersHarness('2026-09-28T08:30:00');
    // One item for each unit, none acknowledged: every head and liaison has something to read on 09-29.
    for (const unit of ['兴隆镇', '城东街道', '城西街道', '司法局', '财政局', '住建局', '教育局', '发改局']) {
      await issueItem(h, `来源=领导批示 标题=${unit}安全生产检查 主办=${unit} 收文日期=2026-09-28`);
    }
  }

  it('running the same day twice sends nothing more, even with the job claims wiped', async () => {
    await busyDay();
    await runJobsAt(h, '2026-09-29T09:00:00');
    const [first] = await h.db.select({ n: count() }).from(outbox);
    const delivered = await deliveredCounts(h.db);
    await runJobsAt(h, '2026-09-29T09:00:00');
    await h.db.delete(jobRuns);
    const again = await runJobsAt(h, '2026-09-29T11:00:00');
    expect(again.jobs.map((j) => j.job)).toContain('daily-digest');
    expect((await h.db.select({ n: count() }).from(outbox))[0]).toEqual(first);
    expect(await deliveredCounts(h.db)).toEqual(delivered);
  });

  it('a crash half-way through the digests, then the next wake: every digest exactly once', async () => {
    await busyDay();
    // Units of 10 pushes (a real run commits FAN_OUT_CHUNK a unit), so the digests take three.
    const env = { settings: { dailyPushAt: '09:00', escalateOnHolidays: false }, pushPlatforms: h.deps.pushPlatforms, fanOutChunk: 10 };
    const now = new Date('2026-09-29T09:00:00+08:00');
    const calendar = await loadCalendar(h.db);
    // Commit 1: the 8 unit-chat warnings; commits 2–4: the 23 digests, 10 at a time. The 3rd commit dies.
    await expect(runDueJobs(crashingOnCommit(h.db, 3), calendar, allJobs, now, env)).rejects.toThrow('simulated crash');
    expect((await reminderPushes(h)).filter((p) => p.kind === 'digest')).toHaveLength(10);
    // The digest job released its claim; the jobs before it keep theirs.
    expect((await h.db.select().from(jobRuns)).map((r) => r.job).sort()).toEqual(['deadline-warnings', 'escalations', 'leave-duties', 'prune-inbound-events']);

    const rerun = await runJobsAt(h, '2026-09-29T09:05:00');
    // The jobs after it (the hourly nudges) had not run yet.
    expect(rerun.jobs.map((j) => j.job)).toEqual(['daily-digest', 'decision-nudges']);
    const digestsSent = (await reminderPushes(h)).filter((p) => p.kind === 'digest').map((p) => p.to);
    expect(digestsSent).toHaveLength(DIGEST_READERS.length);
    expect([...digestsSent].sort()).toEqual(DIGEST_READERS.map((p) => `person:${p}`).sort());
    const delivered = (await h.db.select().from(sandboxMessages)).filter((m) => (m.payload as any).card?.title?.startsWith('每日提醒'));
    expect(delivered.map((m) => m.recipientId).sort()).toEqual([...digestsSent].map((t) => t.replace('person:', '')).sort());
  });
});
