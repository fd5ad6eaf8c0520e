import { afterEach, describe, expect, it } from 'vitest';
import { PROVISIONAL_NOTE } from '../../src/core/calendar/types';
import { importYear } from '../../src/core/calendar/import-year';
import type { Harness } from '../helpers/harness';
import { textOf } from '../helpers/sandbox';
import { at, cast, item, latestCard, register, said, supervisionHarness, timeline } from './helpers';

let h: Harness;
afterEach(() => h?.close());

describe('Art. 40 deadlines through the bot', () => {
  it('a standing meeting on 2026-09-24 reports within 10 working days: 2026-10-15, across Mid-Autumn and National Day', async () => {
    h = await supervisionHarness('2026-09-24T17:00:00');
    const { office, zjjLiaison } = cast(h);
    const id = await register(office, '来源=常务会议 标题=老旧小区改造 主办=住建局 会议日期=2026-09-24');
    const draft = textOf((await latestCard(office, '督查事项草稿')).message);
    expect(draft).toContain('办理期限: 2026-10-15（周四） · 依据第四十条');
    expect(draft).toContain('依据第四十条：区政府常务会议决定事项的落实情况，应在会后10个工作日内报送');
    expect(draft).toContain('会议日期: 2026-09-24');
    await office.say(`/督办 交办 ${id} 领导=赵明`);
    expect(textOf((await latestCard(zjjLiaison, '督查通知')).message)).toContain('2026-10-15（周四）');
  });

  it('an NPC suggestion assigned 2026-06-12: 3 months end on Saturday 09-12, so the reply is due Monday 2026-09-14', async () => {
    h = await supervisionHarness('2026-06-12T10:00:00');
    const { office } = cast(h);
    const id = await register(office, '来源=人大建议 标题=关于增设公交站点的建议 文号=第0123号 主办=住建局 交办日期=2026-06-12');
    const draft = textOf((await latestCard(office, '督查事项草稿')).message);
    expect(draft).toContain('办理期限: 2026-09-14（周一） · 依据第四十条');
    expect(draft).toContain('来源: 人大建议（第0123号）');
    expect(await item(h, id)).toMatchObject({ dueOn: '2026-09-14', assignedOn: '2026-06-12', dueProvisional: false });
  });

  it("a 收文日期 without a year is the last such day, not next year's", async () => {
    h = await supervisionHarness('2026-12-14T10:00:00');
    const { office } = cast(h);
    const id = await register(office, '来源=领导批示 标题=回复群众来信 主办=住建局 收文日期=12月10日');
    expect(await item(h, id)).toMatchObject({ receivedOn: '2026-12-10', dueOn: '2026-12-15' });
  });

  it('交办日期 defaults to today for NPC and CPPCC items, 收文日期 for the others', async () => {
    h = await supervisionHarness('2026-06-12T10:00:00');
    const { office } = cast(h);
    const npc = await register(office, '来源=政协提案 标题=停车难 主办=住建局');
    const leader = await register(office, '来源=领导批示 标题=回复群众来信 主办=住建局');
    expect(await item(h, npc)).toMatchObject({ assignedOn: '2026-06-12', dueOn: '2026-09-14' });
    expect(await item(h, leader)).toMatchObject({ receivedOn: '2026-06-12', dueOn: '2026-06-17', assignedOn: null });
  });

  it('a deadline into 2027 is provisional until the 2027 schedule is imported, then recomputed', async () => {
    h = await supervisionHarness('2026-12-30T09:00:00');
    const { office, zjjLiaison } = cast(h);
    const id = await register(office, '来源=领导批示 标题=元旦保供 主办=住建局 收文日期=2026-12-30');
    expect(textOf((await latestCard(office, '督查事项草稿')).message)).toContain(PROVISIONAL_NOTE);
    const fixed = await register(office, '来源=重点项目 标题=跨年项目 主办=住建局 期限=2027-01-08');
    await office.say(`/督办 交办 ${id} 领导=赵明`);
    const notice = textOf((await latestCard(zjjLiaison, '督查通知')).message);
    expect(notice).toContain('2027-01-04（周一） · 依据第四十条（暂定）');
    expect(notice).toContain(PROVISIONAL_NOTE);
    expect(await item(h, id)).toMatchObject({ dueOn: '2027-01-04', dueProvisional: true });

    at(h, '2026-12-31T09:00:00');
    const file = JSON.stringify({
      year: 2027,
      source_url: 'https://www.gov.cn/zhengce/content/2027-test.htm',
      dates: ['2027-01-01', '2027-01-02', '2027-01-03'].map((date) => ({ date, name: '元旦', type: 'public_holiday' })),
    });
    const result = await importYear(h.db, file, { by: 'linxiaomei', now: h.clock.now() });
    expect(result.storedChanges).toEqual([{ holder: '督查事项办理期限', subject: `item:${id}`, field: 'deadline', before: '2027-01-04', after: '2027-01-05' }]);
    expect(await item(h, id)).toMatchObject({ dueOn: '2027-01-05', dueProvisional: false });
    expect(await item(h, fixed)).toMatchObject({ dueOn: '2027-01-08', dueProvisional: false });
    expect(await timeline(h, id)).toContain('节假日安排公布后，办理期限由 2027-01-04（周一） 调整为 2027-01-05（周二）');
    // Importing the same file again changes nothing.
    expect((await importYear(h.db, file, { by: 'linxiaomei', now: h.clock.now() })).storedChanges).toEqual([]);
    const [shown] = await office.say(`/督办 查看 ${id}`);
    expect(said(shown!)).not.toContain(PROVISIONAL_NOTE);
  });
});
