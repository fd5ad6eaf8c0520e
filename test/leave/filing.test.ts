import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema';
import { makeHarness, type Harness } from '../helpers/harness';
import { sandboxUser, textOf } from '../helpers/sandbox';
import { buttonValue, clickLeave, file, leaveCardOf, rowCounts, texts } from './helpers';

let h: Harness;
afterEach(() => h?.close());

const start = (now = '2026-11-24T09:00:00+08:00') => makeHarness({ now }).then((x) => (h = x));
const replyText = async (personId: string, text: string) => (await sandboxUser(h, personId).say(text)).map((r) => textOf(r.message)).join('\n');

describe('Art. 68 chain for heads of towns, subdistricts and departments', () => {
  it('the leave slip copied to 区委办 and 区政府办 follows every decision (it is refreshed with the leave card)', async () => {
    await start();
    const id = await file(h, 'majun', '/请假 11月28日-30日 出省 因私 赴哈尔滨探亲');
    const slip = async (office: string) => (await texts(h, office)).filter((t) => t.startsWith('请假单（报备）· 马军')).join('\n---\n');
    expect(await slip('wufang')).toContain('**状态：审批中（第 1/2 步）**');
    await clickLeave(h, 'zhaoming', id, '同意');
    for (const office of ['wufang', 'linxiaomei']) {
      expect(await slip(office)).toContain('**状态：审批中（第 2/2 步）**');
      expect(await slip(office)).toContain('1. 主管领导（分管副区长）审核 · 赵明 — ✅ 同意');
      expect(await slip(office)).not.toContain('待主管领导审核');
    }
    await clickLeave(h, 'chenzhiyuan', id, '同意');
    expect(await slip('linxiaomei')).toContain('**状态：已批准**');
  });

  it('goes supervising deputy → head, copies the leave slip to 区委办 and 区政府办, and tells the requester', async () => {
    await start();
    const id = await file(h, 'majun', '/请假 11月28日-30日 出省 因私 赴哈尔滨探亲');
    const card = await leaveCardOf(h, 'zhaoming', id);
    expect(textOf(card.message)).toContain('2026-11-28（周六） 至 2026-11-30（周一），共 3 天');
    expect(textOf(card.message)).toContain('目的地: 哈尔滨');
    expect(textOf(card.message)).toContain('事由: 探亲');
    expect(textOf(card.message)).toContain('1. 主管领导（分管副区长）审核 · 赵明 — ⏳ 待处理');
    expect(textOf(card.message)).toContain('2. 区长批准 · 陈志远 — 待前一步完成');
    for (const office of ['wufang', 'linxiaomei']) {
      const slip = (await texts(h, office)).find((t) => t.startsWith('请假单（报备）· 马军'));
      expect(slip).toContain('单位: 兴隆镇');
      expect(slip).toContain('职务: 镇长');
      expect(slip).toContain('同时向区委办、区政府办报备（提供请假单复印件）');
    }
    expect(await sandboxUser(h, 'chenzhiyuan').inbox()).toEqual([]);

    expect((await clickLeave(h, 'zhaoming', id, '同意')).toast).toEqual({ kind: 'success', text: '已同意，已送下一步：区长批准。' });
    expect(textOf((await leaveCardOf(h, 'chenzhiyuan', id)).message)).toContain('2. 区长批准 · 陈志远 — ⏳ 待处理');
    expect((await clickLeave(h, 'chenzhiyuan', id, '同意')).toast.text).toBe('已同意，审批完成。');

    expect((await texts(h, 'majun')).some((t) => t.startsWith(`您的请假申请（编号 ${id}）已批准`))).toBe(true);
    for (const who of ['majun', 'zhaoming', 'chenzhiyuan']) {
      const updated = textOf((await leaveCardOf(h, who, id)).message);
      expect(updated).toContain('**状态：已批准**');
      expect(updated).toContain('1. 主管领导（分管副区长）审核 · 赵明 — ✅ 同意');
    }
    // Unit heads' absences are not announced to the leaders (only leaders' are, Art. 68).
    expect(await sandboxUser(h, 'sunqiang').inbox()).toEqual([]);
    const audits = await h.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subjectId, String(id)));
    expect(audits.map((a) => [a.action, a.actorId])).toEqual([
      ['file', 'majun'],
      ['approve', 'zhaoming'],
      ['approve', 'chenzhiyuan'],
    ]);
  });
});

describe('Art. 68 chain for deputies and party group members', () => {
  it.each([
    ['zhaoming', '孙强'],
    ['zhoumin', ''],
  ])('%s: the head consents, the party secretary approves, the other leaders are told', async (requester, partner) => {
    await start('2026-11-26T09:00:00+08:00');
    const id = await file(h, requester, '/请假 明天 当天往返 省内其他市 因公 到哈尔滨开会');
    const card = textOf((await leaveCardOf(h, 'chenzhiyuan', id)).message);
    expect(card).toContain('2026-11-27（周五），当天往返');
    expect(card).toContain('1. 区长同意 · 陈志远 — ⏳ 待处理');
    expect(card).toContain('2. 区委主要领导批准 · 郑国华 — 待前一步完成');
    await clickLeave(h, 'chenzhiyuan', id, '同意');
    await clickLeave(h, 'zhengguohua', id, '同意');
    const others = ['chenzhiyuan', 'liujianguo', 'wangli', 'zhaoming', 'sunqiang', 'zhoumin'].filter((p) => p !== requester);
    for (const leader of others) {
      const notice = (await texts(h, leader)).find((t) => t.startsWith('区政府办通报：'));
      expect(notice, leader).toContain('经批准外出，2026-11-27（周五），当天往返，因公省内其他市(地)，赴哈尔滨（开会）');
      expect(notice).toContain('依据《工作规则》第六十八条，区政府办公室负责将领导请假外出情况通报区政府其他领导。');
      if (partner) expect(notice).toContain(`外出期间由AB角 ${partner} 负责其分管工作（第十一条）`);
    }
    expect((await texts(h, requester)).some((t) => t.startsWith('区政府办通报'))).toBe(false);
    expect(await texts(h, 'majun')).toEqual([]);
  });
});

describe('Art. 68 chain for the district head: 区长离开本市，要向市政府和区委主要领导请假', () => {
  it("the party secretary approves, then the government office records the city government's consent", async () => {
    await start('2026-11-26T09:00:00+08:00');
    const id = await file(h, 'chenzhiyuan', '/请假 11月30日-12月2日 出省 因公 北京 参加全国培训');
    expect((await clickLeave(h, 'zhengguohua', id, '同意')).toast.text).toBe('已同意，已送下一步：向市政府请假（区政府办记录市政府意见）。');
    // The office's step arrives in the office's group chat, seen by every member.
    const officeCard = await leaveCardOf(h, 'hejun', id);
    expect(textOf(officeCard.message)).toContain('2. 向市政府请假（区政府办记录市政府意见） · 区政府办 — ⏳ 待处理');
    expect(buttonValue(officeCard.message, '市政府同意')).toMatchObject({ action: 'leave.approve' });
    expect(buttonValue(officeCard.message, '市政府不同意')).toMatchObject({ action: 'leave.reject' });
    expect(textOf(officeCard.message)).not.toContain('已向市政府报告');
    expect((await clickLeave(h, 'linxiaomei', id, '市政府同意')).toast.text).toBe('已记录市政府同意，审批完成。');
    expect(textOf((await leaveCardOf(h, 'chenzhiyuan', id)).message)).toContain(
      '2. 向市政府请假（区政府办记录市政府意见） · 区政府办 — ✅ 市政府同意（林小梅 记录，',
    );
    const notice = (await texts(h, 'wangli')).find((t) => t.startsWith('区政府办通报：'));
    expect(notice).toContain('区长 陈志远 经批准外出');
    expect(notice).toContain('外出期间由常务副区长 刘建国 代行区长职务（第九条）');
  });

  it("the office records the city government's refusal, with what the city said; the head is told who refused", async () => {
    await start('2026-11-26T09:00:00+08:00');
    const id = await file(h, 'chenzhiyuan', '/请假 11月30日-12月2日 出省 因公 北京 参加全国培训');
    await clickLeave(h, 'zhengguohua', id, '同意');
    const form = await clickLeave(h, 'linxiaomei', id, '市政府不同意');
    expect(form.toast.text).toBe('请填写市政府的意见。');
    expect(form.card.title).toBe('记录市政府不同意 · 陈志远（编号 1）');
    const formCard = (await sandboxUser(h, 'linxiaomei').inbox()).filter((m) => m.message.card?.title === form.card.title).pop()!;
    const done = await sandboxUser(h, 'linxiaomei').click(formCard.messageId, buttonValue(formCard.message, '确认记录'), {
      reason: '近期全市重点工作集中，请另行安排',
    });
    expect(done.toast.text).toBe('已记录市政府不同意，已告知请假人。');
    expect(textOf((await leaveCardOf(h, 'chenzhiyuan', id)).message)).toContain('— ❌ 市政府不同意（林小梅 记录，');
    expect((await texts(h, 'chenzhiyuan')).join('\n')).toContain(
      '市政府不同意您的请假申请（编号 1，2026-11-30（周一） 至 2026-12-02（周三），共 3 天）。\n记录人：区政府办 林小梅\n意见：近期全市重点工作集中，请另行安排',
    );
  });
});

describe('dates without a year book ahead', () => {
  it('/请假 12月5日 typed on 2026-12-14 books 2027-12-05 and says which year it understood', async () => {
    await start('2026-12-14T09:00:00+08:00');
    const replies = (await sandboxUser(h, 'majun').say('/请假 12月5日 省内其他市 因公 哈尔滨 开会')).map((r) => textOf(r.message));
    // One answer, the live card, saying which year it understood.
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain('「12月5日」按 2027 年理解。');
    expect(replies[0]).toContain('请假申请 · 马军（编号 1）');
    expect(textOf((await leaveCardOf(h, 'majun', 1)).message)).toContain('2027-12-05（周日）');
  });

  it('no note when the date is in this year', async () => {
    await start('2026-12-14T09:00:00+08:00');
    const replies = (await sandboxUser(h, 'majun').say('/请假 12月20日 省内其他市 因公 哈尔滨 开会')).map((r) => textOf(r.message));
    expect(replies.join('\n')).not.toContain('理解');
  });
});

describe('Art. 68 advance notice, end to end', () => {
  it('a same-day trip filed exactly 1 day before is accepted', async () => {
    await start('2026-11-26T23:59:00+08:00');
    await file(h, 'majun', '/请假 11月27日 省内其他市 因公 哈尔滨 开会');
  });

  it('a multi-day trip filed exactly 3 days before is accepted', async () => {
    await start('2026-11-26T00:01:00+08:00');
    await file(h, 'majun', '/请假 11月29日-30日 出省 因私 北京 探亲');
  });

  it.each([
    ['a same-day trip filed on the day', '/请假 今天 当天往返 省内其他市 因公 到哈尔滨开会', '当天能够返回的，要提前1天请假报告', '2026-11-25（周三）'],
    ['a multi-day trip filed 2 days before', '/请假 11月28日-30日 出省 因私 赴哈尔滨探亲', '外出1天以上的，须提前3天请假报告', '2026-11-25（周三）'],
    ['a two-day trip filed the day before', '/请假 明天到后天 出省 因私 赴哈尔滨探亲', '外出1天以上的，须提前3天请假报告', '2026-11-24（周二）'],
  ])('%s is refused with the rule, the latest compliant date and the emergency path; nothing is written', async (_, command, rule, latest) => {
    await start('2026-11-26T09:00:00+08:00');
    const before = await rowCounts(h);
    const [reply] = await sandboxUser(h, 'majun').say(command);
    const shown = textOf(reply!.message);
    expect(shown).toContain(`依据《工作规则》第六十八条，${rule}`);
    expect(shown).toContain(`最迟应于 ${latest} 提交请假`);
    expect(shown).toContain('[紧急请假（当日书面报告）]');
    expect(shown).toContain('紧急 原因：');
    expect(await rowCounts(h)).toEqual(before);
    expect(await sandboxUser(h, 'zhaoming').inbox()).toEqual([]);
  });
});

describe('Art. 68 emergency path', () => {
  it('“紧急 原因…” records the same-day report, alerts the government office, marks the request and runs the chain as usual', async () => {
    await start('2026-11-26T09:00:00+08:00');
    const id = await file(h, 'majun', '/请假 今天-11月28日 出省 因私 赴北京探望病重亲属 紧急 原因：父亲突发重病住院');
    const alert = (await sandboxUser(h, 'linxiaomei').inbox()).find((m) => textOf(m.message).startsWith('【紧急请假报告】'));
    expect(alert?.urgent).toBe(true);
    expect(textOf(alert!.message)).toContain('镇长 马军 因特殊情况未能提前报批，已于 2026-11-26 09:00 书面报告：父亲突发重病住院');
    expect(textOf(alert!.message)).toContain('依据《工作规则》第六十八条，由区政府办公室代为请假，审批流程照常进行。');
    const card = textOf((await leaveCardOf(h, 'zhaoming', id)).message);
    expect(card).toMatch(/^【紧急】请假申请 · 马军/);
    expect(card).toContain('紧急情况书面报告: 父亲突发重病住院');
    await clickLeave(h, 'zhaoming', id, '同意');
    await clickLeave(h, 'chenzhiyuan', id, '同意');
    expect(textOf((await leaveCardOf(h, 'majun', id)).message)).toContain('**状态：已批准**');
    const audits = await h.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subjectId, String(id)));
    expect(audits.find((a) => a.action === 'emergency_report')?.detail).toEqual({ report: '父亲突发重病住院' });
  });

  it('the refusal card’s button opens the written-report form, and submitting it files the request', async () => {
    await start('2026-11-26T09:00:00+08:00');
    const user = sandboxUser(h, 'majun');
    const [refusal] = await user.say('/请假 11月28日-30日 出省 因私 赴哈尔滨探亲');
    const opened = await user.click(refusal!.messageId, buttonValue(refusal!.message, '紧急请假（当日书面报告）'));
    expect(opened.card.title).toBe('紧急请假 · 马军');
    const submit = buttonValue({ kind: 'card', card: opened.card }, '提交书面报告并请假');
    const empty = await user.click(refusal!.messageId, submit, { emergency_report: ' ' });
    expect(empty.toast).toEqual({ kind: 'error', text: '选择了紧急请假，请填写特殊情况的书面报告（原因）。' });
    expect((await rowCounts(h)).requests).toBe(0);
    const filed = await user.click(refusal!.messageId, submit, { emergency_report: '上级临时通知参加现场会' });
    expect(filed.toast).toEqual({ kind: 'success', text: '请假申请已提交。' });
    const card = textOf((await leaveCardOf(h, 'zhaoming', 1)).message);
    expect(card).toContain('紧急情况书面报告: 上级临时通知参加现场会');
    expect(card).toContain('2026-11-28（周六） 至 2026-11-30（周一）');
  });
});

describe('Art. 68 filing on behalf (代为请假)', () => {
  it('government office staff file for a unit head, who gets the card too', async () => {
    await start('2026-11-26T09:00:00+08:00');
    const id = await file(h, 'linxiaomei', '/请假 代 马军 12月1日 省内其他市 因公 哈尔滨 开会');
    const card = textOf((await leaveCardOf(h, 'majun', id)).message);
    expect(card).toContain('请假人: 马军（兴隆镇镇长）');
    expect(card).toContain('代为请假: 林小梅');
    expect(textOf((await leaveCardOf(h, 'zhaoming', id)).message)).toContain('代为请假: 林小梅');
    await clickLeave(h, 'zhaoming', id, '同意');
    await clickLeave(h, 'chenzhiyuan', id, '同意');
    for (const told of ['majun', 'linxiaomei']) expect((await texts(h, told)).some((t) => t.startsWith(`您的请假申请（编号 ${id}）已批准`))).toBe(true);
  });

  it('anyone else filing for another person is refused with the article', async () => {
    await start('2026-11-26T09:00:00+08:00');
    expect(await replyText('songjia', '/请假 代 马军 12月1日 省内其他市 因公 哈尔滨 开会')).toBe(
      '依据《工作规则》第六十八条，只有区政府办工作人员可以代为请假。请让本人提交，或联系区政府办。',
    );
    expect((await rowCounts(h)).requests).toBe(0);
  });

  it('the office cannot file for someone Art. 68 does not cover', async () => {
    await start('2026-11-26T09:00:00+08:00');
    expect(await replyText('linxiaomei', '/请假 代 宋佳 12月1日 省内其他市 因公 哈尔滨 开会')).toMatch(
      /^宋佳：依据《工作规则》第六十八条，本请假审批流程适用于区政府组成人员/,
    );
  });
});

describe('Art. 68 scope of the rule', () => {
  it('travel inside the city needs no leave and nothing is recorded', async () => {
    await start('2026-11-26T09:00:00+08:00');
    const before = await rowCounts(h);
    expect(await replyText('majun', '/请假 明天 市内 因公 到区里开会')).toBe('依据《工作规则》第六十八条，市内外出无需请假，本次未登记。');
    expect(await rowCounts(h)).toEqual(before);
  });

  it('someone Art. 68 does not cover is told so, citing Art. 8', async () => {
    await start('2026-11-26T09:00:00+08:00');
    const reply = await replyText('songjia', '/请假 12月1日 省内其他市 因公 哈尔滨 开会');
    expect(reply).toContain('依据《工作规则》第六十八条，本请假审批流程适用于区政府组成人员（第八条');
    expect((await rowCounts(h)).requests).toBe(0);
  });

  it('a request overlapping an active one is refused, naming it', async () => {
    await start('2026-11-24T09:00:00+08:00');
    const id = await file(h, 'majun', '/请假 11月28日-30日 出省 因私 赴哈尔滨探亲');
    const before = await rowCounts(h);
    expect(await replyText('majun', '/请假 11月30日-12月1日 出省 因公 北京 开会')).toBe(
      `您已有审批中的请假申请（编号 ${id}，2026-11-28（周六） 至 2026-11-30（周一），共 3 天），与本次日期重叠。如需调整，请先撤回或取消原申请：/请假 撤回 ${id}`,
    );
    expect(await rowCounts(h)).toEqual(before);
    await file(h, 'majun', '/请假 12月1日-2日 出省 因公 北京 开会');
  });
});

describe('simultaneous filings', () => {
  it('two people filing at once never leave a half-written request: each is filed whole or asked to resend', async () => {
    await start('2026-11-26T09:00:00+08:00');
    const people = ['majun', 'dengpeng', 'gaoyan'];
    await Promise.all(people.map((p) => sandboxUser(h, p).say('/请假 12月4日-5日 出省 因公 北京 开会')));
    // Read the inboxes afterwards: a concurrent request's drain may deliver another's reply.
    const replies = await Promise.all(people.map(async (p) => (await texts(h, p)).join('\n')));
    const filed = replies.filter((r) => r.includes('请假申请 · '));
    expect(filed.length).toBeGreaterThan(0);
    expect(replies.filter((r) => !r.includes('请假申请 · ')).every((r) => r === '刚才有另一份请假申请同时提交，本次未保存，请重新发送。')).toBe(true);
    expect(await rowCounts(h)).toMatchObject({ requests: filed.length, steps: filed.length * 2 });
  });
});

describe('bad input: clear Chinese errors, nothing written', () => {
  it.each([
    ['/请假 11月32日 出省 因私 哈尔滨 探亲', '不是有效日期'],
    ['/请假 下下下周 出省 因私 哈尔滨 探亲', '无法识别日期范围“下下下周”'],
    ['/请假 2026-11-20 出省 因私 哈尔滨 探亲', '出发日期 2026-11-20 已经过去，不能补办请假'],
    ['/请假 2026-12-03至2026-12-01 出省 因私 哈尔滨 探亲', '早于开始日期'],
    ['/请假 12月1日 因私 哈尔滨 探亲', '请写明外出范围：出国(境)、出省、省内其他市(地)、市内'],
    ['/请假 12月1日 出省 哈尔滨 探亲', '请写明性质：因公 或 因私'],
    ['/请假 12月1日 出省 因私 因公 哈尔滨 探亲', '因公、因私只能写一个'],
    ['/请假 12月1日 出省 出国 因私 哈尔滨 探亲', '外出范围只能写一个'],
    ['/请假 12月1日 出省 因私', '请写明目的地和事由'],
    ['/请假 12月1日 出省 因私 哈尔滨探亲', '无法从“哈尔滨探亲”中分出目的地和事由'],
    ['/请假 出省 因私 哈尔滨 探亲', '无法识别日期范围“哈尔滨”'],
    ['/请假 出省 因私', '请写明外出日期'],
    ['/请假 12月1日-3日 当天往返 出省 因私 哈尔滨 探亲', '“当天往返”只能是一天'],
    ['/请假 12月1日 出省 因私 哈尔滨 探亲 紧急', '紧急请假须写明特殊情况的原因'],
    [`/请假 12月1日 出省 因私 哈尔滨 ${'探'.repeat(301)}`, '事由太长（最多 300 字）'],
    ['/请假 代 张三 12月1日 出省 因私 哈尔滨 探亲', '通讯录中没有“张三”'],
    ['/请假 代', '请写明为谁请假'],
    ['/请假 撤回 abc', '请假编号应为数字'],
    ['/请假 撤回 99', '没有编号 99 的请假申请'],
    ['/请假 撤回', '您没有可以撤回的请假申请'],
    ['/销假', '您没有可以销假的请假申请'],
    ['/销假 十二', '请假编号应为数字'],
  ])('%s → %s', async (command, error) => {
    await start('2026-11-26T09:00:00+08:00');
    const before = await rowCounts(h);
    const reply = await replyText('majun', command);
    expect(reply).toContain(error);
    expect(await rowCounts(h)).toEqual(before);
    expect(await sandboxUser(h, 'zhaoming').inbox()).toEqual([]);
  });
});

describe('filing answers with one message, the live card (issue 15 point 31)', () => {
  it('typed: the one reply is the requester’s live card, naming the step and who has it', async () => {
    await start('2026-11-26T09:00:00+08:00');
    const replies = await sandboxUser(h, 'majun').say('/请假 12月4日-5日 出省 因私 哈尔滨 探亲');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.message.card.title).toBe('请假申请 · 马军（编号 1）');
    expect(textOf(replies[0]!.message)).toContain('1. 主管领导（分管副区长）审核 · 赵明 — ⏳ 待处理');
    expect(textOf(replies[0]!.message)).toContain('[撤回申请]');
  });

  it('from the form: the form turns into a record in place, and the one new message is the live card', async () => {
    await start('2026-11-26T09:00:00+08:00');
    const user = sandboxUser(h, 'majun');
    const [formCard] = await user.say('/请假');
    const form = { start: '12月1日', end: '12月2日', scope: 'out_of_province', purpose: 'official', destination: '北京', reason: '参加培训', emergency: 'no' };
    const res = await user.click(formCard!.messageId, buttonValue(formCard!.message, '提交'), form);
    expect(res.replies).toHaveLength(1);
    expect(res.replies[0].message.card.title).toBe('请假申请 · 马军（编号 1）');
    expect(await user.inbox()).toHaveLength(2);
  });
});

describe('/请假 with no arguments: the form card', () => {
  const form = { start: '12月1日', end: '12月2日', scope: 'out_of_province', purpose: 'official', destination: '北京', reason: '参加培训', emergency: 'no' };

  it('opens a form whose submission files the request', async () => {
    await start('2026-11-26T09:00:00+08:00');
    const user = sandboxUser(h, 'majun');
    const [reply] = await user.say('/请假');
    expect(textOf(reply!.message)).toContain('外出范围');
    const submit = buttonValue(reply!.message, '提交');
    const res = await user.click(reply!.messageId, submit, form);
    expect(res.toast.text).toBe('请假申请已提交。');
    expect(textOf((await leaveCardOf(h, 'zhaoming', 1)).message)).toContain('2026-12-01（周二） 至 2026-12-02（周三），共 2 天');
  });

  it.each([
    [{ scope: '' }, '请选择外出范围'],
    [{ start: '' }, '请填写出发日期'],
    [{ start: '明年' }, '无法识别日期“明年”'],
    [{ end: '11月30日' }, '返回日期 2026-11-30 早于出发日期 2026-12-01'],
    [{ purpose: 'other' }, '请选择性质：因公 或 因私'],
    [{ destination: ' ' }, '请填写目的地'],
    [{ reason: '' }, '请填写事由'],
    [{ emergency: 'yes', emergency_report: '' }, '选择了紧急请假，请填写特殊情况的书面报告'],
  ])('a form with %j is refused with “%s” and nothing is written', async (change, error) => {
    await start('2026-11-26T09:00:00+08:00');
    const user = sandboxUser(h, 'majun');
    const [reply] = await user.say('/请假');
    const before = await rowCounts(h);
    const res = await user.click(reply!.messageId, buttonValue(reply!.message, '提交'), { ...form, ...change });
    expect(res.toast.kind).toBe('error');
    expect(res.toast.text).toContain(error);
    expect(await rowCounts(h)).toEqual(before);
  });

  it('a form for travel inside the city is answered and not recorded', async () => {
    await start('2026-11-26T09:00:00+08:00');
    const user = sandboxUser(h, 'majun');
    const [reply] = await user.say('/请假');
    const res = await user.click(reply!.messageId, buttonValue(reply!.message, '提交'), { ...form, scope: 'within_city' });
    expect(res.toast.text).toBe('依据《工作规则》第六十八条，市内外出无需请假，本次未登记。');
    expect((await rowCounts(h)).requests).toBe(0);
  });

  it('office staff open the form for someone else with /请假 代 <姓名>', async () => {
    await start('2026-11-26T09:00:00+08:00');
    const user = sandboxUser(h, 'hejun');
    const [reply] = await user.say('/请假 代 邓鹏');
    expect(reply!.message.card.title).toBe('代为请假 · 邓鹏');
    await user.click(reply!.messageId, buttonValue(reply!.message, '提交'), form);
    expect(textOf((await leaveCardOf(h, 'dengpeng', 1)).message)).toContain('代为请假: 何俊');
  });
});
