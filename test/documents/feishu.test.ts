import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { documents, supervisionItems } from '../../db/schema';
import { makeHarness, type Harness } from '../helpers/harness';
import { startFakeFeishu, type FakeFeishu } from '../fakes/feishu-api';
import { cardActionEvent, cardButtons, cardText, deliver, feishuEnv, messageEvent, writtenRows } from '../feishu/helpers';
import { INCOMING } from './helpers';

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

/** The newest card the fake delivered to an open_id or chat_id whose text contains `title`, patches applied. */
function cardFor(receiveId: string, title: string) {
  const found = fake.messages.filter((m) => m.receiveId === receiveId && m.msgType === 'interactive' && cardText(m.content).includes(title));
  expect(found.length, `no card “${title}” for ${receiveId}`).toBeGreaterThan(0);
  const message = found[found.length - 1]!;
  return { messageId: message.messageId, card: message.patches.length ? message.patches[message.patches.length - 1] : message.content, message };
}

const button = (card: any, label: string) => {
  const found = cardButtons(card).find((b) => b.label === label);
  expect(found, `no button ${label}: ${cardText(card)}`).toBeDefined();
  return found!.value;
};

async function click(openId: string, receiveId: string, title: string, label: string, formValue: Record<string, unknown> = {}) {
  const { card, messageId } = cardFor(receiveId, title);
  const res = await deliver(h, cardActionEvent({ openId, value: button(card, label), messageId, formValue }));
  await h.settle();
  return res.body;
}

describe('Art. 61 来文 through signed Feishu events', () => {
  it('registered in chat, 批示 by the head from the card form, agreed by the deputy, forwarded by the office into an issued item', async () => {
    h = await makeHarness({ now: '2026-09-30T09:00:00+08:00', env: feishuEnv(fake) });
    expect((await deliver(h, messageEvent({ openId: 'ou_demo_linxiaomei', text: `${INCOMING} 类别=需领导批示`, messageId: 'om_doc' }))).status).toBe(200);
    await h.settle();
    expect(
      fake.messages
        .filter((m) => m.replyTo === 'om_doc')
        .map((m) => (m.msgType === 'text' ? m.content.text : cardText(m.content)))
        .join('\n'),
    ).toContain('已登记来文 1「关于做好冬季供暖保障工作的通知」（需领导批示），按第六十一条送 陈志远 区长审签。');

    // Not his step yet: the deputy's click on the head's card is refused and changes nothing.
    const early = await click('ou_demo_zhaoming', 'ou_demo_chenzhiyuan', '来文 1｜', '同意');
    expect(early).toEqual({ toast: { type: 'error', content: '这一步是「区长审签」，应由 陈志远 办理。' } });

    const instructed = await click('ou_demo_chenzhiyuan', 'ou_demo_chenzhiyuan', '来文 1｜', '批示', { text: '请住建局牵头落实。' });
    expect(instructed.toast).toEqual({ type: 'success', content: '已批示，已送 赵明 分管副区长审定。' });
    expect(cardText(instructed.card.data)).toContain('「请住建局牵头落实。」');
    const agreed = await click('ou_demo_zhaoming', 'ou_demo_zhaoming', '来文 1｜', '同意');
    expect(agreed.toast.content).toBe('已同意，领导审定完毕，已送区政府办转办。');
    // The head's card was patched in place to the finished chain.
    expect(cardText(cardFor('ou_demo_chenzhiyuan', '来文 1｜').card)).toContain('领导已审定，待区政府办转办');

    const forwarded = await click('ou_demo_linxiaomei', 'oc_demo_qzfb', '来文 1｜', '转办并立项督办', { lead: '住建局' });
    expect(forwarded.toast.type).toBe('success');
    const [doc] = await h.db.select().from(documents).where(eq(documents.id, 1));
    const [item] = await h.db.select().from(supervisionItems).where(eq(supervisionItems.id, doc!.itemId!));
    expect(item).toMatchObject({ source: 'leader_instruction', status: 'issued', dueOn: '2026-10-10', content: '陈志远批示：请住建局牵头落实。' });
    expect(fake.messages.some((m) => m.receiveId === 'oc_demo_zjj' && cardText(m.content).includes(item!.id))).toBe(true);
  });

  it('需提报意见 goes to the deputy first: his 退回, the office’s 重新报送, his 同意, the head’s 批示; an upper-level document forwards as 上级批示 (5 working days over National Day)', async () => {
    h = await makeHarness({ now: '2026-09-30T09:00:00+08:00', env: feishuEnv(fake) });
    await deliver(h, messageEvent({ openId: 'ou_demo_linxiaomei', text: `${INCOMING} 类别=需提报意见 上级=是`, messageId: 'om_opinion' }));
    await h.settle();
    // The head's turn comes second: his click on the deputy's card is refused.
    const early = await click('ou_demo_chenzhiyuan', 'ou_demo_zhaoming', '来文 1｜', '同意');
    expect(early.toast.type).toBe('error');
    const returned = await click('ou_demo_zhaoming', 'ou_demo_zhaoming', '来文 1｜', '退回', { reason: '请补充市政府的附件。' });
    expect(returned.toast.type).toBe('success');
    const again = await click('ou_demo_linxiaomei', 'oc_demo_qzfb', '来文 1｜', '修改后重新报送', { note: '已补充附件。' });
    expect(again.toast.content).toBe('已重新报送（第2轮），送 赵明 分管副区长审定。');
    expect((await click('ou_demo_zhaoming', 'ou_demo_zhaoming', '来文 1｜', '同意')).toast.content).toBe('已同意，已送 陈志远 区长审签。');
    const instructed = await click('ou_demo_chenzhiyuan', 'ou_demo_chenzhiyuan', '来文 1｜', '批示', { text: '请住建局抓紧落实。' });
    expect(instructed.toast.content).toBe('已批示，领导审定完毕，已送区政府办转办。');
    expect((await click('ou_demo_linxiaomei', 'oc_demo_qzfb', '来文 1｜', '转办并立项督办', { lead: '住建局' })).toast.type).toBe('success');
    const [doc] = await h.db.select().from(documents).where(eq(documents.id, 1));
    const [item] = await h.db.select().from(supervisionItems).where(eq(supervisionItems.id, doc!.itemId!));
    // 10-08, 10-09, the make-up Saturday 10-10, 10-12, 10-13.
    expect(item).toMatchObject({ source: 'upper_directive', status: 'issued', dueOn: '2026-10-13', content: '陈志远批示：请住建局抓紧落实。' });
  });

  it('bad input from chat gets the Chinese error and writes nothing but the reply', async () => {
    h = await makeHarness({ now: '2026-12-01T09:00:00+08:00', env: feishuEnv(fake) });
    await deliver(h, messageEvent({ openId: 'ou_demo_linxiaomei', text: '/来文 登记 文号=1 标题=x 来文单位=市政府 类别=随便 分管=赵明', messageId: 'om_bad' }));
    await h.settle();
    const reply = fake.messages.find((m) => m.replyTo === 'om_bad');
    expect(reply?.content.text).toBe('「类别=随便」不对。来文类别只有：需提报意见、需领导批示（第六十一条）。');
    expect((await h.db.select().from(documents)).length).toBe(0);
    expect((await writtenRows(h)).audit).toBe(0);
  });
});

describe('Art. 62 发文 through signed Feishu events', () => {
  it('a 区政府名义 draft of 住建局: 区政府办 → 赵明 → 刘建国 → 陈志远 签发; a 规章 goes straight to the head', async () => {
    h = await makeHarness({ now: '2026-12-01T09:00:00+08:00', env: feishuEnv(fake) });
    await deliver(h, messageEvent({ openId: 'ou_demo_zhangli', text: '/发文 起草 类别=区政府名义 标题=关于印发冬季供暖保障方案的通知', messageId: 'om_gov' }));
    await h.settle();
    expect((await click('ou_demo_linxiaomei', 'oc_demo_qzfb', '发文 1｜', '同意')).toast.content).toBe('已同意，已送 赵明 分管副区长审阅。');
    expect((await click('ou_demo_zhaoming', 'ou_demo_zhaoming', '发文 1｜', '同意')).toast.type).toBe('success');
    expect((await click('ou_demo_liujianguo', 'ou_demo_liujianguo', '发文 1｜', '同意')).toast.type).toBe('success');
    const signed = await click('ou_demo_chenzhiyuan', 'ou_demo_chenzhiyuan', '发文 1｜', '签发');
    expect(signed.toast.content).toBe('已签发，文号 牡东政发〔2026〕1号，已归档。');
    await deliver(h, messageEvent({ openId: 'ou_demo_linxiaomei', text: '/发文 起草 类别=规章 标题=东安区物业管理办法 单位=司法局', messageId: 'om_reg' }));
    await h.settle();
    expect((await click('ou_demo_chenzhiyuan', 'ou_demo_chenzhiyuan', '发文 2｜', '签发')).toast.content).toBe('已签发，文号 牡东政发〔2026〕2号，已归档。');
  });

  it('a 区政府办名义 draft is signed by the 常务副区长 from his card and gets its 文号', async () => {
    h = await makeHarness({ now: '2026-12-01T09:00:00+08:00', env: feishuEnv(fake) });
    await deliver(h, messageEvent({ openId: 'ou_demo_linxiaomei', text: '/发文 起草 类别=区政府办名义 标题=关于调整值班安排的通知', messageId: 'om_out' }));
    await h.settle();
    const back = await click('ou_demo_liujianguo', 'ou_demo_liujianguo', '发文 1｜', '退回修改', { reason: '请补充值班电话。' });
    expect(back.toast.content).toBe('已退回修改，起草单位修改后将重新报送。');
    const redraft = await click('ou_demo_linxiaomei', 'oc_demo_qzfb', '发文 1｜', '修改后重新报送', { note: '已补充值班电话。' });
    expect(redraft.toast.content).toBe('已重新报送（第2轮），送 刘建国 常务副区长审阅。');
    const signed = await click('ou_demo_liujianguo', 'ou_demo_liujianguo', '发文 1｜', '签发');
    expect(signed.toast).toEqual({ type: 'success', content: '已签发，文号 牡东政办发〔2026〕1号，已归档。' });
    expect(cardText(cardFor('oc_demo_qzfb', '发文 1｜').card)).toContain('牡东政办发〔2026〕1号');
  });
});
