import { afterEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, sealUses } from '../../db/schema';
import { makeHarness, type Harness } from '../helpers/harness';
import { sandboxUser, textOf } from '../helpers/sandbox';
import { approvedLeave, buttonValue, runLeaveDutiesNow, setClock, texts } from '../leave/helpers';
import { approveAll, cardOf, click, rowCounts, say } from '../meetings/helpers';

let h: Harness;
afterEach(() => h?.close());

describe('Art. 64 seal use: the head (or his entrusted deputy) for the government’s and party group’s seals, the office director for the office’s', () => {
  it('区政府 seal → 陈志远 signs; the card quotes the article; the audit log records request and decision', async () => {
    h = await makeHarness({ now: '2026-12-01T09:00:00+08:00' });
    const reply = await say(h, 'zhangli', '/用印 印章=区政府 事由=报送市政府的请示 份数=2');
    expect(reply).toContain('1. 区长签批 · 陈志远 · 待处理');
    expect(reply).toContain(
      '依据《工作规则》第六十四条：区政府及区政府党组印信的使用须经区长或由区长委托副区长签批，区政府办公室印信的使用须经区政府办公室主任签批。',
    );
    expect((await approveAll(h, '用印申请', 1, ['chenzhiyuan'])).toast.text).toBe('已签批完成。');
    const [use] = await h.db.select().from(sealUses);
    expect(use).toMatchObject({ seal: 'government', copies: 2, status: 'approved', unitId: 'zjj' });
    const audits = await h.db.select().from(auditLog).where(eq(auditLog.subjectType, 'seal'));
    expect(audits.map((a) => a.action)).toEqual(['submit', 'approve']);
  });

  it('区政府办 seal → the office director 黄海; the head may not sign it', async () => {
    h = await makeHarness({ now: '2026-12-01T09:00:00+08:00' });
    await say(h, 'zhangli', '/用印 印章=区政府办 事由=会议通知 份数=30');
    const card = await cardOf(h, 'huanghai', '用印申请', 1);
    expect((await click(h, 'chenzhiyuan', card, '同意')).toast.text).toBe(
      '依据《工作规则》第六十四条，这一步（区政府办公室主任签批）由 黄海 办理，您无权操作。',
    );
    expect((await click(h, 'chenzhiyuan', card, '退回')).toast.text).toBe(
      '依据《工作规则》第六十四条，这一步（区政府办公室主任签批）由 黄海 办理，您无权操作。',
    );
    expect((await click(h, 'huanghai', card, '同意')).toast.kind).toBe('success');
  });

  it('while the head is away the deputy he entrusted signs (Art. 9, 64)', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    await approvedLeave(h, 'chenzhiyuan', '/请假 11月30日-12月2日 出省 因公 北京 参加培训 委托=王丽', ['zhengguohua', 'linxiaomei']);
    await setClock(h, '2026-11-30T09:00:00+08:00');
    await say(h, 'zhangli', '/用印 印章=党组 事由=党组会议纪要 份数=5');
    const card = await cardOf(h, 'wangli', '用印申请', 1);
    // 王丽 is told whose step it is, on the card and in a line with it.
    expect(textOf(card.message)).toContain('区长签批 · 王丽（受区长委托代行区长职务，代 陈志远） · 待处理');
    expect(await texts(h, 'wangli')).toContain(
      '陈志远 请假外出，用印申请「区政府党组印章 · 党组会议纪要」（编号 1）的区长签批转由您处理（受区长委托代行区长职务，依据第九条）。',
    );
    expect((await click(h, 'wangli', card, '同意')).toast.kind).toBe('success');
    const [audit] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, 'seal'), eq(auditLog.action, 'approve')));
    expect(audit!.detail).toMatchObject({ addresseeId: 'chenzhiyuan', decidedById: 'wangli', delegation: 'head_entrustee' });
  });

  it('a request waiting on the head when his leave starts is handed to the deputy he entrusted, once (Art. 9)', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    await approvedLeave(h, 'chenzhiyuan', '/请假 11月30日-12月2日 出省 因公 北京 参加培训 委托=王丽', ['zhengguohua', 'linxiaomei']);
    await setClock(h, '2026-11-27T10:00:00+08:00');
    await say(h, 'zhangli', '/用印 印章=区政府 事由=报送市政府的请示 份数=2');
    const wangliCards = async () =>
      (await sandboxUser(h, 'wangli').inbox()).filter((m) => m.message.kind === 'card' && m.message.card.title.startsWith('用印申请'));
    expect(await wangliCards()).toEqual([]);
    await setClock(h, '2026-11-30T08:00:00+08:00');
    await runLeaveDutiesNow(h);
    await runLeaveDutiesNow(h);
    const [handed, ...more] = await wangliCards();
    expect(more).toEqual([]);
    expect(textOf(handed!.message)).toContain('区长签批 · 王丽（受区长委托代行区长职务，代 陈志远） · 待处理');
    expect((await texts(h, 'wangli')).filter((t) => t.includes('用印申请「区政府印章 · 报送市政府的请示」（编号 1）的区长签批转由您处理'))).toHaveLength(1);
    const refused = await click(h, 'chenzhiyuan', await cardOf(h, 'chenzhiyuan', '用印申请', 1), '同意');
    expect(refused.toast.text).toContain('王丽');
    expect((await click(h, 'wangli', handed!, '同意')).toast.text).toBe('已签批完成。');
    expect(textOf((await cardOf(h, 'zhangli', '用印申请', 1)).message)).toContain('状态：已签批');
  });

  it('bad input: Chinese error, nothing written; the purpose stays text; two clicks make one decision', async () => {
    h = await makeHarness({ now: '2026-12-01T09:00:00+08:00' });
    const before = await rowCounts(h);
    expect(await say(h, 'zhangli', '/用印 印章=公章 事由=x')).toBe('「印章=公章」不是可选的印章，请填 区政府、区政府党组 或 区政府办。');
    expect(await say(h, 'zhangli', '/用印 印章=区政府 事由=x 份数=0')).toBe('「份数=0」应为 1 到 500 的整数。');
    expect(await say(h, 'zhangli', '/用印 印章=区政府')).toContain('请写明用印事由（事由=）');
    expect(await rowCounts(h)).toEqual(before);
    const replies = await sandboxUser(h, 'zhangli').say('/用印 印章=区政府 事由=<b>加急</b> [点我](https://evil.example) @所有人');
    expect(replies[0]!.message.card.title).toBe('用印申请 · 区政府印章 · <b>加急</b> [点我](https://evil.example) @所有人（编号 1）');
    const card = await cardOf(h, 'chenzhiyuan', '用印申请', 1);
    const results = await Promise.all([click(h, 'chenzhiyuan', card, '同意'), click(h, 'chenzhiyuan', card, '同意')]);
    expect(results.filter((r) => r.toast.kind === 'success')).toHaveLength(1);
    expect(textOf((await cardOf(h, 'zhangli', '用印申请', 1)).message)).toContain('状态：已签批');
  });
});

describe('Art. 64 by typed command: /签批', () => {
  it('退回 with a reason, 重新提交 by the requester, 同意; bad input names what to write', async () => {
    h = await makeHarness({ now: '2026-12-01T09:00:00+08:00' });
    await say(h, 'zhangli', '/用印 印章=区政府办 事由=会议通知 份数=30');
    expect(await say(h, 'huanghai', '/签批 用印 1 退回')).toBe('退回须写明理由，请填写后再提交。');
    expect(await say(h, 'huanghai', '/签批 用印 1 退回 份数有误')).toBe('已退回，已告知提交人。');
    expect(await say(h, 'chenzhiyuan', '/签批 用印 1 重新提交')).toBe('只有提交人可以重新提交该用印申请。');
    expect(await say(h, 'zhangli', '/签批 用印 1 重新提交')).toContain('用印申请 · 区政府办公室印章 · 会议通知（编号 1）');
    expect(await say(h, 'huanghai', '/签批 用印 1 同意')).toBe('已签批完成。');
    expect(await say(h, 'huanghai', '/签批 公章 1 同意')).toContain('请写明签批的事项：议题、纪要、全区会议或用印');
    expect(await say(h, 'huanghai', '/签批 用印 x 同意')).toContain('请写明编号');
    expect(await say(h, 'huanghai', '/签批 用印 9 同意')).toBe('没有编号 9 的用印申请，这张卡片可能已失效。');
  });
});

describe('Art. 64, 57, 50 form cards: the command without arguments', () => {
  it('/用印, /全区会议 and /会议 安排 open forms that file the same requests', async () => {
    h = await makeHarness({ now: '2026-12-01T09:00:00+08:00' });
    const [seal] = await sandboxUser(h, 'zhangli').say('/用印');
    expect(
      (
        await sandboxUser(h, 'zhangli').click(seal!.messageId, buttonValue(seal!.message, '提交'), {
          seal: 'party_group',
          purpose: '党组会议纪要',
          copies: '5',
        })
      ).toast.text,
    ).toBe('用印申请已提交。');
    expect(textOf((await cardOf(h, 'chenzhiyuan', '用印申请', 1)).message)).toContain('印章: 区政府党组印章');
    const [bad] = await sandboxUser(h, 'zhangli').say('/用印');
    expect(
      (await sandboxUser(h, 'zhangli').click(bad!.messageId, buttonValue(bad!.message, '提交'), { seal: 'office', purpose: '通知', copies: '很多' })).toast
        .text,
    ).toBe('「份数=很多」应为 1 到 500 的整数。');
    const [wide] = await sandboxUser(h, 'dengpeng').say('/全区会议');
    expect(
      (await sandboxUser(h, 'dengpeng').click(wide!.messageId, buttonValue(wide!.message, '提交'), { title: '全区城建工作会议', date: '12月18日' })).toast.kind,
    ).toBe('success');
    const [schedule] = await sandboxUser(h, 'linxiaomei').say('/会议 安排');
    const res = await sandboxUser(h, 'linxiaomei').click(schedule!.messageId, buttonValue(schedule!.message, '安排'), {
      kind: 'topic',
      title: '供暖专题会',
      date: '12月8日',
      host: '赵明',
      attendees: '邓鹏',
    });
    expect(res.toast.text).toBe('会议已安排，已通知参会人员。');
    expect(await say(h, 'dengpeng', '/会议 安排')).toContain('会务工作由区政府办公室负责');
  });
});
