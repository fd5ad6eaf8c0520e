import { afterEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, meetingAbsences } from '../../db/schema';
import { makeHarness, type Harness } from '../helpers/harness';
import { sandboxUser, textOf } from '../helpers/sandbox';
import { approvedLeave, buttonValue, rowCounts, setClock, texts, type InboxMessage } from './helpers';

let h: Harness;
afterEach(() => h?.close());

const replyText = async (personId: string, text: string) => (await sandboxUser(h, personId).say(text)).map((r) => textOf(r.message)).join('\n');

async function meetingCard(personId: string, id: number): Promise<InboxMessage> {
  const cards = (await sandboxUser(h, personId).inbox()).filter(
    (m) => m.message.kind === 'card' && m.message.card.title.includes(`会议请假 · `) && m.message.card.title.includes(`（编号 ${id}）`),
  );
  expect(cards.length, `${personId} has no card for meeting absence ${id}`).toBeGreaterThan(0);
  return cards[cards.length - 1]!;
}

async function click(personId: string, card: InboxMessage, label: string, form: Record<string, string> = {}) {
  return sandboxUser(h, personId).click(card.messageId, buttonValue(card.message, label), form);
}

describe('Art. 55 plenary and standing meetings: ask the district head', () => {
  it('a standing-meeting absence goes to the head, who approves; the requester is told and the cards update', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    expect(await replyText('dengpeng', '/会议请假 常务会议 12月3日 赴省里参加培训')).toContain('审批: 陈志远');
    const card = await meetingCard('chenzhiyuan', 1);
    expect(textOf(card.message)).toContain('会议: 区政府常务会议');
    expect(textOf(card.message)).toContain('会议日期: 2026-12-03（周四）');
    expect(textOf(card.message)).toContain('依据《工作规则》第五十五条：不能出席区政府全体会议、常务会议的，须向区长请假。');
    expect((await click('chenzhiyuan', card, '同意')).toast.text).toBe('已同意。');
    expect(await texts(h, 'dengpeng')).toContain('您 2026-12-03（周四） 区政府常务会议的请假（编号 1）已获 陈志远 同意。');
    expect(textOf((await meetingCard('dengpeng', 1)).message)).toContain('**状态：已同意**（陈志远');
  });

  it("filing answers with one message: the requester's own card, naming who decides, without 同意/驳回", async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const replies = await sandboxUser(h, 'dengpeng').say('/会议请假 常务会议 12月3日 赴省里参加培训');
    expect(replies.map((r) => textOf(r.message).split('\n')[0])).toEqual(['会议请假 · 邓鹏（编号 1）']);
    expect(textOf(replies[0]!.message)).toContain('审批: 陈志远');
    const buttons = (card: InboxMessage) =>
      card.message.card.blocks.filter((b: any) => b.type === 'buttons').flatMap((b: any) => b.buttons.map((x: any) => x.label));
    expect(buttons(await meetingCard('chenzhiyuan', 1))).toEqual(['同意', '驳回']);
    const own = await meetingCard('dengpeng', 1);
    expect(textOf(own.message)).toContain('**状态：待审批**');
    expect(buttons(own)).toEqual([]);
  });

  it('while the head is away, the executive deputy acting for the head decides (Art. 9)', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    await approvedLeave(h, 'chenzhiyuan', '/请假 11月30日-12月2日 出省 因公 北京 参加培训', ['zhengguohua', 'linxiaomei']);
    await setClock(h, '2026-11-30T09:00:00+08:00');
    await sandboxUser(h, 'tangwei').say('/会议请假 全体会议 12月1日 出庭应诉');
    const card = await meetingCard('liujianguo', 1);
    expect(textOf(card.message)).toContain('审批: 刘建国（代行区长职务，原审批人 陈志远）');
    expect((await click('chenzhiyuan', card, '同意')).toast.kind).toBe('error');
    expect((await click('liujianguo', card, '同意')).toast.kind).toBe('success');
  });

  it('an absence filed before the head left: the head, now away, is refused with who acts (Art. 9); his entrustee decides', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    await approvedLeave(h, 'chenzhiyuan', '/请假 11月30日-12月2日 出省 因公 北京 参加培训 委托=王丽', ['zhengguohua', 'linxiaomei']);
    await sandboxUser(h, 'tangwei').say('/会议请假 全体会议 12月1日 出庭应诉');
    const card = await meetingCard('chenzhiyuan', 1);
    await setClock(h, '2026-11-30T09:00:00+08:00');
    const before = await rowCounts(h);
    expect((await click('chenzhiyuan', card, '同意')).toast).toEqual({
      kind: 'error',
      text: '依据第九条：您正在请假外出，期间由 王丽（受区长委托代行区长职务） 代为处理本事项，您的操作未生效。如已提前返回，请先发送 /销假 后再处理。',
    });
    expect(await rowCounts(h)).toEqual(before);
    expect((await click('liujianguo', card, '同意')).toast.kind).toBe('error');
    expect((await click('wangli', card, '同意')).toast.kind).toBe('success');
    const [audit] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, 'meeting_absence'), eq(auditLog.action, 'approve')));
    expect(audit!.detail).toMatchObject({ addresseeId: 'chenzhiyuan', decidedById: 'wangli', delegation: 'head_entrustee' });
  });

  it('the head needs no leave from the head’s own meeting', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    expect(await replyText('chenzhiyuan', '/会议请假 常务会议 12月3日 外出')).toBe(
      '依据《工作规则》第五十五条，区长召集和主持全体会议、常务会议，无需向自己请假。',
    );
  });
});

describe('Art. 55 topic meetings: ask the host', () => {
  it('主持人=<姓名> decides; anyone else is refused; 驳回 needs a reason and the requester is told', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    await sandboxUser(h, 'majun').say('/会议请假 专题会议 主持人=赵明 12月3日 现场处置突发事件');
    const card = await meetingCard('zhaoming', 1);
    expect(textOf(card.message)).toContain('主持人（审批）: 赵明');
    const before = await rowCounts(h);
    expect((await click('chenzhiyuan', card, '同意')).toast).toEqual({
      kind: 'error',
      text: '依据《工作规则》第五十五条，该会议请假由 赵明 审批，您无权操作。',
    });
    expect((await click('majun', card, '同意')).toast).toEqual({ kind: 'error', text: '不能审批本人的会议请假。' });
    expect(await rowCounts(h)).toEqual(before);
    const form = await click('zhaoming', card, '驳回');
    expect(form.card.title).toBe('驳回会议请假 · 马军（编号 1）');
    const formCard = await meetingCard('zhaoming', 1);
    expect((await click('zhaoming', formCard, '确认驳回', { reason: '' })).toast.text).toBe('驳回须填写理由，请在表单中写明后再提交。');
    expect((await click('zhaoming', formCard, '确认驳回', { reason: '议题涉及兴隆镇，须本人参会' })).toast.text).toBe('已驳回，已告知请假人。');
    expect(await texts(h, 'majun')).toContain('您 2026-12-03（周四） 区政府专题会议的请假（编号 1）未获同意（赵明）：议题涉及兴隆镇，须本人参会。请按时参会。');
    const [row] = await h.db.select().from(meetingAbsences).where(eq(meetingAbsences.id, 1));
    expect(row).toMatchObject({ status: 'rejected', decidedById: 'zhaoming', addresseeId: 'zhaoming' });
    expect(
      await h.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.subjectType, 'meeting_absence'), eq(auditLog.action, 'reject'))),
    ).toHaveLength(1);
  });

  it('two clicks at once produce one decision', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    await sandboxUser(h, 'majun').say('/会议请假 专题会议 主持人=赵明 12月3日 现场处置突发事件');
    const card = await meetingCard('zhaoming', 1);
    const results = await Promise.all([click('zhaoming', card, '同意'), click('zhaoming', card, '同意'), click('zhaoming', card, '同意')]);
    expect(results.filter((r) => r.toast.kind === 'success')).toHaveLength(1);
    expect(
      await h.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.subjectType, 'meeting_absence'), eq(auditLog.action, 'approve'))),
    ).toHaveLength(1);
  });

  it('/会议请假 with no arguments opens a form that files the absence', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const user = sandboxUser(h, 'majun');
    const [reply] = await user.say('/会议请假');
    const res = await user.click(reply!.messageId, buttonValue(reply!.message, '提交'), {
      meeting: 'topic',
      date: '12月3日',
      host: '孙强',
      reason: '迎接省里检查',
    });
    expect(res.toast.text).toBe('会议请假已提交。');
    expect(textOf((await meetingCard('sunqiang', 1)).message)).toContain('原因: 迎接省里检查');
  });
});

describe('Art. 55 bad input: clear errors, nothing written', () => {
  it.each([
    ['/会议请假 12月3日 有事', '请先写会议类别：区政府全体会议、区政府常务会议、区政府专题会议'],
    ['/会议请假 常务会议', '请写明会议日期'],
    ['/会议请假 常务会议 12月3日', '请写明不能出席的原因'],
    ['/会议请假 常务会议 12月33日 有事', '不是有效日期'],
    ['/会议请假 常务会议 2026-11-20 有事', '会议日期 2026-11-20 已经过去'],
    ['/会议请假 专题会议 12月3日 有事', '依据《工作规则》第五十五条，专题会议须向会议主持人请假，请写明主持人'],
    ['/会议请假 专题会议 主持人=马军 12月3日 有事', '依据《工作规则》第五十三条，区政府专题会议由区长、副区长主持，马军不是区政府领导'],
    ['/会议请假 专题会议 主持人=张三 12月3日 有事', '通讯录中没有“张三”'],
    ['/会议请假 常务会议 主持人=赵明 12月3日 有事', '须向区长请假，无需写主持人'],
  ])('%s → %s', async (command, error) => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const before = await rowCounts(h);
    expect(await replyText('majun', command)).toContain(error);
    expect(await rowCounts(h)).toEqual(before);
  });

  it('the host cannot ask leave of themselves, and a second request for the same meeting is refused', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    expect(await replyText('zhaoming', '/会议请假 专题会议 主持人=赵明 12月3日 有事')).toBe('您是这次专题会议的主持人，无需向自己请假。');
    await sandboxUser(h, 'majun').say('/会议请假 常务会议 12月3日 有事');
    expect(await replyText('majun', '/会议请假 常务会议 12月3日 还是有事')).toBe('您已为 2026-12-03（周四） 的区政府常务会议请过假（编号 1），无需重复提交。');
    expect((await rowCounts(h)).meetings).toBe(1);
  });
});

describe('Art. 55 binds leaders: only those bound to attend ask leave of a meeting', () => {
  it.each([
    ['zhangli', '/会议请假 常务会议 12月3日 有事'],
    ['linxiaomei', '/会议请假 全体会议 12月3日 有事'],
    ['hejun', '/会议请假 常务会议 12月3日 有事'],
    ['songjia', '/会议请假 专题会议 主持人=赵明 12月3日 有事'],
  ])('%s (not a leader) is refused, citing the article, and nothing is written', async (personId, command) => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const before = await rowCounts(h);
    expect(await replyText(personId, command)).toBe(
      '依据《工作规则》第五十五条，区政府、乡镇政府、街道办事处、各部门领导要严格按要求参加区政府会议，会议请假由参会领导本人提出；您不是参会领导，无需也不能提交会议请假。',
    );
    expect(await rowCounts(h)).toEqual(before);
  });

  it('a liaison is not offered the form, and a form opened by a leader cannot be submitted by a liaison', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    expect(await replyText('zhangli', '/会议请假')).toContain('依据《工作规则》第五十五条');
    const [form] = await sandboxUser(h, 'dengpeng').say('/会议请假');
    const res = await sandboxUser(h, 'zhangli').click(form!.messageId, buttonValue(form!.message, '提交'), {
      meeting: 'standing',
      date: '12月3日',
      reason: '有事',
    });
    expect(res.toast).toMatchObject({ kind: 'error', text: expect.stringContaining('第五十五条') });
    expect((await rowCounts(h)).meetings).toBe(0);
  });

  it.each(['huanghai', 'zhoumin', 'wangli', 'gaoyan'])('%s, a leader bound to attend, may file', async (personId) => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    expect(await replyText(personId, '/会议请假 常务会议 12月3日 有事')).toContain('会议请假 · ');
  });
});
