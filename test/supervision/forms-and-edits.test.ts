import { afterEach, describe, expect, it } from 'vitest';
import { handleAction } from '../../src/bot/dispatch';
import { loadCalendar } from '../../src/core/calendar/load';
import { loadDirectory } from '../../src/core/org/directory';
import { exportLedger } from '../../src/export/ledger-export';
import type { Harness } from '../helpers/harness';
import { textOf } from '../helpers/sandbox';
import { at, cast, clickButton, footprint, item, latestCard, register, reportsOf, said, supervisionHarness, timeline } from './helpers';

let h: Harness;
afterEach(() => h?.close());

describe('form cards (docs/commands.md: a command without arguments opens a form)', () => {
  it('/督办 opens the registration form for the office; submitting it registers the item', async () => {
    h = await supervisionHarness('2026-09-24T17:00:00');
    const { office, zjjHead } = cast(h);
    const [form] = await office.say('/督办');
    expect(textOf(form!.message)).toContain('登记督查事项');
    expect(said((await zjjHead.say('/督办'))[0]!)).toContain('督查事项由区政府办督查人员登记');
    const first = await latestCard(office, '登记督查事项');
    const chosen = await clickButton(office, first, '下一步', { source: '常务会议' });
    const card = { ...first, message: { kind: 'card', card: chosen.card } };
    const bad = await clickButton(office, card, '登记', { title: '老旧小区改造', lead: '住建局' });
    expect(bad.toast).toMatchObject({ kind: 'error', text: expect.stringContaining('「会议日期=」') });
    const ok = await clickButton(office, card, '登记', { title: '老旧小区改造', lead: '住建局', meeting: '2026-09-24', assisting: '', longRunning: '是' });
    expect(ok.toast.text).toBe('已登记督查事项 DB-2026-0001（草稿），办理期限 2026-10-15。');
    expect(await item(h, 'DB-2026-0001')).toMatchObject({ source: 'standing_meeting', longRunning: true, dueOn: '2026-10-15' });
    expect(textOf((await latestCard(office, '督查事项草稿')).message)).toContain('2026-10-15');
  });

  it.each(['常务会议', '专题会议', '人大建议', '上级督查通知', '领导批示'])(
    'the %s form offers a one-line example of its own source that registers as typed',
    async (source) => {
      h = await supervisionHarness('2026-10-09T09:00:00');
      const { office } = cast(h);
      await office.say('/督办');
      const first = await latestCard(office, '登记督查事项');
      const chosen = await clickButton(office, first, '下一步', { source });
      const example = /也可一行登记：(.+)$/m.exec(textOf({ kind: 'card', card: chosen.card }))?.[1];
      expect(example).toContain(`来源=${source} `);
      const reply = said((await office.say(example!))[0]!);
      expect(reply, reply).toContain('督查事项草稿 · DB-2026-0001');
      expect((await item(h, 'DB-2026-0001'))?.title).toBe('冬季供暖投诉处理');
    },
  );

  it('notice buttons send the form to the clicker’s own chat; submitting it reports', async () => {
    h = await supervisionHarness('2026-09-30T09:00:00');
    const { office, zjjLiaison, sfjHead } = cast(h);
    const id = await register(office, '来源=领导批示 标题=冬季供暖投诉处理 主办=住建局');
    await office.say(`/督办 交办 ${id} 领导=赵明`);
    const notice = await latestCard(zjjLiaison, '督查通知');
    expect((await clickButton(sfjHead, notice, '报送进展')).toast.kind).toBe('error');
    const opened = await clickButton(zjjLiaison, notice, '报送进展');
    expect(opened.toast.text).toBe('已在与督办助手的单聊中发送填写表单。');
    expect(opened.replies).toHaveLength(1);
    const form = await latestCard(zjjLiaison, '报送办理进展');
    const sent = await clickButton(zjjLiaison, form, '提交', { text: '已完成排查' });
    expect(sent.toast.text).toContain('已送 邓鹏 审签');
    expect((await reportsOf(h, id))[0]).toMatchObject({ kind: 'progress', text: '已完成排查', status: 'awaiting_signoff' });
  });

  it('/计划 without an item lists the unit’s open items in a form', async () => {
    h = await supervisionHarness('2026-09-30T09:00:00');
    const { office, zjjLiaison, xlzLiaison } = cast(h);
    const id = await register(office, '来源=领导批示 标题=冬季供暖投诉处理 主办=住建局');
    await office.say(`/督办 交办 ${id} 领导=赵明`);
    expect(said((await xlzLiaison.say('/计划'))[0]!)).toContain('您所在单位目前没有可提交工作计划的督查事项');
    const [picker] = await zjjLiaison.say('/计划');
    expect(textOf(picker!.message)).toContain('提交工作计划');
    const card = await latestCard(zjjLiaison, '提交工作计划');
    const sent = await clickButton(zjjLiaison, card, '提交', { item: id, text: '一周内完成排查' });
    expect(sent.toast.text).toBe(`已提交 ${id} 的工作计划，区政府办将跟踪落实。`);
    // The plan acknowledged the notice too, and reached the office.
    expect(await timeline(h, id)).toEqual(expect.arrayContaining(['住建局 张丽 签收（随报送）', '住建局 张丽 提交工作计划']));
    expect(textOf((await latestCard(office, '工作计划')).message)).toContain('一周内完成排查');
  });

  it('the extension form asks for a date, reason, progress and next steps', async () => {
    h = await supervisionHarness('2026-11-02T09:00:00');
    const { office, zjjHead } = cast(h);
    const id = await register(office, '来源=区政府文件 标题=燃气整治 主办=住建局 期限=2026-11-30');
    await office.say(`/督办 交办 ${id} 领导=赵明`);
    const [form] = await zjjHead.say(`/延期 ${id}`);
    expect(textOf(form!.message)).toContain('申请延至');
    const card = await latestCard(zjjHead, '申请延期');
    expect((await clickButton(zjjHead, card, '提交', { date: '2026-12-20', reason: '材料延迟' })).toast.text).toContain('请填写进展情况');
    expect((await clickButton(zjjHead, card, '提交', { date: '2026-12-20', reason: '材料延迟', progress: '80%', next: '12月15日完成' })).toast.text).toBe(
      '已提交延期申请（延至 2026-12-20），送 赵明 审批。',
    );
  });
});

describe('editing and approving drafts', () => {
  it('the office edits a draft; the deadline is recomputed from the new facts', async () => {
    h = await supervisionHarness('2026-09-30T09:00:00');
    const { office } = cast(h);
    const id = await register(office, '来源=领导批示 标题=冬季供暖 主办=住建局 收文日期=2026-09-30');
    const [edited] = await office.say(`/督办 修改 ${id} 来源=上级批示 标题=冬季供暖保障`);
    expect(textOf(edited!.message)).toContain('2026-10-13');
    expect(await item(h, id)).toMatchObject({ source: 'upper_directive', title: '冬季供暖保障', dueOn: '2026-10-13' });
    expect(await timeline(h, id)).toContain('林小梅 修改：来源、标题；办理期限由 2026-10-10 改为 2026-10-13');
  });

  it('after issue, source and lead unit are fixed; a new assisting unit gets the notice', async () => {
    h = await supervisionHarness('2026-09-30T09:00:00');
    const { office, xlzLiaison } = cast(h);
    const id = await register(office, '来源=领导批示 标题=冬季供暖 主办=住建局');
    await office.say(`/督办 交办 ${id} 领导=赵明`);
    const before = await footprint(h);
    expect(said((await office.say(`/督办 修改 ${id} 主办=财政局`))[0]!)).toBe('督查通知已发出，不能再修改「主办=」。如需变更，请办结后另行登记。');
    expect(await footprint(h)).toEqual(before);
    const [reply] = await office.say(`/督办 修改 ${id} 协办=兴隆镇 期限=2026-10-16`);
    expect(said(reply!)).toBe(`已修改督查事项 ${id}。办理期限：2026-10-16。督查通知已发送至新增协办单位 兴隆镇。`);
    expect(textOf((await latestCard(xlzLiaison, '督查通知')).message)).toContain('2026-10-16');
  });

  it('a leader who disagrees sends the draft back with a reason', async () => {
    h = await supervisionHarness('2026-09-30T09:00:00');
    const { office, zhaoming, sunqiang } = cast(h);
    const id = await register(office, '来源=领导批示 标题=冬季供暖 主办=住建局');
    await office.say(`/督办 送审 ${id} 领导=赵明`);
    const card = await latestCard(zhaoming, '督查事项审定');
    expect((await clickButton(sunqiang, card, '同意交办')).toast.text).toContain('您不是本事项的审定领导');
    const declined = await clickButton(zhaoming, card, '不同意交办', { reason: '请明确责任人' });
    expect(declined.toast.text).toBe('已退回区政府办修改。');
    expect(await item(h, id)).toMatchObject({ status: 'draft', approvalLeaderId: null });
    expect(
      (await office.inbox()).some(
        (m) => m.message.kind === 'text' && m.message.text.includes('赵明 不同意交办督查事项 DB-2026-0001「冬季供暖」：请明确责任人'),
      ),
    ).toBe(true);
    expect((await clickButton(zhaoming, card, '同意交办')).toast.kind).toBe('error');
  });
});

describe('concurrent clicks decide once', () => {
  it('two office staff accepting the same report at the same moment: one decision, one "already handled"', async () => {
    h = await supervisionHarness('2026-09-30T09:00:00');
    const { office, zjjHead } = cast(h);
    const id = await register(office, '来源=领导批示 标题=冬季供暖 主办=住建局');
    await office.say(`/督办 交办 ${id} 领导=赵明`);
    await zjjHead.say(`/办结 ${id} 完成`);
    const [report] = await reportsOf(h, id);
    at(h, '2026-09-30T10:00:00');
    const dir = await loadDirectory(h.db);
    const click = (personId: string, key: string) =>
      handleAction(h.deps, dir, {
        platform: 'sandbox',
        dedupeKey: key,
        actor: dir.person(personId)!,
        action: 'sup.review',
        payload: { report: String(report!.id), decision: 'accept' },
        form: {},
      });
    const results = await Promise.all([click('linxiaomei', 'race-1'), click('hejun', 'race-2')]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['committed', 'conflict']);
    expect(results.find((r) => r.outcome === 'conflict')!.response.toast.text).toContain('刚刚已被他人处理');
    expect(await item(h, id)).toMatchObject({ status: 'completed' });
    expect((await timeline(h, id)).filter((l) => l.includes('审核通过'))).toHaveLength(1);
  });
});

describe('typed text is kept as typed: only keys and numbers are normalised for parsing', () => {
  it('a title and content typed with Chinese punctuation keep it on the card, in the ledger and in the export', async () => {
    h = await supervisionHarness('2026-09-30T09:00:00');
    const { office } = cast(h);
    const title = '关于（试点）工作：落实，检查；整改';
    const id = await register(office, `来源＝领导批示 标题=${title} 内容=第一，排查；第二，整改（限期） 主办=住建局 收文日期=２０２６-09-30`);
    expect(await item(h, id)).toMatchObject({ title, content: '第一，排查；第二，整改（限期）', receivedOn: '2026-09-30' });
    expect(textOf((await latestCard(office, '督查事项草稿')).message)).toContain(`**${title}**`);
    const file = await exportLedger({ db: h.db, dir: await loadDirectory(h.db), calendar: await loadCalendar(h.db), now: h.clock.now() }, {}, 'csv');
    expect(new TextDecoder().decode(file.body)).toContain(title);
  });
});
