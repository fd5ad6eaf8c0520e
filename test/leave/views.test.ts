import { mdSource } from '../../src/core/messages';
import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from '../helpers/harness';
import { sandboxUser, textOf } from '../helpers/sandbox';
import { approvedLeave, buttonValue, file, runLeaveDutiesNow, setClock } from './helpers';

let h: Harness;
afterEach(() => h?.close());

const say = async (personId: string, text: string) => (await sandboxUser(h, personId).say(text)).map((r) => textOf(r.message));

/** The /审批 card's lines (one per matter), without the 打开 buttons. */
const lines = (message: any): string[] => message.card.blocks.filter((b: any) => b.type === 'markdown').map((b: any) => mdSource(b.text));

/** Opens the n-th matter of a /审批 or /待办 card and returns its live card. */
async function openNth(personId: string, list: { messageId: string; message: any }, n: number) {
  const button = list.message.card.blocks.filter((b: any) => b.type === 'buttons')[n].buttons[0];
  const res = await sandboxUser(h, personId).click(list.messageId, { action: button.action, ...button.payload });
  expect(res.toast.kind, res.toast.text).toBe('info');
  return res.replies[0];
}

describe('/审批 lists what waits for me', () => {
  it('lists each request waiting for my decision compactly, each opening its live card with buttons that work', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const a = await file(h, 'majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲');
    const b = await file(h, 'dengpeng', '/请假 12月4日 省内其他市 因公 哈尔滨 开会');
    await file(h, 'gaoyan', '/请假 12月4日 省内其他市 因公 哈尔滨 开会'); // supervised by 孙强, not 赵明
    await sandboxUser(h, 'xujing').say('/会议请假 专题会议 主持人=赵明 12月3日 迎检');
    const answer = await sandboxUser(h, 'zhaoming').say('/审批');
    expect(answer).toHaveLength(1);
    const [list] = answer;
    expect(list!.message.card.title).toBe('待您审批 · 3 件');
    expect(lines(list!.message).map((l) => /编号 \d+|会议请假/.exec(l)?.[0])).toEqual([`编号 ${a}`, `编号 ${b}`, '会议请假']);
    // Each line opens with its own button: no "｜/审批" hint on the /审批 card itself.
    for (const line of lines(list!.message)) expect(line).not.toContain('/审批');
    const opened = await openNth('zhaoming', list!, 0);
    expect(opened.message.card.title).toBe(`请假申请 · 马军（编号 ${a}）`);
    const res = await sandboxUser(h, 'zhaoming').click(opened.messageId, buttonValue(opened.message, '同意'));
    expect(res.toast.kind).toBe('success');
    expect((await sandboxUser(h, 'zhaoming').say('/approvals'))[0]!.message.card.title).toBe('待您审批 · 2 件');
    expect(await say('songjia', '/审批')).toEqual(['目前没有等待您审批的事项。']);
  });

  it('includes steps addressed to someone who is now away, for whoever acts for them', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    await approvedLeave(h, 'chenzhiyuan', '/请假 11月30日-12月2日 出省 因公 北京 参加培训', ['zhengguohua', 'linxiaomei']);
    const id = await file(h, 'zhaoming', '/请假 12月5日-6日 出省 因私 北京 探亲'); // waits for the head
    await setClock(h, '2026-11-30T09:00:00+08:00');
    const [list] = await sandboxUser(h, 'liujianguo').say('/审批');
    expect(textOf(list!.message)).toContain(`赵明 请假（编号 ${id}`);
    expect((await openNth('liujianguo', list!, 0)).message.card.title).toBe(`请假申请 · 赵明（编号 ${id}）`);
    // The head is away: though still the step's resolved approver until the daily duty re-routes it, he no longer decides (Art. 9).
    expect((await say('chenzhiyuan', '/审批'))[0]).toMatch(/^目前没有等待您审批的事项。/);
    await runLeaveDutiesNow(h);
    // Nothing of his own to decide, and told that his step is with a stand-in (Art. 9).
    expect(await say('chenzhiyuan', '/审批')).toEqual(['目前没有等待您审批的事项。您请假外出期间，有 1 件待审批事项由他人代为处理，发送 /待办 查看办理人。']);
    expect((await say('liujianguo', '/审批'))[0]).toContain('待您审批 · 1 件');
  });

  it('takes no arguments', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    expect(await say('zhaoming', '/审批 全部')).toEqual(['/审批 不需要参数，直接发送 /审批 即可。']);
  });
});

describe('/谁请假 who is away', () => {
  async function setup() {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    await approvedLeave(h, 'chenzhiyuan', '/请假 11月30日-12月2日 出省 因公 北京 参加培训', ['zhengguohua', 'linxiaomei']);
    await approvedLeave(h, 'majun', '/请假 12月1日 省内其他市 因公 哈尔滨 开会', ['zhaoming', 'chenzhiyuan']);
    await file(h, 'dengpeng', '/请假 12月1日 省内其他市 因私 哈尔滨 探亲');
  }

  it('leaders and the office see everyone away on the date, who stands in, and what is still pending', async () => {
    await setup();
    for (const viewer of ['zhaoming', 'linxiaomei', 'zhengguohua']) {
      const [list] = await say(viewer, '/谁请假 12月1日');
      expect(list).toContain('2026-12-01（周二） 请假外出（2 人）');
      expect(list).toContain(
        '- 陈志远（区长）· 2026-11-30（周一） 至 2026-12-02（周三），共 3 天 · 因公出省 · 北京；由常务副区长 刘建国 代行区长职务（第九条）',
      );
      expect(list).toContain('- 马军（兴隆镇镇长）· 2026-12-01（周二），当天往返 · 因公省内其他市(地) · 哈尔滨');
      expect(list).toContain('**审批中（尚未批准，不得离开本市）**\n- 邓鹏（住建局局长）');
    }
  });

  it('others see only their own unit', async () => {
    await setup();
    const [list] = await say('songjia', '/谁请假 12月1日');
    expect(list).toContain('请假外出（1 人）');
    expect(list).toContain('马军');
    expect(list).not.toContain('陈志远');
    expect(list).not.toContain('邓鹏');
    expect(list).toContain('仅显示本单位人员');
  });

  it('defaults to today, drops whoever reported back, and rejects a bad date', async () => {
    await setup();
    await setClock(h, '2026-12-01T18:00:00+08:00');
    expect((await say('zhaoming', '/away'))[0]).toContain('2026-12-01（周二） 请假外出（2 人）');
    await sandboxUser(h, 'majun').say('/销假');
    expect((await say('zhaoming', '/谁请假'))[0]).toContain('请假外出（1 人）');
    expect((await say('zhaoming', '/谁请假 后年'))[0]).toContain('无法识别日期“后年”');
  });

  it('a month-day without a year asks about the nearest such date, past or future, and names a year that is not this one', async () => {
    await setup();
    await setClock(h, '2026-12-14T09:00:00+08:00');
    const [past] = await say('zhaoming', '/谁请假 12月1日');
    expect(past).toContain('2026-12-01（周二） 请假外出（2 人）');
    expect(past).not.toContain('理解');
    const [ahead] = await say('zhaoming', '/谁请假 1月3日');
    expect(ahead).toContain('2027-01-03（周日） 请假外出（0 人）');
    expect(ahead).toContain('「1月3日」按 2027 年理解。');
  });
});
