import { expect } from 'vitest';
import { latest, type PlatformDriver } from './platform-driver';

/**
 * End-to-end scenarios written once against `PlatformDriver`, run on every adapter (issue 8 item 5):
 * command → card → click → card update → push, as the people involved see it on their phones.
 */

/** Art. 68: a town head’s out-of-province leave, approved by the supervising deputy, then the district head. */
export async function leaveRoundTrip(d: PlatformDriver) {
  await d.say('majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲');
  const filed = (await d.inbox('majun')).map((m) => m.text).join('\n');
  const id = /已提交请假申请（编号 (\d+)）/.exec(filed)?.[1];
  expect(id, filed).toBeDefined();
  const title = `请假申请 · 马军（编号 ${id}）`;
  const requesterCard = latest(await d.inbox('majun'), title);
  expect(requesterCard.text).toContain('审批中（第 1/2 步）');

  const deputyCard = latest(await d.inbox('zhaoming'), title);
  expect(deputyCard.buttons).toEqual(expect.arrayContaining(['同意', '驳回']));
  const first = await d.click('zhaoming', deputyCard, '同意');
  expect(first.toast).toContain('已同意');
  if (d.editsCards) expect((await d.inbox('zhaoming')).find((m) => m.id === deputyCard.id)!.text).toContain('1. 主管领导（分管副区长）审核 · 赵明 — ✅ 同意');

  const headCard = latest(await d.inbox('chenzhiyuan'), title);
  expect(headCard.text).toContain('2. 区长批准 · 陈志远 — ⏳ 待处理');
  const second = await d.click('chenzhiyuan', headCard, '同意');
  expect(second.toast).toContain('审批完成');

  const requesterSees = await d.inbox('majun');
  if (d.editsCards) {
    // The card the requester got when filing now shows the decision: updated in place, not re-sent.
    expect(requesterSees.find((m) => m.id === requesterCard.id)!.text).toContain('**状态：已批准**');
  } else {
    expect(requesterSees.map((m) => m.text).join('\n')).toContain('已批准');
  }
}

/** Art. 40: the office registers and issues an item; 住建局's notice card is acknowledged from its group chat. */
export async function supervisionNoticeRoundTrip(d: PlatformDriver) {
  await d.say('linxiaomei', '/督办 新建 来源=常务会议 标题=老旧小区改造 主办=住建局 会议日期=2026-11-20');
  const draft = latest(await d.inbox('linxiaomei'), '督查事项草稿');
  const itemId = /DB-\d{4}-\d{4}/.exec(draft.title)?.[0];
  expect(itemId, draft.title).toBeDefined();
  await d.say('linxiaomei', `/督办 交办 ${itemId} 领导=赵明`);
  expect((await d.inbox('linxiaomei')).map((m) => m.text).join('\n')).toContain(`督查事项 ${itemId} 已交办`);

  const notice = latest(await d.chat('zjj'), `督查通知 · ${itemId}`);
  expect(notice.buttons).toEqual(expect.arrayContaining(['签收', '报送进展', '申请延期']));
  expect(notice.text).toContain('住建局：未签收');
  const liaisonCopy = latest(await d.inbox('zhangli'), `督查通知 · ${itemId}`);

  const ack = await d.click('zhangli', notice, '签收');
  expect(ack.toast).toContain('签收');
  if (d.editsCards) {
    // The group's notice card changes in place, and so does the liaison's own copy.
    const groupCard = (await d.chat('zjj')).find((m) => m.id === notice.id)!;
    expect(groupCard.text).not.toContain('住建局：未签收');
    expect(groupCard.text).toContain('已签收');
    expect((await d.inbox('zhangli')).find((m) => m.id === liaisonCopy.id)!.text).toContain('已签收');
  }
  // A minute later the liaison signs again: nothing changes, and they are told why. Where cards
  // update in place their copy no longer offers 签收 (Art. 40: a unit signs once), so they type it.
  d.h.clock.set(new Date(d.h.clock.now().getTime() + 60_000));
  if (d.editsCards) {
    expect((await d.inbox('zhangli')).find((m) => m.id === liaisonCopy.id)!.buttons).not.toContain('签收');
    await d.say('zhangli', `/签收 ${itemId}`);
    expect((await d.inbox('zhangli')).map((m) => m.text).join('\n')).toContain('无需重复签收');
  } else {
    const again = await d.click('zhangli', liaisonCopy, '签收');
    expect(again.toast).toContain('无需重复签收');
  }
}
