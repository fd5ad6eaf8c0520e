import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { leaveRequests } from '../../db/schema';
import { makeHarness, type Harness } from '../helpers/harness';
import { startFakeFeishu, type FakeFeishu } from '../fakes/feishu-api';
import { cardActionEvent, cardButtons, cardText, deliver, feishuEnv, messageEvent } from '../feishu/helpers';

let fake: FakeFeishu;
let h: Harness;

beforeEach(async () => {
  fake = await startFakeFeishu();
});
afterEach(async () => {
  await h?.settle();
  h?.close();
  await fake.close();
});

/** The newest card the fake delivered to an open_id or chat_id, with its patches applied. */
function cardFor(receiveId: string, title: string) {
  const found = fake.messages.filter((m) => m.receiveId === receiveId && m.msgType === 'interactive' && cardText(m.content).includes(title));
  expect(found.length, `no card “${title}” for ${receiveId}`).toBeGreaterThan(0);
  const message = found[found.length - 1]!;
  return { messageId: message.messageId, card: message.patches.length ? message.patches[message.patches.length - 1] : message.content };
}

const button = (card: any, label: string) => {
  const found = cardButtons(card).find((b) => b.label === label);
  expect(found, `no button ${label}: ${cardText(card)}`).toBeDefined();
  return found!.value;
};

describe('Art. 68 leave through signed Feishu events', () => {
  it('a unit head files in chat, the supervising deputy approves on the card, the head rejects with a reason from the form', async () => {
    h = await makeHarness({ now: '2026-11-24T09:00:00+08:00', env: feishuEnv(fake) });
    const filed = await deliver(h, messageEvent({ openId: 'ou_demo_majun', text: '/请假 11月28日-30日 出省 因私 赴哈尔滨探亲', messageId: 'om_leave' }));
    expect(filed.status).toBe(200);
    await h.settle();

    const replies = fake.messages.filter((m) => m.replyTo === 'om_leave');
    // Issue 15 point 31: one answer, the live card.
    expect(replies).toHaveLength(1);
    const requesterCard = replies[0]!;
    expect(cardText(requesterCard.content)).toContain('请假申请 · 马军（编号 1）');
    expect(cardText(requesterCard.content)).toContain('赵明 — ⏳ 待处理');
    const slips = fake.messages.filter((m) => m.receiveIdType === 'chat_id' && cardText(m.content).startsWith('请假单（报备）'));
    expect(slips.map((m) => m.receiveId).sort()).toEqual(['oc_demo_qwb', 'oc_demo_qzfb']);

    // A colleague who is not the approver clicks the deputy's card: a toast, nothing changes.
    const deputy = cardFor('ou_demo_zhaoming', '请假申请 · 马军（编号 1）');
    const stranger = await deliver(h, cardActionEvent({ openId: 'ou_demo_sunqiang', value: button(deputy.card, '同意'), messageId: deputy.messageId }));
    expect(stranger.body).toEqual({ toast: { type: 'error', content: '这一步（主管领导（分管副区长）审核）由 赵明 处理，您无权操作。' } });

    const approved = await deliver(h, cardActionEvent({ openId: 'ou_demo_zhaoming', value: button(deputy.card, '同意'), messageId: deputy.messageId }));
    expect(approved.body.toast).toEqual({ type: 'success', content: '已同意，已送下一步：区长批准。' });
    expect(cardText(approved.body.card.data)).toContain('1. 主管领导（分管副区长）审核 · 赵明 — ✅ 同意');
    await h.settle();
    // The requester's card is patched in place; the clicked card is not patched a second time.
    expect(cardText(requesterCard.patches.at(-1))).toContain('**状态：审批中（第 2/2 步）**');

    const head = cardFor('ou_demo_chenzhiyuan', '请假申请 · 马军（编号 1）');
    const opened = await deliver(h, cardActionEvent({ openId: 'ou_demo_chenzhiyuan', value: button(head.card, '驳回'), messageId: head.messageId }));
    expect(opened.body.toast).toEqual({ type: 'info', content: '请填写驳回理由。' });
    const submit = button(opened.body.card.data, '确认驳回');
    const blank = await deliver(h, cardActionEvent({ openId: 'ou_demo_chenzhiyuan', value: submit, messageId: head.messageId, formValue: {} }));
    expect(blank.body.toast).toEqual({ type: 'error', content: '驳回须填写理由，请在表单中写明后再提交。' });
    const rejected = await deliver(
      h,
      cardActionEvent({ openId: 'ou_demo_chenzhiyuan', value: submit, messageId: head.messageId, formValue: { reason: '月底财政决算，请调整时间' } }),
    );
    expect(rejected.body.toast).toEqual({ type: 'success', content: '已驳回，已告知请假人。' });
    await h.settle();

    expect(
      fake.messages.some((m) => m.receiveId === 'ou_demo_majun' && m.msgType === 'text' && m.content.text.includes('理由：月底财政决算，请调整时间')),
    ).toBe(true);
    expect(cardText(requesterCard.patches.at(-1))).toContain('**状态：已驳回**');
    const [rejectedRows] = await h.db.select({ n: count() }).from(leaveRequests).where(eq(leaveRequests.status, 'rejected'));
    expect(rejectedRows?.n).toBe(1);
  });
});
