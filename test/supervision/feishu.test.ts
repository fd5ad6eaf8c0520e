import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from '../helpers/harness';
import { startFakeFeishu, type FakeFeishu } from '../fakes/feishu-api';
import { cardActionEvent, cardButtons, cardText, deliver, feishuEnv, messageEvent } from '../feishu/helpers';
import { item, reportsOf, timeline } from './helpers';

let fake: FakeFeishu;
let h: Harness;

beforeEach(async () => {
  fake = await startFakeFeishu();
  h = await makeHarness({ now: '2026-09-30T09:00:00+08:00', env: feishuEnv(fake) });
});
afterEach(async () => {
  await h?.settle();
  h?.close();
  await fake.close();
});

let seq = 0;
/** A person types a command in their 1:1 chat with the bot; returns the bot's reply (text or card). */
async function say(openId: string, text: string): Promise<{ messageId: string; content: any }> {
  const messageId = `om_say_${++seq}`;
  const res = await deliver(h, messageEvent({ openId, text, messageId }));
  expect(res.status).toBe(200);
  await h.settle();
  const reply = fake.messages.find((m) => m.replyTo === messageId);
  expect(reply, `no reply to ${text}`).toBeDefined();
  return { messageId: reply!.messageId, content: reply!.content };
}

/** The latest version of a message as the person sees it (after in-place updates). */
const current = (m: { content: any; patches: any[] }) => m.patches[m.patches.length - 1] ?? m.content;
const shown = (m: { content: any; patches: any[] }) => (typeof current(m) === 'object' && current(m).body ? cardText(current(m)) : current(m).text);

async function click(openId: string, messageId: string, label: string, form: Record<string, string> = {}) {
  const message = fake.messages.find((m) => m.messageId === messageId)!;
  const target = cardButtons(current(message)).find((b) => b.label === label);
  expect(target, `no button ${label}`).toBeDefined();
  const res = await deliver(h, cardActionEvent({ openId, value: target!.value, messageId, formValue: form }));
  expect(res.status).toBe(200);
  await h.settle();
  return res.body;
}

describe('supervision over signed Feishu events (Art. 40)', () => {
  it('register, issue urgently to the units, acknowledge from the card, liaison report signed off by the head, office accepts', async () => {
    const draft = await say('ou_demo_linxiaomei', '/督办 新建 来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 协办=兴隆镇 收文日期=2026-09-30');
    expect(cardText(draft.content)).toContain('2026-10-10（周六） · 依据第四十条');
    expect(cardText(draft.content)).toContain('一般应在3个工作日内办结或回复进展情况');

    // The office sends the draft to 赵明 from the card's form; 赵明 approves on his card.
    const sent = await click('ou_demo_linxiaomei', draft.messageId, '送领导审定', { leader: 'zhaoming' });
    expect(sent.toast).toEqual({ type: 'success', content: '已将 DB-2026-0001 送 赵明 审定。' });
    const approval = fake.messages.find((m) => m.receiveId === 'ou_demo_zhaoming')!;
    const approved = await click('ou_demo_zhaoming', approval.messageId, '同意交办');
    expect(approved.toast.type).toBe('success');

    // The notice goes to both units' chats and liaisons, urgent to the liaisons (即接即办).
    const notices = fake.messages.filter((m) => current(m).header?.title?.content === '督查通知 · DB-2026-0001');
    expect(notices.map((m) => m.receiveId).sort()).toEqual(['oc_demo_qzfb', 'oc_demo_xlz', 'oc_demo_zjj', 'ou_demo_songjia', 'ou_demo_zhangli']);
    expect(
      fake.messages
        .filter((m) => m.urgentFor.length)
        .flatMap((m) => m.urgentFor)
        .sort(),
    ).toEqual(['ou_demo_songjia', 'ou_demo_zhangli']);

    // 签收 from the group card: every copy of the notice is updated in place.
    const groupNotice = notices.find((m) => m.receiveId === 'oc_demo_zjj')!;
    const ack = await click('ou_demo_zhangli', groupNotice.messageId, '签收');
    expect(ack.toast.content).toContain('住建局已签收督查事项 DB-2026-0001');
    const officeNotice = notices.find((m) => m.receiveId === 'oc_demo_qzfb')!;
    expect(shown(officeNotice)).toContain('主办 住建局：已签收（张丽');

    // 住建局's copy no longer offers 签收; someone from another unit clicking 兴隆镇's is refused and nothing changes.
    expect(cardButtons(current(groupNotice)).map((b) => b.label)).not.toContain('签收');
    const refused = await click('ou_demo_tangwei', notices.find((m) => m.receiveId === 'oc_demo_xlz')!.messageId, '签收');
    expect(refused).toEqual({ toast: { type: 'error', content: '只有主办、协办单位的主要负责人或联络员可以签收本督查通知。' } });

    // The liaison's report waits for the head's sign-off, then reaches the office.
    const progress = await say('ou_demo_zhangli', '/进展 DB-2026-0001 已完成排查，正在整改');
    expect(progress.content.text).toContain('已送 邓鹏 审签');
    const signOff = fake.messages.find((m) => m.receiveId === 'ou_demo_dengpeng')!;
    expect(cardText(signOff.content)).toContain('待单位主要领导审签');
    await click('ou_demo_dengpeng', signOff.messageId, '审签通过');
    const atOffice = fake.messages.filter((m) => m.receiveId === 'oc_demo_qzfb' && current(m).header?.title?.content?.startsWith('办理进展报告'));
    expect(atOffice).toHaveLength(1);

    // Returned from the form with a reason, redone by the head, accepted.
    const returned = await click('ou_demo_linxiaomei', atOffice[0]!.messageId, '退回重办', { reason: '请附整改台账' });
    // The clicked card is replaced by the callback response; the head's copy is patched in place.
    expect(cardText(returned.card.data)).toContain('**退回理由**：请附整改台账');
    expect(shown(signOff)).toContain('**退回理由**：请附整改台账');
    h.clock.set('2026-09-30T15:00:00+08:00');
    await say('ou_demo_dengpeng', '/进展 DB-2026-0001 已完成排查，整改台账见附件');
    const second = fake.messages.filter((m) => m.receiveId === 'oc_demo_qzfb' && current(m).header?.title?.content?.startsWith('办理进展报告'))[1]!;
    await click('ou_demo_linxiaomei', second.messageId, '审核通过');
    expect((await reportsOf(h, 'DB-2026-0001')).map((r) => [r.round, r.status])).toEqual([
      [1, 'returned'],
      [2, 'accepted'],
    ]);
    expect(await item(h, 'DB-2026-0001')).toMatchObject({ status: 'in_progress', longRunning: true });
    expect(await timeline(h, 'DB-2026-0001')).toEqual(
      expect.arrayContaining([
        '林小梅 送 赵明 审定',
        '赵明 审定同意交办，以区政府办名义发出督查通知',
        '区政府办 林小梅 退回住建局办理进展报告（第1轮）：请附整改台账',
      ]),
    );
  });
});
