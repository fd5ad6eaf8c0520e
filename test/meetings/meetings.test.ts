import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { meetingAbsences, meetings, supervisionItems } from '../../db/schema';
import { makeHarness, type Harness } from '../helpers/harness';
import { sandboxUser, textOf } from '../helpers/sandbox';
import { approvedLeave, buttonValue, runJobs, setClock, texts } from '../leave/helpers';
import { approveAll, cardOf, click, rowCounts, say } from './helpers';

let h: Harness;
afterEach(() => h?.close());

const OFFICE = 'linxiaomei';

describe('Art. 50–52 the office schedules a meeting; attendees get the notice with 请假 (Art. 55)', () => {
  it('a standing meeting: host the head, the head and deputies notified; 请假 on the notice files the Art. 55 absence to the head', async () => {
    h = await makeHarness({ now: '2026-12-01T09:00:00+08:00' });
    const reply = await say(h, OFFICE, '/会议 安排 类别=常务会议 名称=第12次常务会议 日期=12月3日');
    expect(reply).toContain('区政府常务会议 · 第12次常务会议（会议编号 1）');
    expect(reply).toContain('主持人: 陈志远');
    expect(reply).toContain('依据《工作规则》第五十二条：区政府常务会议由区长召集和主持');
    const notice = (await sandboxUser(h, 'zhaoming').inbox()).find((m) => m.message.kind === 'card' && m.message.card.title.startsWith('会议通知'))!;
    expect(textOf(notice.message)).toContain('[请假]');
    const hostNotice = (await sandboxUser(h, 'chenzhiyuan').inbox()).find((m) => m.message.kind === 'card' && m.message.card.title.startsWith('会议通知'))!;
    expect(textOf(hostNotice.message)).not.toContain('[请假]');
    const res = await click(h, 'zhaoming', notice, '请假', { reason: '赴省里汇报' });
    expect(res.toast.kind).toBe('success');
    const [absence] = await h.db.select().from(meetingAbsences);
    expect(absence).toMatchObject({ requesterId: 'zhaoming', meeting: 'standing', meetingDate: '2026-12-03', addresseeId: 'chenzhiyuan' });
  });

  it('a topic meeting is hosted by a deputy (Art. 53); a unit head cannot host; only the office schedules', async () => {
    h = await makeHarness({ now: '2026-12-01T09:00:00+08:00' });
    expect(await say(h, OFFICE, '/会议 安排 类别=专题会议 名称=供暖专题会 日期=12月8日 主持人=邓鹏')).toContain('依据《工作规则》第五十三条');
    expect(await say(h, 'dengpeng', '/会议 安排 类别=常务会议 名称=常务会 日期=12月8日')).toContain('依据《工作规则》第五十条，会务工作由区政府办公室负责');
    expect(await say(h, OFFICE, '/会议 安排 类别=常务会议 名称=常务会 日期=12月8日 主持人=赵明')).toContain('依据《工作规则》第五十二条');
    expect((await rowCounts(h)).meetings).toBe(0);
    expect(await say(h, OFFICE, '/会议 安排 类别=专题会议 名称=供暖专题会 日期=12月8日 主持人=赵明 参会=邓鹏,马军')).toContain('参会: 赵明、邓鹏、马军');
  });
});

describe('Art. 54 agenda items: supervising deputy → executive deputy → head, legality review first', () => {
  it('an item touching normative documents without a passed legality review cannot go on the agenda; nothing written', async () => {
    h = await makeHarness({ now: '2026-12-01T09:00:00+08:00' });
    await say(h, OFFICE, '/会议 安排 类别=常务会议 名称=第12次常务会议 日期=12月3日');
    const before = await rowCounts(h);
    expect(await say(h, 'dengpeng', '/会议 议题 会议=1 标题=物业管理办法（修订） 涉及规范性文件=是')).toBe(
      '依据《工作规则》第五十四条，涉及法规规章和行政规范性文件的，应在会前履行合法性审核程序。未经合法性审核或经审核不合法的，不得提交会议审议。请先履行合法性审核程序，审核通过后写「合法性审核=已通过」再提交。',
    );
    expect(await rowCounts(h)).toEqual(before);
    expect(await say(h, 'dengpeng', '/会议 议题 会议=1 标题=物业管理办法（修订） 涉及规范性文件=是 合法性审核=已通过')).toContain(
      '合法性审核: 涉及规范性文件，已通过合法性审核',
    );
  });

  it('travels 赵明 (分管) → 刘建国 (常务) → 陈志远 (区长); a return reaches the unit, which resubmits for a new round', async () => {
    h = await makeHarness({ now: '2026-12-01T09:00:00+08:00' });
    await say(h, OFFICE, '/会议 安排 类别=常务会议 名称=第12次常务会议 日期=12月3日');
    await say(h, 'dengpeng', '/会议 议题 会议=1 标题=老旧小区改造实施方案');
    expect((await click(h, 'liujianguo', await cardOf(h, 'zhaoming', '议题', 1), '同意')).toast.text).toBe(
      '依据《工作规则》第五十四条，这一步（分管领导审核提出）由 赵明 办理，您无权操作。',
    );
    await approveAll(h, '议题', 1, ['zhaoming']);
    const card = await cardOf(h, 'liujianguo', '议题', 1);
    const form = await click(h, 'liujianguo', card, '退回');
    expect(form.card.title).toBe('退回议题 · 老旧小区改造实施方案（编号 1）');
    const formCard = await cardOf(h, 'liujianguo', '退回议题', 1);
    expect((await click(h, 'liujianguo', formCard, '确认退回', { reason: '' })).toast.text).toBe('退回须写明理由，请填写后再提交。');
    expect((await click(h, 'liujianguo', formCard, '确认退回', { reason: '请补充资金测算' })).toast.text).toBe('已退回，已告知提交人。');
    expect((await texts(h, 'dengpeng')).join('\n')).toContain('被 刘建国 退回（常务副区长审核）：请补充资金测算');
    const own = await cardOf(h, 'dengpeng', '议题', 1);
    expect((await click(h, 'dengpeng', own, '重新提交')).toast.text).toBe('已重新提交（第2轮）。');
    const last = await approveAll(h, '议题', 1, ['zhaoming', 'liujianguo', 'chenzhiyuan']);
    expect(last.toast.text).toBe('已签批完成。');
    expect(textOf(last.card)).toContain('签批流程（第2轮）');
    expect(textOf(last.card)).toContain(
      '依据《工作规则》第五十四条：提请区政府全体会议和常务会议讨论的议题，由区政府分管领导协调和审核后提出，经常务副区长审核后，报区长审定。',
    );
  });

  it('while the head is away, his entrusted deputy approves (Art. 9); the head is refused', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    await approvedLeave(h, 'chenzhiyuan', '/请假 11月30日-12月2日 出省 因公 北京 参加培训 委托=王丽', ['zhengguohua', 'linxiaomei']);
    await setClock(h, '2026-11-30T09:00:00+08:00');
    await say(h, OFFICE, '/会议 安排 类别=常务会议 名称=第12次常务会议 日期=12月3日');
    await say(h, 'dengpeng', '/会议 议题 会议=1 标题=老旧小区改造实施方案');
    await approveAll(h, '议题', 1, ['zhaoming', 'liujianguo']);
    const card = await cardOf(h, 'wangli', '议题', 1);
    expect((await click(h, 'chenzhiyuan', card, '同意')).toast.text).toContain('您正在请假外出，期间由 王丽（受区长委托代行区长职务） 代为处理本事项');
    expect((await click(h, 'wangli', card, '同意')).toast.text).toBe('已签批完成。');
    expect(textOf((await cardOf(h, 'dengpeng', '议题', 1)).message)).toContain('区长审定 · 王丽（受区长委托代行区长职务，代 陈志远） · 已同意');
  });
});

describe('Art. 56 minutes → Art. 40 supervision items', () => {
  it('standing minutes: 刘建国 reviews, 陈志远 signs; each decision becomes a draft item due 10 working days after the meeting on the 调休 calendar', async () => {
    h = await makeHarness({ now: '2026-09-21T09:00:00+08:00' });
    await say(h, OFFICE, '/会议 安排 类别=常务会议 名称=第9次常务会议 日期=9月24日');
    expect(await say(h, OFFICE, '/会议 纪要 1\n老旧小区改造｜住建局')).toContain('会后才能报送纪要');
    await setClock(h, '2026-09-24T16:00:00+08:00');
    const reply = await say(h, OFFICE, '/会议 纪要 1\n老旧小区改造｜住建局\n秋冬季供暖准备｜兴隆镇');
    expect(reply).toContain('议定事项1: 老旧小区改造（主办 住建局）');
    expect(reply).toContain('1. 常务副区长审核 · 刘建国 · 待处理');
    const last = await approveAll(h, '会议纪要', 1, ['liujianguo', 'chenzhiyuan']);
    expect(last.toast.text).toBe('已签批完成。议定事项已登记为督查事项：DB-2026-0001（期限 2026-10-15）、DB-2026-0002（期限 2026-10-15）。');
    const items = await h.db.select().from(supervisionItems);
    expect(items.map((i) => [i.source, i.leadUnitId, i.meetingOn, i.dueOn, i.status])).toEqual([
      ['standing_meeting', 'zjj', '2026-09-24', '2026-10-15', 'draft'],
      ['standing_meeting', 'xlz', '2026-09-24', '2026-10-15', 'draft'],
    ]);
    const [meeting] = await h.db.select().from(meetings).where(eq(meetings.id, 1));
    expect(meeting!.minutesStatus).toBe('signed');
    expect((await texts(h, 'hejun')).some((t) => t.includes('DB-2026-0001'))).toBe(true);
  });

  it('plenary minutes (Art. 51, 56): each decision needs the deadline the notice names (Art. 40 sets none) and becomes a 全体会议 item', async () => {
    h = await makeHarness({ now: '2026-11-30T09:00:00+08:00' });
    await say(h, OFFICE, '/会议 安排 类别=全体会议 名称=区政府第5次全体会议 日期=12月1日');
    await setClock(h, '2026-12-01T16:00:00+08:00');
    const before = await rowCounts(h);
    expect(await say(h, OFFICE, '/会议 纪要 1\n冬季安全生产检查｜住建局')).toContain('期限');
    expect(await rowCounts(h)).toEqual(before);
    await say(h, OFFICE, '/会议 纪要 1\n冬季安全生产检查｜住建局｜12月31日');
    expect((await approveAll(h, '会议纪要', 1, ['liujianguo', 'chenzhiyuan'])).toast.text).toContain('DB-2026-0001（期限 2026-12-31）');
    const [item] = await h.db.select().from(supervisionItems);
    expect(item).toMatchObject({ source: 'plenary_meeting', dueOn: '2026-12-31', meetingOn: '2026-12-01' });
  });

  it('a topic meeting’s minutes are signed by its host; each decision needs its time node', async () => {
    h = await makeHarness({ now: '2026-11-18T09:00:00+08:00' });
    await say(h, OFFICE, '/会议 安排 类别=专题会议 名称=学校扩建协调会 日期=11月20日 主持人=赵明 参会=邓鹏');
    await setClock(h, '2026-11-20T15:00:00+08:00');
    expect(await say(h, OFFICE, '/会议 纪要 1\n学校扩建｜住建局')).toContain('第1条议定事项「学校扩建｜住建局」：「节点=」');
    await say(h, OFFICE, '/会议 纪要 1\n学校扩建｜住建局｜12月20日');
    expect((await approveAll(h, '会议纪要', 1, ['zhaoming'])).toast.text).toContain('DB-2026-0001（期限 2026-12-20）');
    const [item] = await h.db.select().from(supervisionItems);
    expect(item).toMatchObject({ source: 'topic_meeting', dueOn: '2026-12-20', meetingOn: '2026-11-20' });
  });

  it('bad decision lines get a Chinese error and write nothing; typed markup stays text', async () => {
    h = await makeHarness({ now: '2026-09-24T16:00:00+08:00' });
    await setClock(h, '2026-09-21T09:00:00+08:00');
    await say(h, OFFICE, '/会议 安排 类别=常务会议 名称=第9次常务会议 日期=9月24日');
    await setClock(h, '2026-09-24T16:00:00+08:00');
    const before = await rowCounts(h);
    expect(await say(h, OFFICE, '/会议 纪要 1\n老旧小区改造')).toContain('应写成「事项｜主办单位」');
    expect(await say(h, OFFICE, '/会议 纪要 1\n老旧小区改造｜不存在局')).toContain('通讯录中没有单位「不存在局」');
    expect(await say(h, OFFICE, '/会议 纪要 9\n老旧小区改造｜住建局')).toContain('没有会议编号 9');
    expect(await say(h, 'dengpeng', '/会议 纪要 1\n老旧小区改造｜住建局')).toContain('会务工作由区政府办公室负责');
    expect(await rowCounts(h)).toEqual(before);
    const replies = await sandboxUser(h, OFFICE).say('/会议 纪要 1\n[详情](https://evil.example) <at id=all></at>｜住建局');
    const fields = replies[0]!.message.card.blocks.find((b: any) => b.type === 'fields').fields;
    expect(fields.find((f: any) => f.label === '议定事项1').value).toBe('[详情](https://evil.example) <at id=all></at>（主办 住建局）');
  });
});

describe('Art. 54, 56 sign-offs in /待办 and the daily digest, with stand-ins (Art. 9, 11)', () => {
  it('the pending step is in its leader’s /待办 and opens the card with 同意; the digest lists it', async () => {
    h = await makeHarness({ now: '2026-12-01T09:00:00+08:00' });
    await say(h, OFFICE, '/会议 安排 类别=常务会议 名称=第12次常务会议 日期=12月3日');
    await say(h, 'dengpeng', '/会议 议题 会议=1 标题=老旧小区改造实施方案');
    const [todo] = await sandboxUser(h, 'zhaoming').say('/待办');
    expect(textOf(todo!.message)).toContain('议题「老旧小区改造实施方案」（编号 1）｜分管领导审核提出');
    expect(await say(h, 'liujianguo', '/待办')).not.toContain('老旧小区改造实施方案');
    const open = await sandboxUser(h, 'zhaoming').click(todo!.messageId, buttonValue(todo!.message, '打开'));
    expect(textOf(open.card ?? open.replies?.[0]?.message)).toContain('[同意]');
    await runJobs(h);
    const digest = (await texts(h, 'zhaoming')).find((t) => t.includes('每日') || t.includes('待您决定') || t.includes('督办提醒'));
    expect(digest, (await texts(h, 'zhaoming')).join('\n---\n')).toContain('议题「老旧小区改造实施方案」（编号 1）｜分管领导审核提出');
  });

  it('a deputy away: the A/B partner gets the step in /待办 and decides it', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    await approvedLeave(h, 'zhaoming', '/请假 11月30日-12月2日 出省 因公 北京 参加培训', ['chenzhiyuan', 'zhengguohua']);
    await setClock(h, '2026-11-30T09:00:00+08:00');
    await say(h, OFFICE, '/会议 安排 类别=常务会议 名称=第12次常务会议 日期=12月3日');
    await say(h, 'dengpeng', '/会议 议题 会议=1 标题=老旧小区改造实施方案');
    expect(await say(h, 'sunqiang', '/待办')).toContain('议题「老旧小区改造实施方案」（编号 1）｜分管领导审核提出');
    const card = await cardOf(h, 'sunqiang', '议题', 1);
    expect((await click(h, 'sunqiang', card, '同意')).toast.text).toBe('已同意，转 常务副区长审核。');
  });
});

describe('Art. 54 cards refreshed in place', () => {
  it('a decided step’s card loses its buttons and shows the decision; the next decider’s card has them', async () => {
    h = await makeHarness({ now: '2026-12-01T09:00:00+08:00' });
    await say(h, OFFICE, '/会议 安排 类别=常务会议 名称=第12次常务会议 日期=12月3日');
    await say(h, 'dengpeng', '/会议 议题 会议=1 标题=老旧小区改造实施方案');
    const first = await cardOf(h, 'zhaoming', '议题', 1);
    await click(h, 'zhaoming', first, '同意');
    await h.settle();
    const refreshed = (await sandboxUser(h, 'zhaoming').inbox()).find((m) => m.messageId === first.messageId)!;
    expect(textOf(refreshed.message)).toContain('1. 分管领导审核提出 · 赵明 · 已同意');
    expect(textOf(refreshed.message)).not.toContain('[同意]');
    expect(textOf((await cardOf(h, 'liujianguo', '议题', 1)).message)).toContain('[同意]');
    expect(textOf((await cardOf(h, 'dengpeng', '议题', 1)).message)).toContain('2. 常务副区长审核 · 刘建国 · 待处理');
  });
});
