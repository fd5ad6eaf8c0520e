import { count } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditLog, reminderPauses } from '../../db/schema';
import type { Harness } from '../helpers/harness';
import { textOf } from '../helpers/sandbox';
import { at, dayRun, issueItem, latest, remindersHarness, runJobsAt, user } from './helpers';

let h: Harness;
afterEach(() => h?.close());

const say = async (personId: string, line: string) => (await user(h, personId).say(line)).map((r) => textOf(r.message)).join('\n');
const footprint = async () => ({
  pauses: await h.db.select().from(reminderPauses),
  audits: (await h.db.select({ n: count() }).from(auditLog))[0]!.n,
});

describe('/提醒: a person pauses their own daily digest', () => {
  it('pauses until a date inclusive, keeps event pushes, and resumes by itself after it', async () => {
    h = await remindersHarness('2026-11-23T08:00:00');
    const id = await issueItem(h, '来源=区政府文件 标题=物业检查 主办=住建局 期限=2026-11-25');
    await user(h, 'zhangli').say(`/签收 ${id}`);

    expect(await say('dengpeng', '/提醒 暂停 至 11月24日')).toBe(
      '已暂停每日提醒至 2026-11-24（周二），2026-11-25（周三） 起恢复推送。暂停期间，请假审批、催签收、督办升级等消息照常发送。发送 /提醒 恢复 可提前恢复。',
    );
    expect(await say('dengpeng', '/提醒')).toContain('您的每日提醒已暂停至 2026-11-24（周二）');

    // 11-23: 2 working days before the deadline — the chat is warned, the liaison gets a digest, the paused head does not.
    const monday = await dayRun(h, '2026-11-23T09:00:00');
    expect(monday).toContain('digest → person:zhangli');
    expect(monday).toContain(`due-soon item:${id} → chat:zjj`);
    expect(monday).not.toContain('digest → person:dengpeng');
    expect(await dayRun(h, '2026-11-24T09:00:00')).not.toContain('digest → person:dengpeng');
    // 11-25: the pause is over.
    expect(await dayRun(h, '2026-11-25T09:00:00')).toContain('digest → person:dengpeng');
  });

  it('/提醒 恢复 ends a pause at once', async () => {
    h = await remindersHarness('2026-11-23T08:00:00');
    await issueItem(h, '来源=区政府文件 标题=物业检查 主办=住建局 期限=2026-11-25');
    await say('dengpeng', '/提醒 暂停 至 12月5日');
    expect(await say('dengpeng', '/提醒 恢复')).toBe('已恢复每日提醒，照常在每个工作日推送。');
    expect(await h.db.select().from(reminderPauses)).toEqual([]);
    expect(await dayRun(h, '2026-11-23T09:00:00')).toContain('digest → person:dengpeng');
    expect(await say('dengpeng', '/提醒 恢复')).toBe('您的每日提醒没有暂停，无需恢复。');
    const audits = (await h.db.select().from(auditLog)).filter((a) => a.subjectType === 'reminder_pause').map((a) => a.action);
    expect(audits).toEqual(['paused', 'resumed']);
  });

  it('a new pause replaces the old one', async () => {
    h = await remindersHarness('2026-11-23T08:00:00');
    await say('dengpeng', '/提醒 暂停 至 12月5日');
    await say('dengpeng', '/提醒 暂停 12.1');
    expect((await h.db.select().from(reminderPauses)).map((p) => [p.personId, p.until])).toEqual([['dengpeng', '2026-12-01']]);
    expect(await say('dengpeng', '/remind')).toContain('已暂停至 2026-12-01（周二）');
  });

  it.each([
    ['/提醒 暂停', '请写明暂停到哪一天，例如：/提醒 暂停 至 11月30日'],
    ['/提醒 暂停 至 下辈子', '无法识别日期“下辈子”'],
    ['/提醒 暂停 至 2026-11-20', '2026-11-20（周五） 已经过去，请写今天或以后的日期'],
    ['/提醒 暂停 至 2027-03-01', '每日提醒最长暂停 90 天（至 2027-02-21（周日）），请改一个更早的日期。'],
    ['/提醒 关闭', '不认识「关闭」。用法：/提醒　/提醒 暂停 至 12月5日　/提醒 恢复'],
  ])('%s is refused with a clear message and changes nothing', async (line, message) => {
    h = await remindersHarness('2026-11-23T08:00:00');
    const before = await footprint();
    expect(await say('dengpeng', line)).toContain(message);
    expect(await footprint()).toEqual(before);
  });

  it('is listed in /帮助 with its usage', async () => {
    h = await remindersHarness('2026-11-23T08:00:00');
    const help = await say('dengpeng', '/帮助 提醒');
    expect(help).toContain('/提醒 暂停 至 12月5日');
    at(h, '2026-11-23T08:01:00');
    expect(await say('dengpeng', '/帮助 周报')).toContain('/周报 DB-2026-0001 本周进展…');
  });

  it.each([
    ['2026-12-14T09:00:00', '/提醒 暂停 至 12月21日', '2026-12-21（周一）'],
    ['2026-12-28T09:00:00', '/提醒 暂停 至 1月4日', '2027-01-04（周一）'],
  ])('the digest sent on %s hints %s, computed from that day, and the hint is accepted', async (when, hint, until) => {
    h = await remindersHarness(when);
    await issueItem(h, `来源=区政府文件 标题=物业检查 主办=住建局 期限=${when.slice(0, 4)}-12-31`);
    await runJobsAt(h, when);
    const digest = await latest(h, 'zhangli', '每日提醒');
    expect(digest).toContain(`发送 ${hint} 可暂停每日提醒`);
    expect(await say('zhangli', hint)).toContain(`已暂停每日提醒至 ${until}`);
  });

  it('the examples in /提醒 errors are computed from today too', async () => {
    h = await remindersHarness('2026-12-14T08:00:00');
    expect(await say('dengpeng', '/提醒 暂停')).toBe('请写明暂停到哪一天，例如：/提醒 暂停 至 12月21日');
    expect(await say('dengpeng', '/提醒 暂停 至 2026-12-01')).toBe('2026-12-01（周二） 已经过去，请写今天或以后的日期，例如：/提醒 暂停 至 12月21日');
  });
});
