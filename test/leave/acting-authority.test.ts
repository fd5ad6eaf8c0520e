import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { leaveRequests } from '../../db/schema';
import { makeHarness, type Harness } from '../helpers/harness';
import { sandboxUser, textOf } from '../helpers/sandbox';
import { approvedLeave, buttonValue, clickLeave, file, leaveCardOf, rowCounts, setClock, texts } from './helpers';

let h: Harness;
afterEach(() => h?.close());

const HEAD_CHAIN = ['zhengguohua', 'linxiaomei'];
const LEADER_CHAIN = ['chenzhiyuan', 'zhengguohua'];

const say = async (personId: string, text: string) => (await sandboxUser(h, personId).say(text)).map((r) => textOf(r.message));
const noticeTo = async (personId: string, name: string) => (await texts(h, personId)).find((t) => t.startsWith('区政府办通报：') && t.includes(name));

describe('Art. 11 both A/B partners away: every text names the executive deputy', () => {
  it('the approver is warned before deciding; the 通报 and /谁请假 name 常务副区长 刘建国, not the absent partner', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const first = await approvedLeave(h, 'sunqiang', '/请假 11月30日-12月2日 出省 因公 北京 开会', LEADER_CHAIN);
    expect(textOf((await leaveCardOf(h, 'chenzhiyuan', first)).message)).not.toContain('AB角同时外出');

    const id = await file(h, 'zhaoming', '/请假 11月30日-12月1日 出省 因私 哈尔滨 探亲');
    const headCard = textOf((await leaveCardOf(h, 'chenzhiyuan', id)).message);
    expect(headCard).toContain(
      '⚠️ AB角同时外出：孙强 也申请了外出（2026-11-30（周一） 至 2026-12-02（周三），共 3 天，已批准），与本次外出重叠 2026-11-30（周一） 至 2026-12-01（周二），共 2 天。' +
        '如批准，两人将同时不在岗，期间由常务副区长 刘建国 负责其分管工作（第十一条）。请审慎决定（依据《工作规则》第十一条：副区长之间实行AB角互补工作制度）。',
    );
    await clickLeave(h, 'chenzhiyuan', id, '同意');
    // The next approver is warned too.
    expect(textOf((await leaveCardOf(h, 'zhengguohua', id)).message)).toContain('⚠️ AB角同时外出：孙强');
    await clickLeave(h, 'zhengguohua', id, '同意');

    for (const leader of ['wangli', 'liujianguo', 'chenzhiyuan', 'sunqiang']) {
      const notice = await noticeTo(leader, '副区长 赵明 经批准外出');
      expect(notice, leader).toContain('外出期间由常务副区长 刘建国 负责其分管工作（第十一条）。');
      expect(notice).not.toContain('由AB角 孙强');
      // 孙强's own stand-in changes on those days too, and the notice says so.
      expect(notice).toContain('AB角 孙强 同期外出（2026-11-30（周一） 至 2026-12-01（周二），共 2 天），期间由常务副区长 刘建国 负责其分管工作（第十一条）。');
    }

    await setClock(h, '2026-11-30T09:00:00+08:00');
    const away = (await say('wangli', '/谁请假'))[0]!;
    expect(away).toContain(
      '赵明（副区长）· 2026-11-30（周一） 至 2026-12-01（周二），共 2 天 · 因私出省 · 哈尔滨；由常务副区长 刘建国 负责其分管工作（第十一条）',
    );
    expect(away).toContain(
      '孙强（副区长）· 2026-11-30（周一） 至 2026-12-02（周三），共 3 天 · 因公出省 · 北京；由常务副区长 刘建国 负责其分管工作（第十一条）',
    );
    // On 12-02 赵明 is back: 孙强's stand-in is his partner again.
    expect((await say('wangli', '/谁请假 12月2日'))[0]).toContain('北京；由AB角 赵明 负责其分管工作（第十一条）');
  });

  it('the 通报 names the stand-in day by day when the partner is away for part of the trip', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    await approvedLeave(h, 'sunqiang', '/请假 12月1日 当天往返 省内其他市 因公 哈尔滨 开会', LEADER_CHAIN);
    await approvedLeave(h, 'zhaoming', '/请假 11月30日-12月2日 出省 因私 哈尔滨 探亲', LEADER_CHAIN);
    expect(await noticeTo('wangli', '副区长 赵明 经批准外出')).toContain(
      '外出期间：2026-11-30 由AB角 孙强 负责其分管工作（第十一条）；2026-12-01 由常务副区长 刘建国 负责其分管工作（第十一条）；2026-12-02 由AB角 孙强 负责其分管工作（第十一条）。',
    );
  });
});

describe('Art. 11 a one-day overlap of A/B partners is named as that day, not as a day trip', () => {
  it('the approver\'s warning and the 通报 name the shared day without "当天往返"', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    await approvedLeave(h, 'sunqiang', '/请假 11月30日-12月1日 出省 因公 北京 开会', LEADER_CHAIN);
    const id = await file(h, 'zhaoming', '/请假 12月1日-12月2日 出省 因公 哈尔滨 培训');
    const warning = textOf((await leaveCardOf(h, 'chenzhiyuan', id)).message);
    expect(warning).toContain('与本次外出重叠 2026-12-01（周二）。如批准');
    expect(warning).not.toContain('当天往返');
    await clickLeave(h, 'chenzhiyuan', id, '同意');
    await clickLeave(h, 'zhengguohua', id, '同意');
    const notice = await noticeTo('wangli', '副区长 赵明 经批准外出');
    expect(notice).toContain('AB角 孙强 同期外出（2026-12-01（周二）），期间由常务副区长 刘建国 负责其分管工作（第十一条）。');
    expect(notice).not.toContain('当天往返');
  });
});

describe('Art. 9 the district head entrusts a deputy while away', () => {
  it('the head names 王丽: his card and the 通报 show it, and his steps go to her (受区长委托代行区长职务); his own click is refused', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const leave = await file(h, 'chenzhiyuan', '/请假 11月30日-12月2日 出省 因公 北京 参加培训 委托=王丽');
    expect(textOf((await leaveCardOf(h, 'zhengguohua', leave)).message)).toContain('外出期间委托代行区长职务（第九条）: 副区长 王丽');
    for (const approver of HEAD_CHAIN) {
      const card = await leaveCardOf(h, approver, leave);
      const label = textOf(card.message).includes('[市政府同意]') ? '市政府同意' : '同意';
      expect((await sandboxUser(h, approver).click(card.messageId, buttonValue(card.message, label))).toast.kind).toBe('success');
    }
    expect(await noticeTo('zhaoming', '区长 陈志远 经批准外出')).toContain('外出期间受区长委托，由 王丽 代行区长职务（第九条）。');

    await setClock(h, '2026-11-30T09:00:00+08:00');
    const id = await file(h, 'majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲');
    await clickLeave(h, 'zhaoming', id, '同意');
    const card = await leaveCardOf(h, 'wangli', id);
    expect(textOf(card.message)).toContain('2. 区长批准 · 王丽（受区长委托代行区长职务，原审批人 陈志远） — ⏳ 待处理');
    expect((await sandboxUser(h, 'liujianguo').click(card.messageId, buttonValue(card.message, '同意'))).toast.kind).toBe('error');
    const byHead = await sandboxUser(h, 'chenzhiyuan').click(card.messageId, buttonValue(card.message, '同意'));
    expect(byHead.toast).toEqual({
      kind: 'error',
      text: '依据第九条：您正在请假外出，期间由 王丽（受区长委托代行区长职务） 代为处理本事项，您的操作未生效。如已提前返回，请先发送 /销假 后再处理。',
    });
    expect((await clickLeave(h, 'wangli', id, '同意')).toast.text).toBe('已同意，审批完成。');
    expect((await say('zhaoming', '/谁请假'))[0]).toContain('北京；受区长委托，由 王丽 代行区长职务（第九条）');
  });

  it('without a choice the executive deputy is entrusted, on the card and with the request', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const id = await file(h, 'chenzhiyuan', '/请假 11月30日-12月2日 出省 因公 北京 参加培训');
    expect(textOf((await leaveCardOf(h, 'zhengguohua', id)).message)).toContain('外出期间委托代行区长职务（第九条）: 常务副区长 刘建国');
    const [row] = await h.db.select().from(leaveRequests).where(eq(leaveRequests.id, id));
    expect(row!.entrusteeId).toBe('liujianguo');
  });

  it('the head’s leave form offers the choice, defaulting to the executive deputy; a deputy’s form does not', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const [form] = await sandboxUser(h, 'chenzhiyuan').say('/请假');
    const inputs = form!.message.card.blocks.find((b: any) => b.type === 'form').inputs;
    expect(inputs.find((i: any) => i.name === 'entrustee')).toMatchObject({
      kind: 'select',
      initial: 'liujianguo',
      label: '外出期间委托代行区长职务（第九条）',
    });
    const [other] = await sandboxUser(h, 'zhaoming').say('/请假');
    expect(other!.message.card.blocks.find((b: any) => b.type === 'form').inputs.some((i: any) => i.name === 'entrustee')).toBe(false);
    const submitted = await sandboxUser(h, 'chenzhiyuan').click(
      form!.messageId,
      { action: 'leave.submit' },
      {
        start: '2026-11-30',
        end: '2026-12-02',
        scope: 'out_of_province',
        purpose: 'official',
        destination: '北京',
        reason: '参加培训',
        entrustee: 'sunqiang',
      },
    );
    expect(submitted.toast.kind).toBe('success');
    const [row] = await h.db.select().from(leaveRequests);
    expect(row!.entrusteeId).toBe('sunqiang');
  });

  it.each([
    [
      'chenzhiyuan',
      '委托=马军',
      '依据《工作规则》第九条，「马军」不是副区长，区长外出期间只能委托副区长代行区长职务。可选：刘建国（常务副区长）、王丽（副区长）、赵明（副区长）、孙强（副区长）。',
    ],
    ['zhaoming', '委托=王丽', '依据《工作规则》第九条，只有区长外出时委托副区长代行区长职务，赵明的请假无需填写「委托」。'],
  ])('%s with %s is refused with a Chinese error and nothing is written', async (personId, key, error) => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const before = await rowCounts(h);
    expect(await say(personId, `/请假 11月30日-12月2日 出省 因公 北京 参加培训 ${key}`)).toEqual([error]);
    expect(await rowCounts(h)).toEqual(before);
  });
});
