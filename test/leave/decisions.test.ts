import { afterEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, leaveSteps } from '../../db/schema';
import { makeHarness, type Harness } from '../helpers/harness';
import { sandboxUser, textOf } from '../helpers/sandbox';
import { approvedLeave, buttonValue, clickLeave, file, leaveCardOf, rowCounts, runLeaveDutiesNow, setClock, texts } from './helpers';

let h: Harness;
afterEach(() => h?.close());

const HEAD_CHAIN = ['zhengguohua', 'linxiaomei'];
const LEADER_CHAIN = ['chenzhiyuan', 'zhengguohua'];

/** The head on approved leave 11-30 … 12-02, filed on 11-26. */
async function headAway() {
  await approvedLeave(h, 'chenzhiyuan', '/请假 11月30日-12月2日 出省 因公 北京 参加培训', HEAD_CHAIN);
}

async function stepOf(id: number, idx: number) {
  const [step] = await h.db
    .select()
    .from(leaveSteps)
    .where(and(eq(leaveSteps.requestId, id), eq(leaveSteps.idx, idx)));
  return step!;
}

describe('Art. 9 acting head', () => {
  it('while the head is away, the head’s step goes to the executive deputy, marked 代行区长职务; both addressee and decider are recorded', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    await headAway();
    await setClock(h, '2026-11-30T09:00:00+08:00');
    const id = await file(h, 'majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲');
    await clickLeave(h, 'zhaoming', id, '同意');
    const card = await leaveCardOf(h, 'liujianguo', id);
    expect(textOf(card.message)).toContain('2. 区长批准 · 刘建国（代行区长职务，原审批人 陈志远） — ⏳ 待处理');

    const byHead = await sandboxUser(h, 'chenzhiyuan').click(card.messageId, buttonValue(card.message, '同意'));
    expect(byHead.toast).toEqual({
      kind: 'error',
      text: '依据第九条：您正在请假外出，期间由 刘建国（代行区长职务） 代为处理本事项，您的操作未生效。如已提前返回，请先发送 /销假 后再处理。',
    });

    expect((await clickLeave(h, 'liujianguo', id, '同意')).toast.text).toBe('已同意，审批完成。');
    expect(await stepOf(id, 1)).toMatchObject({
      addresseeId: 'chenzhiyuan',
      resolvedApproverId: 'liujianguo',
      delegation: 'acting_head',
      decidedById: 'liujianguo',
      status: 'approved',
    });
    const [audit] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, String(id)), eq(auditLog.action, 'approve'), eq(auditLog.actorId, 'liujianguo')));
    expect(audit!.detail).toMatchObject({ addresseeId: 'chenzhiyuan', decidedById: 'liujianguo', delegation: 'acting_head' });
    expect(textOf((await leaveCardOf(h, 'majun', id)).message)).toContain('2. 区长批准 · 刘建国（代行区长职务，原审批人 陈志远） — ✅ 同意（刘建国');
  });

  it('before the head’s leave starts, the head still decides', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    await headAway();
    const id = await file(h, 'majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲');
    await clickLeave(h, 'zhaoming', id, '同意');
    expect(textOf((await leaveCardOf(h, 'chenzhiyuan', id)).message)).toContain('2. 区长批准 · 陈志远 — ⏳ 待处理');
  });
});

describe('Art. 11 A/B partners', () => {
  it('while a deputy is away, their step goes to the A/B partner, marked AB角代批', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    await approvedLeave(h, 'zhaoming', '/请假 11月30日-12月1日 出省 因公 北京 开会', LEADER_CHAIN);
    await setClock(h, '2026-11-30T09:00:00+08:00');
    const id = await file(h, 'majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲');
    expect(textOf((await leaveCardOf(h, 'sunqiang', id)).message)).toContain('1. 主管领导（分管副区长）审核 · 孙强（AB角代批，原审批人 赵明） — ⏳ 待处理');
    expect((await texts(h, 'majun')).join('\n')).toContain('1. 主管领导（分管副区长）审核 · 孙强（AB角代批，原审批人 赵明） — ⏳ 待处理');
    await clickLeave(h, 'sunqiang', id, '同意');
    expect(await stepOf(id, 0)).toMatchObject({ addresseeId: 'zhaoming', decidedById: 'sunqiang', delegation: 'ab_partner' });
  });

  it('partner also away: the step goes next in chain, to the executive deputy', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    await approvedLeave(h, 'zhaoming', '/请假 11月30日-12月1日 出省 因公 北京 开会', LEADER_CHAIN);
    await approvedLeave(h, 'sunqiang', '/请假 11月30日-12月2日 出国 因公 新加坡 考察', LEADER_CHAIN);
    await setClock(h, '2026-11-30T09:00:00+08:00');
    const id = await file(h, 'majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲');
    expect(textOf((await leaveCardOf(h, 'liujianguo', id)).message)).toContain(
      '1. 主管领导（分管副区长）审核 · 刘建国（常务副区长代批，原审批人 赵明） — ⏳ 待处理',
    );
    expect(
      await sandboxUser(h, 'sunqiang')
        .inbox()
        .then((m) => m.filter((x) => textOf(x.message).includes('马军'))),
    ).toEqual([]);
  });
});

describe('Art. 68 self-approval never', () => {
  it('the executive deputy’s own request while the head is away goes to the government office, and the requester cannot decide it', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    await headAway();
    await setClock(h, '2026-11-30T09:00:00+08:00');
    const id = await file(h, 'liujianguo', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲');
    const officeCard = await leaveCardOf(h, 'hejun', id);
    expect(textOf(officeCard.message)).toContain('1. 区长同意 · 区政府办（无人可代批，由区政府办转办，原审批人 陈志远） — ⏳ 待处理');
    const own = await forgedApproval(id, 'liujianguo');
    expect(own.toast).toEqual({ kind: 'error', text: '不能审批本人的请假申请。' });
    expect((await stepOf(id, 0)).status).toBe('pending');
    expect((await clickLeave(h, 'linxiaomei', id, '同意')).toast.kind).toBe('success');
    expect(await stepOf(id, 0)).toMatchObject({ decidedById: 'linxiaomei', resolvedApproverId: null, delegation: 'office_routing' });
    expect(textOf((await leaveCardOf(h, 'zhengguohua', id)).message)).toContain('2. 区委主要领导批准 · 郑国华 — ⏳ 待处理');
  });

  it('the requester’s card offers no 同意; a forged approval click by the requester is refused and nothing changes', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const id = await file(h, 'majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲');
    expect(textOf((await leaveCardOf(h, 'majun', id)).message)).not.toContain('[同意]');
    expect(textOf((await leaveCardOf(h, 'majun', id)).message)).toContain('[撤回申请]');
    const before = await rowCounts(h);
    expect((await forgedApproval(id, 'majun')).toast).toEqual({ kind: 'error', text: '不能审批本人的请假申请。' });
    expect(await rowCounts(h)).toEqual(before);
  });
});

/** An approval click sent from the requester's own card, as a tampered client could send it: the core decides, not the card. */
async function forgedApproval(id: number, personId: string) {
  const card = await leaveCardOf(h, personId, id);
  return sandboxUser(h, personId).click(card.messageId, { action: 'leave.approve', id: String(id), step: '0' });
}

describe('Art. 9, 11 acting authority when a leave starts', () => {
  it('a step pending with someone whose approved leave starts is re-routed to their delegate by the daily duty, and both are told', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    await approvedLeave(h, 'zhaoming', '/请假 11月30日-12月1日 出省 因公 北京 开会', LEADER_CHAIN);
    const id = await file(h, 'majun', '/请假 12月3日-4日 出省 因私 哈尔滨 探亲');
    expect(textOf((await leaveCardOf(h, 'zhaoming', id)).message)).toContain('· 赵明 — ⏳ 待处理');

    await setClock(h, '2026-11-30T08:00:00+08:00');
    expect(await runLeaveDutiesNow(h)).toMatchObject({ rerouted: 1 });
    expect(await texts(h, 'sunqiang')).toContain(
      `赵明 请假外出，预计 2026-12-02（周三） 返岗，马军的请假申请（编号 ${id}）“主管领导（分管副区长）审核”转由您处理（AB角代批）。`,
    );
    expect(await texts(h, 'zhaoming')).toContain(`您请假外出期间，马军的请假申请（编号 ${id}）“主管领导（分管副区长）审核”已转由 孙强（AB角代批）处理。`);
    // Every copy of the card shows the new approver.
    for (const who of ['zhaoming', 'majun', 'sunqiang']) {
      expect(textOf((await leaveCardOf(h, who, id)).message)).toContain('1. 主管领导（分管副区长）审核 · 孙强（AB角代批，原审批人 赵明） — ⏳ 待处理');
    }
    const [audit] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, String(id)), eq(auditLog.action, 'reroute')));
    expect(audit).toMatchObject({ actorId: null, detail: { from: 'zhaoming', to: 'sunqiang', addresseeId: 'zhaoming', delegation: 'ab_partner' } });

    // Running the duty again re-routes nothing and sends nothing twice.
    const before = await rowCounts(h);
    const inbox = (await sandboxUser(h, 'sunqiang').inbox()).length;
    expect(await runLeaveDutiesNow(h)).toMatchObject({ rerouted: 0 });
    expect(await rowCounts(h)).toEqual(before);
    expect((await sandboxUser(h, 'sunqiang').inbox()).length).toBe(inbox);

    expect((await clickLeave(h, 'zhaoming', id, '同意')).toast.kind).toBe('error');
    expect((await clickLeave(h, 'sunqiang', id, '同意')).toast.kind).toBe('success');
  });

  it('approving a leave that starts today re-routes its holder’s pending steps at once', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const id = await file(h, 'majun', '/请假 11月30日-12月1日 出省 因私 哈尔滨 探亲');
    await approvedLeave(h, 'zhaoming', '/请假 今天-明天 出省 因私 北京 探望病人 紧急 原因：家人突发疾病', LEADER_CHAIN);
    expect(textOf((await leaveCardOf(h, 'sunqiang', id)).message)).toContain('孙强（AB角代批，原审批人 赵明） — ⏳ 待处理');
    const [audit] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, String(id)), eq(auditLog.action, 'reroute')));
    expect(audit!.actorId).toBe('zhengguohua');
  });
});

describe('Art. 68 only the resolved approver decides', () => {
  it('anyone else clicking 同意 or 驳回 gets a toast and nothing changes', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const id = await file(h, 'majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲');
    const card = await leaveCardOf(h, 'zhaoming', id);
    const before = await rowCounts(h);
    for (const [who, label] of [
      ['sunqiang', '同意'],
      ['chenzhiyuan', '同意'],
      ['linxiaomei', '驳回'],
      ['songjia', '同意'],
    ] as const) {
      const res = await sandboxUser(h, who).click(card.messageId, buttonValue(card.message, label));
      expect(res.toast, who).toEqual({ kind: 'error', text: '这一步（主管领导（分管副区长）审核）由 赵明 处理，您无权操作。' });
      expect(res.card).toBeNull();
    }
    expect(await rowCounts(h)).toEqual(before);
    expect((await stepOf(id, 0)).status).toBe('pending');
  });

  it('a click on a step already decided shows the latest card and changes nothing', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const id = await file(h, 'majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲');
    const stale = await leaveCardOf(h, 'zhaoming', id);
    await clickLeave(h, 'zhaoming', id, '同意');
    const before = await rowCounts(h);
    const again = await sandboxUser(h, 'zhaoming').click(stale.messageId, buttonValue(stale.message, '同意'));
    expect(again.toast).toEqual({ kind: 'info', text: '这一步已经处理过了，卡片已更新为最新状态。' });
    expect(textOf({ kind: 'card', card: again.card })).toContain('2. 区长批准 · 陈志远 — ⏳ 待处理');
    expect(await rowCounts(h)).toEqual(before);
  });
});

describe('Art. 68 concurrent clicks', () => {
  it('several clicks at once on 同意 produce exactly one decision', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const id = await file(h, 'majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲');
    const card = await leaveCardOf(h, 'zhaoming', id);
    const value = buttonValue(card.message, '同意');
    const results = await Promise.all(Array.from({ length: 5 }, () => sandboxUser(h, 'zhaoming').click(card.messageId, value)));
    expect(results.filter((r) => r.toast.kind === 'success')).toHaveLength(1);
    expect(results.filter((r) => r.toast.kind !== 'success').every((r) => r.toast.kind === 'warning' || r.toast.kind === 'info')).toBe(true);
    const approvals = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, String(id)), eq(auditLog.action, 'approve')));
    expect(approvals).toHaveLength(1);
    const headCards = (await sandboxUser(h, 'chenzhiyuan').inbox()).filter((m) => textOf(m.message).includes(`编号 ${id}`));
    expect(headCards).toHaveLength(1);
  });

  it('an approval and a withdrawal at the same moment: exactly one of them happens', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const id = await file(h, 'majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲');
    const approverCard = await leaveCardOf(h, 'zhaoming', id);
    const ownCard = await leaveCardOf(h, 'majun', id);
    const asked = await sandboxUser(h, 'majun').click(ownCard.messageId, buttonValue(ownCard.message, '撤回申请'));
    const [approve, withdraw] = await Promise.all([
      sandboxUser(h, 'zhaoming').click(approverCard.messageId, buttonValue(approverCard.message, '同意')),
      sandboxUser(h, 'majun').click(ownCard.messageId, buttonValue({ kind: 'card', card: asked.card }, '确认撤回')),
    ]);
    expect([approve.toast.kind, withdraw.toast.kind].filter((k) => k === 'success')).toHaveLength(1);
    const actions = (
      await h.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.subjectId, String(id)))
    ).map((a) => a.action);
    expect(actions.filter((a) => a === 'approve' || a === 'withdraw')).toHaveLength(1);
  });
});

describe('Art. 68 rejection', () => {
  it('驳回 asks for a reason; without one nothing changes; with one the requester is told and every card updates', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const id = await file(h, 'majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲');
    await clickLeave(h, 'zhaoming', id, '同意');
    const opened = await clickLeave(h, 'chenzhiyuan', id, '驳回');
    expect(opened.toast.text).toBe('请填写驳回理由。');
    expect(opened.card.title).toBe(`驳回请假申请 · 马军（编号 ${id}）`);
    const before = await rowCounts(h);
    const empty = await clickLeave(h, 'chenzhiyuan', id, '确认驳回', { reason: '  ' });
    expect(empty.toast).toEqual({ kind: 'error', text: '驳回须填写理由，请在表单中写明后再提交。' });
    expect(await rowCounts(h)).toEqual(before);
    const done = await clickLeave(h, 'chenzhiyuan', id, '确认驳回', { reason: '12月4日有全区安全生产检查，请调整时间' });
    expect(done.toast.text).toBe('已驳回，已告知请假人。');
    expect(await texts(h, 'majun')).toContain(
      `您的请假申请（编号 ${id}，2026-12-04（周五） 至 2026-12-05（周六），共 2 天）被驳回。\n驳回人：陈志远\n理由：12月4日有全区安全生产检查，请调整时间`,
    );
    for (const who of ['majun', 'zhaoming']) {
      const card = textOf((await leaveCardOf(h, who, id)).message);
      expect(card).toContain('**状态：已驳回**');
      expect(card).toContain('2. 区长批准 · 陈志远 — ❌ 驳回（陈志远');
      expect(card).not.toContain('[同意]');
    }
  });

  it('a rejection at the first step voids the rest of the chain', async () => {
    h = await makeHarness({ now: '2026-11-26T09:00:00+08:00' });
    const id = await file(h, 'majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲');
    await clickLeave(h, 'zhaoming', id, '驳回');
    await clickLeave(h, 'zhaoming', id, '确认驳回', { reason: '工作安排冲突' });
    expect((await stepOf(id, 1)).status).toBe('void');
    expect(await sandboxUser(h, 'chenzhiyuan').inbox()).toEqual([]);
  });
});
