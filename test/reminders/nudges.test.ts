import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { textOf } from '../helpers/sandbox';
import { approvedLeave } from '../leave/helpers';
import { at, dayRun, reminderPushes, remindersHarness, runJobsAt, user } from './helpers';

let h: Harness;
afterEach(() => h?.close());

const nudges = (run: string[]) => run.filter((line) => line.startsWith('nudge '));

/** Registers a draft and sends it to `leader` for 审定 at `beijing`; returns its number. */
async function draftFor(leader: string, beijing: string): Promise<string> {
  at(h, beijing);
  const office = user(h, 'linxiaomei');
  const [reply] = await office.say('/督办 新建 来源=区政府文件 标题=校园周边交通整治 主办=住建局 期限=2026-12-31');
  const id = /DB-\d{4}-\d{4}/.exec(reply!.message.card.title)![0];
  await office.say(`/督办 送审 ${id} 领导=${leader}`);
  return id;
}

describe('Art. 40 催办督办: a decision pending more than 4 working hours is nudged once a day', () => {
  it('goes out once the 4 working hours (08:30–12:00, 14:00–17:30) are past, once that day, again the next day', async () => {
    h = await remindersHarness('2026-11-23T10:00:00');
    const id = await draftFor('赵明', '2026-11-23T10:00:00');
    expect(nudges(await dayRun(h, '2026-11-23T11:00:00'))).toEqual([]);
    // 10:00–12:00 and 14:00–15:55: 3 h 55 min.
    expect(nudges(await dayRun(h, '2026-11-23T15:55:00'))).toEqual([]);
    expect(nudges(await dayRun(h, '2026-11-23T16:05:00'))).toEqual([`nudge draft:${id} → person:zhaoming`]);
    expect(nudges(await dayRun(h, '2026-11-23T17:05:00'))).toEqual([]);
    expect(nudges(await dayRun(h, '2026-11-23T19:55:00'))).toEqual([]);

    const card = (await user(h, 'zhaoming').inbox()).find((m) => m.message.card?.title === '待您决定 · 审定交办')!;
    expect(textOf(card.message)).toContain(`**${id}** 校园周边交通整治｜督查事项草稿待审定交办`);
    expect(textOf(card.message)).toContain('依据《工作规则》第四十条，已等待您决定超过 4 个工作小时');
    // Its button opens the live approval card.
    const button = card.message.card.blocks.find((b: any) => b.type === 'buttons').buttons[0];
    const opened = await user(h, 'zhaoming').click(card.messageId, { action: button.action, ...button.payload });
    expect(opened.replies[0].message.card.title).toBe(`督查事项审定 · ${id}`);

    expect(nudges(await dayRun(h, '2026-11-24T09:05:00'))).toEqual([`nudge draft:${id} → person:zhaoming`]);
  });

  it('respects quiet hours and days off: filed Friday afternoon, nudged Monday once 4 working hours have passed', async () => {
    h = await remindersHarness('2026-11-27T15:00:00');
    const id = await draftFor('赵明', '2026-11-27T15:00:00');
    expect(nudges(await dayRun(h, '2026-11-27T20:30:00'))).toEqual([]);
    expect(nudges(await dayRun(h, '2026-11-28T10:00:00'))).toEqual([]);
    // Friday 15:00–17:30 and Monday 08:30–09:05: 3 h 5 min.
    expect(nudges(await dayRun(h, '2026-11-30T09:05:00'))).toEqual([]);
    expect(nudges(await dayRun(h, '2026-11-30T10:05:00'))).toEqual([`nudge draft:${id} → person:zhaoming`]);
  });

  it('not on a public holiday: asked on the eve of National Day, nudged on the first working day after it', async () => {
    h = await remindersHarness('2026-09-30T15:00:00');
    const id = await draftFor('赵明', '2026-09-30T15:00:00');
    for (const day of ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-07']) expect(nudges(await dayRun(h, `${day}T11:00:00`)), day).toEqual([]);
    expect(nudges(await dayRun(h, '2026-10-08T09:05:00'))).toEqual([]);
    expect(nudges(await dayRun(h, '2026-10-08T10:05:00'))).toEqual([`nudge draft:${id} → person:zhaoming`]);
  });

  it('reaches whoever may decide now: a leader away is not nudged, his A/B stand-in is', async () => {
    h = await remindersHarness('2026-11-20T10:00:00');
    await approvedLeave(h, 'zhaoming', '/请假 11月24日-11月25日 出省 因公 北京 学习', ['chenzhiyuan', 'zhengguohua']);
    const id = await draftFor('赵明', '2026-11-23T10:00:00');
    const standIn = 'sunqiang'; // 赵明's A/B partner (Art. 11)
    expect(nudges(await dayRun(h, '2026-11-24T14:05:00'))).toEqual([`nudge draft:${id} → person:${standIn}`]);
    const card = (await user(h, standIn).inbox()).find((m) => m.message.card?.title === '待您决定 · 审定交办')!;
    expect(textOf(card.message)).toContain(`赵明：**${id}**`);
  });

  it('a decision already taken is not nudged', async () => {
    h = await remindersHarness('2026-11-23T10:00:00');
    const id = await draftFor('赵明', '2026-11-23T10:00:00');
    at(h, '2026-11-23T15:00:00');
    await user(h, 'linxiaomei').say(`/督办 交办 ${id} 领导=赵明`);
    await runJobsAt(h, '2026-11-23T16:30:00');
    expect((await reminderPushes(h)).filter((p) => p.kind === 'nudge')).toEqual([]);
  });
});
