import { mdSource } from '../../src/core/messages';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { textOf } from '../helpers/sandbox';
import { approvedLeave, file } from '../leave/helpers';
import { at, issueItem, reminderPushes, remindersHarness, runJobsAt, user } from './helpers';

/**
 * One realistic Thursday, 2026-11-26, set up through the commands people type, then the 09:00 run.
 *
 * - A  领导批示 received 11-16 → due 11-19, 5 working days late; 住建局 leads, 兴隆镇 and 城东街道 assist;
 *      城东街道 never acknowledged (limit 11-17); 兴隆镇's head reported progress (waiting for the office).
 * - B  区政府文件 due today 11-26, 住建局; the liaison's progress report waits for the head's sign-off.
 * - C  区政府文件 due 11-30, 司法局, assigned by 王丽; 司法局 asked to extend it, 王丽 decides.
 * - D  a draft sent to 孙强 for approval.
 * - E  long-running (周报制) 住建局 item issued 11-16: last week's report (due 11-20) never came.
 * - 王丽 is on approved leave 11-25 … 11-27 (her A/B partner 刘建国 stands in).
 * - 唐伟 (司法局) came back 11-20 and has not reported back (销假).
 * - 马军 asks for leave from 12-01: waits for 赵明.
 */
let h: Harness;
const ids: Record<string, string> = {};
const digestOf = async (personId: string) => {
  const digest = (await user(h, personId).inbox()).find((m) => m.to.type === 'person' && m.message.card?.title === '每日提醒 · 2026-11-26（周四）');
  return digest ? textOf(digest.message) : undefined;
};

beforeAll(async () => {
  h = await remindersHarness('2026-11-16T10:00:00');
  ids.A = await issueItem(h, '来源=领导批示 标题=燃气管网隐患整改 主办=住建局 协办=兴隆镇,城东街道 收文日期=2026-11-16');
  ids.B = await issueItem(h, '来源=区政府文件 标题=物业服务专项检查 主办=住建局 期限=2026-11-26');
  ids.C = await issueItem(h, '来源=区政府文件 标题=法律顾问全覆盖 主办=司法局 期限=2026-11-30', '王丽');
  ids.E = await issueItem(h, '来源=区政府文件 标题=老旧小区改造 主办=住建局 期限=2026-12-31 长期=是');
  for (const id of [ids.A, ids.B, ids.E]) await user(h, 'zhangli').say(`/签收 ${id}`);
  await user(h, 'xiena').say(`/签收 ${ids.C}`);
  await approvedLeave(h, 'tangwei', '/请假 11月19日-11月20日 出省 因公 南京 参加培训', ['wangli', 'chenzhiyuan']);

  at(h, '2026-11-20T10:00:00');
  await approvedLeave(h, 'wangli', '/请假 11月25日-11月27日 出省 因公 北京 学习', ['chenzhiyuan', 'zhengguohua']);

  at(h, '2026-11-25T10:00:00');
  await user(h, 'majun').say(`/进展 ${ids.A} 已完成辖区排查`);
  await user(h, 'zhangli').say(`/进展 ${ids.B} 已检查 12 个小区`);
  await user(h, 'xiena').say(`/延期 ${ids.C} 12月10日 原因：需等市局批复 进展：已完成80% 下一步：12月8日前完成签约`);
  const [draft] = await user(h, 'linxiaomei').say('/督办 新建 来源=区政府文件 标题=校园周边交通整治 主办=教育局 期限=2026-12-20');
  ids.D = /DB-\d{4}-\d{4}/.exec(draft!.message.card.title)![0];
  await user(h, 'linxiaomei').say(`/督办 送审 ${ids.D} 领导=孙强`);

  at(h, '2026-11-26T08:00:00');
  await file(h, 'majun', '/请假 12月1日-12月3日 出省 因公 上海 招商');
  await runJobsAt(h, '2026-11-26T09:00:00');
});
afterAll(() => h?.close());

describe('daily digest: what concerns each person', () => {
  it('a unit head: overdue, due today, the weekly report owed and the report waiting for their sign-off, with the articles', async () => {
    const text = (await digestOf('dengpeng'))!;
    expect(text).toContain('**🔴 已逾期（1）**');
    expect(text).toContain(`🔴 **${ids.A}** 燃气管网隐患整改｜主办 住建局｜期限 2026-11-19（周四）｜逾期 5 个工作日｜依据第四十条`);
    expect(text).toContain('**🟡 今天到期（1）**');
    expect(text).toContain(`🟡 **${ids.B}** 物业服务专项检查｜主办 住建局｜期限 2026-11-26（周四）｜今天到期｜依据第四十条`);
    expect(text).toContain('**待您审签的报告（1）**');
    expect(text).toContain(`**${ids.B}** 物业服务专项检查｜住建局办理进展报告（第1轮）｜待单位主要领导审签｜起草人 张丽`);
    expect(text).toContain('**周报（1）**');
    expect(text).toContain(`**${ids.E}** 老旧小区改造｜住建局 2026-11-16 至 2026-11-22 的周报逾期未报（应于 2026-11-20（周五） 报送），请补报：/周报 ${ids.E}`);
    expect(text).toContain('依据《工作规则》第四十条，督查事项应严格在规定时限内办结');
    expect(text).not.toContain('未签收');
  });

  it('a liaison: the same deadlines and weekly report, but no sign-off section', async () => {
    const text = (await digestOf('zhangli'))!;
    expect(text).toContain(ids.A);
    expect(text).toContain(ids.B);
    expect(text).toContain('周报逾期未报');
    expect(text).not.toContain('待您审签');
  });

  it('an assisting unit that has not acknowledged: the overdue item and the notice to sign for', async () => {
    const text = (await digestOf('gaoyan'))!;
    expect(text).toContain(`**${ids.A}**`);
    expect(text).toContain('**未签收的督查通知（1）**');
    expect(text).toContain(`**${ids.A}** 燃气管网隐患整改｜城东街道（协办）未签收，应于 2026-11-17（周二） 下班前签收｜/签收 ${ids.A}`);
    expect((await digestOf('liuting'))!).toContain('城东街道（协办）未签收');
    // 兴隆镇 acknowledged by reporting.
    expect((await digestOf('majun'))!).not.toContain('未签收');
  });

  it('a deputy: items of the units they supervise, and leave requests waiting for them', async () => {
    const text = (await digestOf('zhaoming'))!;
    expect(text).toContain(ids.A);
    expect(text).toContain(ids.B);
    expect(text).not.toContain(ids.C);
    expect(text).toContain('**待您审批的请假（1）**');
    // The section says once how to act; its lines don't repeat it.
    expect(text).toContain('- 马军 请假（编号 3，2026-12-01（周二） 至 2026-12-03（周四），共 3 天，上海）\n发送 /审批 逐件办理');
    expect(text.match(/\/审批/g)).toHaveLength(1);
    expect(text).toContain('**今日请假外出（1）**');
    expect(text).toContain('王丽（副区长） · 2026-11-25（周三） 至 2026-11-27（周五），共 3 天 · 因公出省 · 北京');
  });

  it('a leader asked to approve a draft sees it, and who is away today', async () => {
    const text = (await digestOf('sunqiang'))!;
    expect(text).toContain('**待您审定、审批（1）**');
    expect(text).toContain(`**${ids.D}** 校园周边交通整治｜督查事项草稿待审定交办（第四十条 督查交办）`);
    expect(text).toContain('今日请假外出');
  });

  it('someone on approved leave gets no digest; the extension waiting for them goes to their A/B partner', async () => {
    expect(await digestOf('wangli')).toBeUndefined();
    const text = (await digestOf('liujianguo'))!;
    expect(text).toContain('**代为关注（请假外出人员待处理的事项）（1）**');
    expect(text).toContain(`王丽：**${ids.C}** 法律顾问全覆盖｜司法局申请延期至 2026-12-10（周四）（原期限 2026-11-30，待审批）`);
  });

  it('leaders with nothing else to act on still learn who is away', async () => {
    for (const leader of ['chenzhiyuan', 'zhoumin', 'zhengguohua']) {
      const text = (await digestOf(leader))!;
      expect(text, leader).toContain('**今日请假外出（1）**');
      expect(text, leader).not.toContain('已逾期');
    }
  });

  it('the office: every deadline, lapsed acknowledgements, reports to review, weekly reports overdue, leaves not reported back', async () => {
    const text = (await digestOf('linxiaomei'))!;
    expect(text).toContain(ids.A);
    expect(text).toContain(ids.B);
    expect(text).toContain(`🟡 **${ids.C}** 法律顾问全覆盖｜主办 司法局｜期限 2026-11-30（周一）｜还有 2 个工作日`);
    expect(text).toContain(`**${ids.A}** 燃气管网隐患整改｜城东街道 逾期未签收（时限 2026-11-17（周二））`);
    expect(text).toContain('**待签收、审核的报告（1）**');
    expect(text).toContain(`**${ids.A}** 燃气管网隐患整改｜兴隆镇办理进展报告（第1轮，逾期）｜已报送，待区政府办签收`);
    expect(text).toContain('周报逾期未报');
    expect(text).toContain('**尚未销假（1）**');
    expect(text).toContain('唐伟（编号 1，2026-11-19（周四） 至 2026-11-20（周五），共 2 天）已返回期满，尚未销假');
    for (const other of ['huanghai', 'hejun']) expect(await digestOf(other), other).toContain('尚未销假');
  });

  it('nothing to say, no message; at most one digest per person', async () => {
    for (const idle of ['luobin', 'qianli', 'xujing', 'lina', 'caoyu']) expect(await digestOf(idle), idle).toBeUndefined();
    const digests = (await reminderPushes(h)).filter((p) => p.kind === 'digest').map((p) => p.to);
    expect(new Set(digests).size).toBe(digests.length);
    expect(digests).not.toContain('person:wangli');
  });

  it('the leave duties run with the digest: 唐伟 is reminded to report back', async () => {
    const reminder = (await user(h, 'tangwei').inbox()).find((m) => m.message.kind === 'text' && m.message.text.includes('尚未销假'));
    expect(reminder!.message.text).toContain('/销假 1');
  });
});

/** The matters of a /待办 card, as the digest words them: the line without its kind, deadline and wait. */
function todoLines(message: any): string[] {
  if (message.kind === 'text') return [];
  return message.card.blocks
    .filter((b: any) => b.type === 'markdown')
    .map(
      (b: any) =>
        /^\d+\. (?:\S+ )?\*\*[^*]+\*\*｜(.*?)(?:｜[^｜\s]+ \d{4}-\d{2}-\d{2}（周.）)?｜已等待 [^｜]*$/.exec(mdSource(b.text))?.[1] ??
        `unparsed: ${mdSource(b.text)}`,
    );
}

/** The digest's lines in the sections of waiting matters (src/core/todo). */
const WAITING_SECTIONS = [
  '未签收的督查通知',
  '本单位待报送',
  '待您审签的报告',
  '待签收、审核的报告',
  '待您审定、审批',
  '跟踪：待领导审批的延期申请',
  '周报',
  '待您审批的请假',
  '代为关注（请假外出人员待处理的事项）',
];
async function digestWaitingLines(personId: string): Promise<string[]> {
  const digest = (await user(h, personId).inbox()).find((m) => m.message.card?.title === '每日提醒 · 2026-11-26（周四）');
  if (!digest) return [];
  return digest.message.card.blocks
    .filter((b: any) => b.type === 'markdown' && WAITING_SECTIONS.some((t) => mdSource(b.text).startsWith(`**${t}（`)))
    .flatMap((b: any) =>
      mdSource(b.text)
        .split('\n')
        .filter((l: string) => l.startsWith('- '))
        .map((l: string) => l.slice(2)),
    );
}

describe('the digest and /待办 come from one source', () => {
  it('for everyone who has something waiting, the digest lists exactly what /待办 lists', async () => {
    const people = ['dengpeng', 'zhangli', 'majun', 'songjia', 'xiena', 'zhaoming', 'sunqiang', 'liujianguo'];
    let compared = 0;
    for (const personId of people) {
      const [reply] = await user(h, personId).say('/待办');
      const listed = todoLines(reply!.message);
      expect(listed.sort(), personId).toEqual((await digestWaitingLines(personId)).sort());
      compared += listed.length;
    }
    expect(compared).toBeGreaterThan(8);
  });

  it('the office: everything in its /待办 is in its digest (which also shows what it watches)', async () => {
    const [reply] = await user(h, 'linxiaomei').say('/待办');
    const listed = todoLines(reply!.message);
    expect(listed.length).toBeGreaterThan(0);
    const digest = await digestWaitingLines('linxiaomei');
    for (const line of listed) expect(digest).toContain(line);
  });
});
