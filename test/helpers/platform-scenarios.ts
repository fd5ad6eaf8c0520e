import { expect } from 'vitest';
import { loadCalendar } from '../../src/core/calendar';
import { runLeaveDuties } from '../../src/core/leave/duties';
import { loadDirectory } from '../../src/core/org/directory';
import { drainOutbox } from '../../src/outbox/drain';
import { latest, type PlatformDriver } from './platform-driver';

/**
 * End-to-end scenarios written once against `PlatformDriver`, run on every adapter (issue 8 item 5):
 * command → card → click → card update → push, as the people involved see it on their phones.
 */

/** Art. 68: a town head’s out-of-province leave, approved by the supervising deputy, then the district head. */
export async function leaveRoundTrip(d: PlatformDriver) {
  await d.say('majun', '/请假 12月4日-5日 出省 因私 哈尔滨 探亲');
  const filed = (await d.inbox('majun')).map((m) => m.text).join('\n');
  const id = /请假申请 · 马军（编号 (\d+)）/.exec(filed)?.[1];
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
  expect(notice.text).toContain('住建局：未签收');
  const liaisonCopy = latest(await d.inbox('zhangli'), `督查通知 · ${itemId}`);
  expect(liaisonCopy.buttons).toEqual(expect.arrayContaining(['签收', '报送进展', '申请延期']));
  // A group card either has working buttons, or none and the commands to send with @robot (DingTalk ActionCards).
  if (notice.buttons.length) expect(notice.buttons).toEqual(expect.arrayContaining(['签收', '报送进展', '申请延期']));
  else expect(notice.text).toContain(`签收：/签收 ${itemId}`);

  const ack = await d.click('zhangli', notice.buttons.length ? notice : liaisonCopy, '签收');
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

/** Files a leave as `requester` and has each approver click 同意 on their card; returns its number. */
async function approvedLeaveVia(d: PlatformDriver, requester: string, command: string, approvers: string[]): Promise<string> {
  await d.say(requester, command);
  const id = /请假申请 · \S+（编号 (\d+)）/.exec((await d.inbox(requester)).map((m) => m.text).join('\n'))?.[1];
  expect(id).toBeDefined();
  for (const approver of approvers) {
    const card = latest(await d.inbox(approver), `（编号 ${id}）`);
    expect((await d.click(approver, card, '同意')).toast).toContain('已同意');
  }
  return id!;
}

/** The daily leave duties (re-routing and hand-over to stand-ins), then delivery, at the driver's clock. */
async function runDailyLeaveDuties(d: PlatformDriver) {
  await runLeaveDuties(d.h.db, await loadDirectory(d.h.db), await loadCalendar(d.h.db), d.h.clock.now(), d.h.deps.pushPlatforms);
  await drainOutbox(d.h.deps);
  await d.h.settle();
}

/**
 * Art. 9, 11: while 赵明 is on approved leave his A/B partner 孙强 decides his pending extension and
 * 赵明's click is refused with a toast naming 孙强; when 孙强 asks for overlapping days the approver is
 * warned, and once both are away the 通报 and /谁请假 name the executive deputy.
 */
export async function actingAuthorityRoundTrip(d: PlatformDriver) {
  const leaders = ['chenzhiyuan', 'zhengguohua'];
  await approvedLeaveVia(d, 'zhaoming', '/请假 11月30日-12月2日 出省 因公 北京 开会', leaders);
  await d.say('linxiaomei', '/督办 新建 来源=区政府文件 标题=落实燃气安全整治 主办=住建局 期限=2026-12-10');
  const itemId = /DB-\d{4}-\d{4}/.exec(latest(await d.inbox('linxiaomei'), '督查事项草稿').title)![0];
  await d.say('linxiaomei', `/督办 交办 ${itemId} 领导=赵明`);
  await d.say('zhangli', `/延期 ${itemId} 12月20日 原因：材料供货延迟 进展：已完成80% 下一步：12月15日前完成`);
  const zhaomingCard = latest(await d.inbox('zhaoming'), `延期申请 · ${itemId}`);

  await d.say('sunqiang', '/请假 11月30日-12月1日 出省 因私 哈尔滨 探亲');
  const sunqiangLeave = latest(await d.inbox('chenzhiyuan'), '请假申请 · 孙强');
  expect(sunqiangLeave.text).toContain('⚠️ AB角同时外出：赵明 也申请了外出');
  expect(sunqiangLeave.text).toContain('期间由常务副区长 刘建国 负责其分管工作（第十一条）');
  await d.click('chenzhiyuan', sunqiangLeave, '同意');
  await d.click('zhengguohua', latest(await d.inbox('zhengguohua'), '请假申请 · 孙强'), '同意');
  const notice = (await d.inbox('wangli')).map((m) => m.text).find((t) => t.includes('副区长 孙强 经批准外出'));
  expect(notice).toContain('外出期间由常务副区长 刘建国 负责其分管工作（第十一条）。');

  // 12-02: 赵明 still away, 孙强 back at work.
  d.h.clock.set('2026-12-02T09:00:00+08:00');
  await runDailyLeaveDuties(d);
  const handed = latest(await d.inbox('sunqiang'), `延期申请 · ${itemId}`);
  const refused = await d.click('zhaoming', zhaomingCard, '同意延期');
  expect(refused.toast).toBe('依据第十一条：您正在请假外出，期间由 孙强（AB角代批） 代为处理本事项，您的操作未生效。如已提前返回，请先发送 /销假 后再处理。');
  expect((await d.click('sunqiang', handed, '同意延期')).toast).toBe('已同意延期至 2026-12-20。');

  d.h.clock.set('2026-11-30T09:00:00+08:00');
  await d.say('wangli', '/谁请假');
  const away = latest(await d.inbox('wangli'), '请假外出（2 人）').text;
  expect(away).toContain('哈尔滨；由常务副区长 刘建国 负责其分管工作（第十一条）');
  expect(away).toContain('北京；由常务副区长 刘建国 负责其分管工作（第十一条）');
}

/** Art. 40 /待办: a deputy approves a draft and a unit head signs a report, each from the list (open → act). */
export async function todoRoundTrip(d: PlatformDriver) {
  await d.say('linxiaomei', '/督办 新建 来源=区政府文件 标题=物业服务专项检查 主办=住建局 期限=2026-12-04');
  const itemId = /DB-\d{4}-\d{4}/.exec(latest(await d.inbox('linxiaomei'), '督查事项草稿').title)![0];
  await d.say('linxiaomei', `/督办 送审 ${itemId} 领导=赵明`);

  await d.say('zhaoming', '/待办');
  const deputyList = latest(await d.inbox('zhaoming'), '待办 · 1 件');
  expect(deputyList.text).toContain(`审定交办**｜**${itemId}** 物业服务专项检查`);
  expect((await d.click('zhaoming', deputyList, '打开')).toast).toContain(`督查事项审定 · ${itemId}`);
  // The card itself, not the line that says it was sent (a text message where toasts are messages).
  const approval = latest(await d.inbox('zhaoming'), new RegExp(`^督查事项审定 · ${itemId}`));
  expect((await d.click('zhaoming', approval, '同意交办')).toast).toContain('交办');

  await d.say('zhangli', `/计划 ${itemId} 12月1日前完成排查`);
  // A minute later (DingTalk's fake numbers messages by the clock).
  d.h.clock.set(new Date(d.h.clock.now().getTime() + 60_000));
  await d.say('zhangli', `/进展 ${itemId} 已检查 12 个小区`);
  await d.say('dengpeng', '/待办');
  const headList = latest(await d.inbox('dengpeng'), '待办 · 1 件');
  expect(headList.text).toContain('审签报告');
  expect(headList.text).toContain('起草人 张丽');
  await d.click('dengpeng', headList, '打开');
  const report = latest(await d.inbox('dengpeng'), new RegExp(`^办理进展报告 · ${itemId}`));
  expect((await d.click('dengpeng', report, '审签通过')).toast).toContain('审签');
  await d.say('dengpeng', '/审批');
  expect((await d.inbox('dengpeng')).map((m) => m.text)).toContain('目前没有等待您审批的事项。');
}
