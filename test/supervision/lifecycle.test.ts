import { afterEach, describe, expect, it } from 'vitest';
import { PROVISIONAL_NOTE } from '../../src/core/calendar/types';
import type { Harness } from '../helpers/harness';
import { textOf } from '../helpers/sandbox';
import { at, cast, clickButton, footprint, item, latestCard, register, reportsOf, said, supervisionHarness, timeline } from './helpers';

let h: Harness;
afterEach(() => h?.close());

interface SourceCase {
  source: string;
  registeredAt: string;
  line: string;
  due: string;
  explanation: string;
  provisional?: boolean;
  /** Issue from the leader's card (true) or record an approval given elsewhere (false). */
  viaCard: boolean;
}

const cases: SourceCase[] = [
  {
    source: 'leader_instruction',
    registeredAt: '2026-09-30T09:00:00',
    line: '来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 协办=兴隆镇 收文日期=2026-09-30',
    due: '2026-10-10',
    explanation: '一般应在3个工作日内办结或回复进展情况',
    viaCard: true,
  },
  {
    source: 'upper_document',
    registeredAt: '2026-04-29T10:00:00',
    line: '来源=上级文件 标题=安全生产大检查 文号=市政办发〔2026〕12号 主办=住建局 协办=兴隆镇 收文日期=2026-04-29',
    due: '2026-05-09',
    explanation: '无明确办理时限的，应在5个工作日内办结或回复进展情况',
    viaCard: false,
  },
  {
    source: 'district_document',
    registeredAt: '2026-11-02T09:00:00',
    line: '来源=区政府文件 标题=落实燃气安全整治 文号=东政办发〔2026〕30号 主办=住建局 协办=兴隆镇 期限=2026-11-30',
    due: '2026-11-30',
    explanation: '应严格按照督查通知明确的时限报送',
    viaCard: true,
  },
  {
    source: 'key_project',
    registeredAt: '2026-11-02T09:00:00',
    line: '来源=重点项目 标题=城北污水厂二期 主办=住建局 协办=兴隆镇 期限=2026-12-31 节点=2026-11-30:完成主体结构',
    due: '2026-12-31',
    explanation: '重大项目',
    viaCard: false,
  },
  {
    source: 'standing_meeting',
    registeredAt: '2026-09-24T16:00:00',
    line: '来源=常务会议 标题=老旧小区改造 主办=住建局 协办=兴隆镇 会议日期=2026-09-24',
    due: '2026-10-15',
    explanation: '应在会后10个工作日内报送',
    viaCard: true,
  },
  {
    source: 'topic_meeting',
    registeredAt: '2026-11-20T15:00:00',
    line: '来源=专题会议 标题=学校扩建协调 主办=住建局 协办=兴隆镇 会议日期=2026-11-20 节点=2026-12-10:完成方案;2026-12-20:完成验收',
    due: '2026-12-20',
    explanation: '时间节点',
    viaCard: false,
  },
  {
    source: 'npc_suggestion',
    registeredAt: '2026-06-12T09:00:00',
    line: '来源=人大建议 标题=关于增设公交站点的建议 文号=第0123号 主办=住建局 协办=兴隆镇 交办日期=2026-06-12',
    due: '2026-09-14',
    explanation: '人大代表建议应在3个月内办理答复',
    viaCard: true,
  },
  {
    source: 'cppcc_proposal',
    registeredAt: '2026-07-01T09:00:00',
    line: '来源=政协提案 标题=关于老城区停车难的提案 主办=住建局 协办=兴隆镇 交办日期=2026-07-01 复杂=是',
    due: '2027-01-01',
    explanation: '最迟不得超过6个月',
    provisional: true,
    viaCard: false,
  },
  {
    source: 'other_decision',
    registeredAt: '2026-10-12T09:00:00',
    line: '来源=其他会议 标题=区委全会部署事项 主办=住建局 协办=兴隆镇 期限=2026-12-15',
    due: '2026-12-15',
    explanation: '按照督查通知明确的时限报送',
    viaCard: true,
  },
];

describe('Art. 40 procedure: an item of each source through its whole life', () => {
  it.each(cases)('$source: register → issue → acknowledge → plan → report → return → redo → accept → archive', async (c) => {
    h = await supervisionHarness(c.registeredAt);
    const p = cast(h);

    // 分解立项: the draft card shows the deadline as a date with its article and explanation.
    const id = await register(p.office, c.line);
    expect(id).toBe('DB-2026-0001');
    const draft = await latestCard(p.office, '督查事项草稿');
    expect(textOf(draft.message)).toContain(`办理期限: ${c.due}`);
    expect(textOf(draft.message)).toContain('依据第四十条');
    expect(textOf(draft.message)).toContain(c.explanation);
    expect(textOf(draft.message).includes(PROVISIONAL_NOTE)).toBe(Boolean(c.provisional));
    expect(await item(h, id)).toMatchObject({ status: 'draft', dueOn: c.due, dueProvisional: Boolean(c.provisional), dueArticle: 40, source: c.source });

    // 督查交办: a leader approves, then the notice goes out in the office's name.
    if (c.viaCard) {
      await clickButton(p.office, draft, '送领导审定', { leader: 'zhaoming' });
      const approval = await latestCard(p.zhaoming, '督查事项审定');
      const approved = await clickButton(p.zhaoming, approval, '同意交办');
      expect(approved.toast.kind).toBe('success');
      expect(textOf(approved.card)).toContain('赵明 已同意交办');
    } else {
      const [reply] = await p.office.say(`/督办 交办 ${id} 领导=赵明`);
      expect(said(reply!)).toContain(`督查事项 ${id} 已交办（赵明 审定）`);
    }
    expect(await item(h, id)).toMatchObject({ status: 'issued', assigningLeaderId: 'zhaoming' });
    const notice = await latestCard(p.zjjLiaison, '督查通知');
    expect(notice.urgent).toBe(c.source === 'leader_instruction');
    expect(textOf(notice.message)).toContain(`${c.due}`);
    expect(textOf(notice.message)).toContain('[签收]');
    expect(textOf(notice.message)).toContain('[申请延期]');
    // The lead unit's chat (seen by its head) and the assisting unit's liaison have it too.
    expect((await p.zjjHead.inbox()).some((m) => m.to.type === 'unit_chat' && m.message.card?.title === `督查通知 · ${id}`)).toBe(true);
    expect((await p.xlzLiaison.inbox()).filter((m) => m.message.card?.title === `督查通知 · ${id}`).length).toBeGreaterThanOrEqual(2);

    // 承办落实: acknowledge from the card, plan by command.
    at(h, c.registeredAt.replace(/T.*/, 'T11:00:00'));
    const ack = await clickButton(p.zjjLiaison, notice, '签收');
    expect(ack.toast.text).toContain('住建局已签收');
    expect(said((await p.zjjLiaison.say(`/计划 ${id} 1. 一周内完成排查；2. 两周内完成整改`))[0]!)).toContain('已提交');
    expect(await item(h, id)).toMatchObject({ status: 'in_progress' });

    // 报送: the head's own completion report goes straight to the office.
    const [submitted] = await p.zjjHead.say(`/办结 ${id} 已完成第一阶段工作`);
    expect(said(submitted!)).toContain('已报送办理结果报告（第1轮）至区政府办');

    // 审核汇总: returned with reasons, redone, then received and accepted.
    const first = await latestCard(p.office, '办理结果报告');
    const returned = await clickButton(p.office, first, '退回重办', { reason: '缺少整改前后对比材料' });
    expect(returned.toast.text).toContain('已退回');
    expect(textOf((await latestCard(p.zjjLiaison, '报告退回重办')).message)).toContain('缺少整改前后对比材料');
    at(h, c.registeredAt.replace(/T.*/, 'T15:00:00'));
    const [redo] = await p.zjjHead.say(`/办结 ${id} 已全部整改到位，附整改前后对比材料`);
    expect(said(redo!)).toContain('第2轮');
    const second = await latestCard(p.office, '办理结果报告');
    expect((await clickButton(p.office, second, '签收')).toast.text).toBe('已签收。');
    const accepted = await clickButton(
      p.office,
      await latestCard(p.office, '办理结果报告'),
      c.source === 'npc_suggestion' || c.source === 'cppcc_proposal' ? '审核通过并公开答复' : '审核通过',
    );
    expect(accepted.toast.text).toContain(`督查事项 ${id} 办结`);
    // Forwarded to the assigning leader to read.
    expect((await latestCard(p.zhaoming, '办理结果报告')).message.card.title).toContain(id);
    const done = await item(h, id);
    expect(done.status).toBe('completed');
    if (c.source === 'npc_suggestion' || c.source === 'cppcc_proposal') {
      expect(done).toMatchObject({ replyText: '已全部整改到位，附整改前后对比材料', publish: true });
    } else {
      expect(done.replyText).toBeNull();
    }
    expect((await reportsOf(h, id)).map((r) => [r.round, r.status])).toEqual([
      [1, 'returned'],
      [2, 'accepted'],
    ]);

    // 办结归档: archived items are read-only.
    expect(said((await p.office.say(`/督办 归档 ${id}`))[0]!)).toContain('已归档');
    const before = await footprint(h);
    const [edit] = await p.office.say(`/督办 修改 ${id} 标题=改个标题`);
    expect(said(edit!)).toBe(`依据《工作规则》第四十条，督查事项 ${id} 已归档，只读，不能再修改。`);
    const [late] = await p.zjjHead.say(`/进展 ${id} 补充材料`);
    expect(said(late!)).toContain('已归档，只读');
    expect(await footprint(h)).toEqual(before);

    // The timeline shows every round.
    const lines = await timeline(h, id);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringContaining('登记立项'),
        expect.stringContaining('同意交办'),
        expect.stringContaining('住建局 张丽 签收'),
        expect.stringContaining('提交工作计划'),
        expect.stringContaining('退回住建局办理结果报告（第1轮）：缺少整改前后对比材料'),
        expect.stringContaining('审核通过住建局办理结果报告（第2轮）'),
        expect.stringContaining('归档'),
      ]),
    );
    const [shown] = await p.office.say(`/督办 查看 ${id}`);
    expect(said(shown!)).toContain('办理时间线');
    expect(said(shown!)).toContain('第1轮：已退回重办；退回理由：缺少整改前后对比材料');
  });
});
