import { mdSource } from '../../src/core/messages';
import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { sandboxUser, textOf } from '../helpers/sandbox';
import { approvedLeave } from '../leave/helpers';
import { at, cast, clickButton, footprint, register, reportsOf, said, supervisionHarness, type User } from '../supervision/helpers';

let h: Harness;
afterEach(() => h?.close());

type Reply = Awaited<ReturnType<User['say']>>[number];

/** The /待办 (or /审批) card's matter lines. */
const lines = (reply: Reply): string[] => reply.message.card.blocks.filter((b: any) => b.type === 'markdown').map((b: any) => mdSource(b.text));

/** Clicks 打开 on the first line containing `needle` and returns the live card it sent. */
async function open(user: User, list: Reply, needle: string): Promise<Reply> {
  const index = lines(list).findIndex((l) => l.includes(needle));
  expect(index, `no line with ${needle} in\n${lines(list).join('\n')}`).toBeGreaterThanOrEqual(0);
  const button = list.message.card.blocks.filter((b: any) => b.type === 'buttons')[index].buttons[0];
  const res = await user.click(list.messageId, { action: button.action, ...button.payload });
  expect(res.toast.kind, res.toast.text).toBe('info');
  expect(res.replies).toHaveLength(1);
  return res.replies[0];
}

async function issued(office: User, line: string): Promise<string> {
  const id = await register(office, line);
  await office.say(`/督办 交办 ${id} 领导=赵明`);
  return id;
}

describe('Art. 40 /待办: a unit head sees the report waiting for his 审签 and acts from it', () => {
  it('lists the 审签 with its deadline and light, opens the report card, and the sign-off clears it', async () => {
    h = await supervisionHarness('2026-11-23T09:00:00');
    const { office, zjjHead, zjjLiaison } = cast(h);
    const id = await issued(office, '来源=区政府文件 标题=物业服务专项检查 主办=住建局 期限=2026-11-26');
    await zjjLiaison.say(`/进展 ${id} 已检查 12 个小区`);
    at(h, '2026-11-24T10:00:00');

    const [list] = await zjjHead.say('/待办');
    expect(list!.message.card.title).toMatch(/^待办 · \d+ 件$/);
    const signoff = lines(list!).find((l) => l.includes('审签报告'))!;
    expect(signoff).toContain(`**${id}** 物业服务专项检查｜住建局办理进展报告（第1轮）｜待单位主要领导审签｜起草人 张丽`);
    expect(signoff).toContain('🟡');
    expect(signoff).toContain('期限 2026-11-26（周四）');
    expect(signoff).toContain('已等待 1 天');
    // Oldest first: the acknowledgement of 11-23 09:00 was made by the report itself, the plan is still owed since then.
    expect(lines(list!).map((l) => /\*\*(\S+)\*\*｜/.exec(l)?.[1])).toEqual(['工作计划', '审签报告']);

    const [approvals] = await zjjHead.say('/审批');
    expect(approvals!.message.card.title).toBe('待您审批 · 1 件');

    const report = await open(zjjHead, list!, '审签报告');
    expect(report.message.card.title).toBe(`办理进展报告 · ${id} · 住建局`);
    const res = await clickButton(zjjHead, report as any, '审签通过');
    expect(res.toast.kind, res.toast.text).toBe('success');
    expect((await reportsOf(h, id))[0]!.status).toBe('submitted');
    expect((await zjjHead.say('/审批')).map(said)).toEqual(['目前没有等待您审批的事项。您还有 1 件其他待办，发送 /待办 查看。']);
    // The office now has the report to receive.
    expect(lines((await office.say('/待办'))[0]!).some((l) => l.includes('签收报告') && l.includes(id))).toBe(true);
  });

  it('a head who sends /进展 while his own 审签 waits is told to sign, not to wait for himself', async () => {
    h = await supervisionHarness('2026-11-23T09:00:00');
    const { office, zjjHead, zjjLiaison } = cast(h);
    const id = await issued(office, '来源=区政府文件 标题=物业服务专项检查 主办=住建局 期限=2026-11-26');
    await zjjLiaison.say(`/进展 ${id} 已检查 12 个小区`);
    const before = await footprint(h);
    const [reply] = await zjjHead.say(`/进展 ${id} 我另写一份`);
    expect(said(reply!)).toBe(
      '依据《工作规则》第四十条，住建局的办理进展报告（第1轮，起草人 张丽）正待您审签：请在报告卡片上审签通过或退回修改（发送 /待办 可打开该报告），审签后即报送区政府办。',
    );
    expect(said(reply!)).not.toContain('请等处理完毕');
    expect(await footprint(h)).toEqual(before);
    // Anyone else still waits.
    expect(said((await zjjLiaison.say(`/进展 ${id} 再补充`))[0]!)).toBe('住建局的办理进展报告（第1轮）待单位主要领导审签，请等处理完毕后再报送。');
  });
});

describe('Art. 40 /待办: a deputy sees the draft waiting for his 审定 and approves it from there', () => {
  it('lists the draft, opens the approval card, and 同意交办 issues the notice', async () => {
    h = await supervisionHarness('2026-11-23T09:00:00');
    const { office, zhaoming } = cast(h);
    const id = await register(office, '来源=区政府文件 标题=校园周边交通整治 主办=住建局 期限=2026-12-20');
    await office.say(`/督办 送审 ${id} 领导=赵明`);
    const [list] = await zhaoming.say('/待办');
    expect(lines(list!)).toHaveLength(1);
    expect(lines(list!)[0]).toContain(`审定交办**｜**${id}** 校园周边交通整治｜督查事项草稿待审定交办（第四十条 督查交办）`);
    expect((await zhaoming.say('/审批'))[0]!.message.card.title).toBe('待您审批 · 1 件');
    const card = await open(zhaoming, list!, id);
    expect(card.message.card.title).toBe(`督查事项审定 · ${id}`);
    const res = await clickButton(zhaoming, card as any, '同意交办');
    expect(res.toast.kind, res.toast.text).toBe('success');
    expect((await zhaoming.say('/待办')).map(said)).toEqual(['目前没有等待您处理的事项。']);
  });
});

describe("Art. 11 /待办: 打开 on a deputy's leave shows the approver the A/B overlap warning", () => {
  it('the card opened from the list warns, as the card pushed at filing does, that both partners would be away', async () => {
    h = await supervisionHarness('2026-11-26T09:00:00');
    const { zhaoming, sunqiang } = cast(h);
    const head = sandboxUser(h, 'chenzhiyuan');
    await zhaoming.say('/请假 11月30日-12月1日 出省 因公 北京 开会');
    await sunqiang.say('/请假 12月1日-12月2日 出省 因公 哈尔滨 培训');
    const [list] = await head.say('/待办');
    const card = await open(head, list!, '孙强 请假');
    expect(textOf(card.message)).toContain('⚠️ AB角同时外出：赵明 也申请了外出');
  });
});

describe("Art. 11 /待办: a stand-in opening an absent leader's matter is told he acts for him", () => {
  it("the draft card 孙强 opens while 赵明 is away says that 孙强 decides in 赵明's place", async () => {
    h = await supervisionHarness('2026-11-23T09:00:00');
    const { office, sunqiang } = cast(h);
    const id = await register(office, '来源=区政府文件 标题=校园周边交通整治 主办=住建局 期限=2026-12-20');
    await office.say(`/督办 送审 ${id} 领导=赵明`);
    await approvedLeave(h, 'zhaoming', '/请假 11月26日-11月27日 出省 因公 北京 开会', ['chenzhiyuan', 'zhengguohua']);
    at(h, '2026-11-26T10:00:00');
    const card = await open(sunqiang, (await sunqiang.say('/待办'))[0]!, id);
    expect(textOf(card.message)).toContain('赵明 请假外出，由您（AB角代批）代为处理（第十一条）。');
  });
});

describe('Art. 11 /待办: the office follows an extension under the name of whoever decides it now', () => {
  it("while 赵明 is away the office's line says 孙强 decides for him, as the requester was told", async () => {
    h = await supervisionHarness('2026-11-23T09:00:00');
    const { office, zjjHead, sunqiang } = cast(h);
    const id = await issued(office, '来源=区政府文件 标题=背街小巷路灯维修 主办=住建局 期限=2026-12-30');
    await approvedLeave(h, 'zhaoming', '/请假 11月26日-11月27日 出省 因公 北京 开会', ['chenzhiyuan', 'zhengguohua']);
    at(h, '2026-11-26T10:00:00');
    await zjjHead.say(`/签收 ${id}`);
    expect(said((await zjjHead.say(`/延期 ${id} 2027年1月15日 原因 灯具未到货 进展 已修复20处 下一步 采购灯具`))[0]!)).toContain(
      '送 孙强（AB角代批，代 赵明） 审批',
    );
    const watch = lines((await office.say('/待办'))[0]!).find((l) => l.includes('延期跟踪'));
    expect(watch).toContain('待 孙强（AB角代批，代 赵明） 审批');
    // The extension card itself names who decides now, not the absent addressee, wherever it is seen.
    const asked = (await sunqiang.inbox()).find((m) => m.message.card?.title?.includes('延期申请'));
    expect(textOf(asked!.message)).toContain('审批: 孙强（AB角代批，代 赵明）');
    expect(textOf(asked!.message)).not.toContain('审批: 赵明');
    const opened = await open(office, (await office.say('/待办'))[0]!, '延期跟踪');
    expect(textOf(opened.message)).toContain('审批: 孙强（AB角代批，代 赵明）');
  });
});

describe('Art. 11 /待办 of the absent leader: what is addressed to him and who handles it meanwhile', () => {
  it('赵明, away, sees his pending extension and the leave step waiting for him, each with 孙强 (AB角代批) named', async () => {
    h = await supervisionHarness('2026-11-23T09:00:00');
    const { office, zjjHead, zhaoming } = cast(h);
    const id = await issued(office, '来源=区政府文件 标题=背街小巷路灯维修 主办=住建局 期限=2026-12-30');
    await approvedLeave(h, 'zhaoming', '/请假 11月26日-11月27日 出省 因公 北京 开会', ['chenzhiyuan', 'zhengguohua']);
    at(h, '2026-11-26T10:00:00');
    await zjjHead.say(`/签收 ${id}`);
    await zjjHead.say(`/延期 ${id} 2027年1月15日 原因 灯具未到货 进展 已修复20处 下一步 采购灯具`);
    await sandboxUser(h, 'majun').say('/请假 12月7日 省内其他市 因公 哈尔滨 开会');
    const [reply] = await zhaoming.say('/待办');
    expect(reply!.message.card.title).toBe('待办 · 外出期间由他人代办 2 件');
    const text = textOf(reply!.message);
    expect(text).toContain('您请假外出期间（至 2026-11-27（周五）），以下 2 件由他人代为处理（第十一条）');
    expect(text).toMatch(new RegExp(`延期审批\\*\\*｜\\*\\*${id}\\*\\* 背街小巷路灯维修｜住建局申请延期至 .*｜由 孙强（AB角代批） 处理`));
    expect(text).toMatch(/请假审批\*\*｜马军 请假（编号 \d+，.*｜由 孙强（AB角代批） 处理/);
    expect(text).toContain('提前返岗的，发送 /销假 后恢复由您本人办理。');
    expect(said((await zhaoming.say('/审批'))[0]!)).toBe('目前没有等待您审批的事项。您请假外出期间，有 2 件待审批事项由他人代为处理，发送 /待办 查看办理人。');
    // Present again (after his leave), the note is gone and the matters are his own.
    at(h, '2026-11-30T10:00:00');
    const back = textOf((await zhaoming.say('/待办'))[0]!.message);
    expect(back).not.toContain('由他人代为处理');
    expect(back).toContain('延期审批');
  });
});

describe('/待办 bad input changes nothing', () => {
  it('opening a matter that is not waiting for me (forged or already done) is refused with a clear message', async () => {
    h = await supervisionHarness('2026-11-23T09:00:00');
    const { office, zjjLiaison, xlzLiaison } = cast(h);
    const id = await issued(office, '来源=区政府文件 标题=物业服务专项检查 主办=住建局 协办=兴隆镇 期限=2026-11-26');
    await zjjLiaison.say(`/进展 ${id} 已检查 12 个小区`);
    const [list] = await xlzLiaison.say('/待办');
    expect(lines(list!).some((l) => l.includes('签收通知') && l.includes('兴隆镇（协办）未签收'))).toBe(true);
    const before = await footprint(h);
    for (const ref of ['report:1', 'draft:DB-2026-0099', 'nonsense', '']) {
      const res = await xlzLiaison.click(list!.messageId, { action: 'todo.open', ref });
      expect(res.toast).toEqual({ kind: 'error', text: '这件待办已处理，或不归您处理。请发送 /待办 查看最新列表。' });
      expect(res.replies ?? []).toHaveLength(0);
    }
    expect(await footprint(h)).toEqual(before);
    expect((await xlzLiaison.say('/待办 全部')).map(said)).toEqual(['/待办 不需要参数，直接发送 /待办 即可。']);
    expect(textOf((await xlzLiaison.say('/todo'))[0]!.message)).toContain('待办 · 1 件');
  });
});
