import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import type { Harness } from '../helpers/harness';
import { textOf } from '../helpers/sandbox';
import { approvedLeave } from '../leave/helpers';
import { at, cast, clickButton, footprint, register, said, supervisionHarness, timeline, type User } from './helpers';

let h: Harness;
afterEach(() => h?.close());

const URGED = '【催办】区政府办 林小梅 催办督查事项';

/** The urgent 催办 texts someone received (their own or their unit's chat). */
async function urges(user: User): Promise<Array<{ text: string; urgent: boolean; to: string }>> {
  return (await user.inbox())
    .filter((m) => m.message.kind === 'text' && m.message.text.startsWith('【催办】'))
    .map((m) => ({ text: m.message.text, urgent: m.urgent, to: `${m.to.type}:${m.to.id}` }));
}

/** An item of 住建局 (兴隆镇 assisting) issued on 11-23, whose liaison's progress report waits for the head. */
async function openItem(): Promise<{ p: ReturnType<typeof cast>; id: string }> {
  h = await supervisionHarness('2026-11-23T09:00:00');
  const p = cast(h);
  const id = await register(p.office, '来源=区政府文件 标题=物业服务专项检查 主办=住建局 协办=兴隆镇 期限=2026-11-30');
  await p.office.say(`/督办 交办 ${id} 领导=赵明`);
  await p.zjjLiaison.say(`/进展 ${id} 已检查 12 个小区`);
  at(h, '2026-11-25T10:00:00');
  return { p, id };
}

async function urgeOnCard(office: User, id: string) {
  const [view] = await office.say(`/督办 查看 ${id}`);
  return clickButton(office, view as any, '催办');
}

describe('Art. 40 催办: the office urges an item from its card', () => {
  it('whoever it waits on gets an urgent message: the head whose 审签 waits, the lead unit, an assisting unit that has not acknowledged', async () => {
    const { p, id } = await openItem();
    const res = await urgeOnCard(p.office, id);
    expect(res.toast).toEqual({ kind: 'success', text: `已催办 ${id}：已向 邓鹏、住建局、兴隆镇 发送催办提醒（第四十条 催办督办）。` });

    const head = await urges(p.zjjHead);
    expect(head).toContainEqual({
      urgent: true,
      to: 'person:dengpeng',
      text: `${URGED} ${id}「物业服务专项检查」：办理进展报告（第1轮）待您审签。请确保限时办结（依据《工作规则》第四十条 催办督办）。`,
    });
    expect(await urges(p.zjjLiaison)).toContainEqual(
      expect.objectContaining({ urgent: true, to: 'person:zhangli', text: expect.stringContaining('办理期限 2026-11-30（周一），请抓紧办理并报送进展') }),
    );
    expect(await urges(p.xlzLiaison)).toContainEqual(
      expect.objectContaining({ urgent: true, to: 'unit_chat:xlz', text: expect.stringContaining('督查通知尚未签收，请立即签收并落实') }),
    );

    expect(await timeline(h, id)).toContain('林小梅 催办，已提醒 邓鹏、住建局、兴隆镇（第四十条 催办督办）');
    const [row] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, id), eq(auditLog.action, 'urged')));
    expect(row).toMatchObject({ actorId: 'linxiaomei', subjectType: 'item' });
  });

  it('a draft sent for approval urges the leader — or whoever stands in while he is away (Art. 11)', async () => {
    h = await supervisionHarness('2026-11-20T09:00:00');
    const p = cast(h);
    await approvedLeave(h, 'zhaoming', '/请假 11月24日-11月25日 出省 因公 北京 学习', ['chenzhiyuan', 'zhengguohua']);
    const id = await register(p.office, '来源=区政府文件 标题=校园周边交通整治 主办=住建局 期限=2026-12-20');
    await p.office.say(`/督办 送审 ${id} 领导=赵明`);
    at(h, '2026-11-24T10:00:00');
    expect(said((await p.office.say(`/督办 催办 ${id}`))[0]!)).toBe(`已催办 ${id}：已向 孙强（代 赵明） 发送催办提醒（第四十条 催办督办）。`);
    expect((await urges(p.sunqiang))[0]!.text).toContain('督查事项草稿待您审定交办');
    expect(await urges(p.zhaoming)).toEqual([]);
  });
});

describe('Art. 40 催办: limits and refusals change nothing', () => {
  it('at most once an hour per item, with a clear message; an hour later it goes again', async () => {
    const { p, id } = await openItem();
    await urgeOnCard(p.office, id);
    at(h, '2026-11-25T10:40:00');
    const before = await footprint(h);
    const again = await urgeOnCard(p.office2, id);
    expect(again.toast).toEqual({ kind: 'error', text: `督查事项 ${id} 已于 2026-11-25 10:00 催办过。同一事项每小时最多催办一次，请于 11:00 后再催办。` });
    expect(await footprint(h)).toEqual(before);
    at(h, '2026-11-25T11:00:00');
    expect((await urgeOnCard(p.office2, id)).toast.kind).toBe('success');
    expect((await urges(p.zjjHead)).filter((u) => u.to === 'person:dengpeng')).toHaveLength(2);
  });

  it('two office staff pressing 催办 at the same moment urge once', async () => {
    const { p, id } = await openItem();
    const [one] = await p.office.say(`/督办 查看 ${id}`);
    const [two] = await p.office2.say(`/督办 查看 ${id}`);
    const toasts = await Promise.all([clickButton(p.office, one as any, '催办'), clickButton(p.office2, two as any, '催办')]);
    // The later commit finds the first one's record and writes nothing (a refusal, or a lost race).
    expect(toasts.filter((t) => t.toast.kind === 'success')).toHaveLength(1);
    expect(toasts.find((t) => t.toast.kind !== 'success')!.toast.text).toMatch(/同一事项每小时最多催办一次/);
    expect(
      await h.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.subjectId, id), eq(auditLog.action, 'urged'))),
    ).toHaveLength(1);
  });

  it('refused for anyone who is not office staff, citing Art. 40', async () => {
    const { p, id } = await openItem();
    const before = await footprint(h);
    for (const other of [p.zjjLiaison, p.zjjHead, p.zhaoming, p.secretary]) {
      expect(said((await other.say(`/督办 催办 ${id}`))[0]!), 'someone').toBe('依据《工作规则》第四十条，催办督办由区政府办督查人员进行，您没有催办权限。');
    }
    // The office's card, clicked by a leader who can read it: refused too.
    const [view] = await p.office.say(`/督办 查看 ${id}`);
    const button = view!.message.card.blocks.find((b: any) => b.type === 'buttons').buttons.find((b: any) => b.label === '催办');
    expect((await p.zhaoming.click(view!.messageId, { action: button.action, ...button.payload })).toast.kind).toBe('error');
    expect(await footprint(h)).toEqual(before);
    // Only the office's view carries the button.
    expect(textOf((await p.zhaoming.say(`/督办 查看 ${id}`))[0]!.message)).not.toContain('[催办]');
  });

  it('an unknown item, a bad number, a draft not yet sent and a forged button get clear Chinese errors', async () => {
    const { p, id } = await openItem();
    const draft = await register(p.office, '来源=区政府文件 标题=校园周边交通整治 主办=住建局 期限=2026-12-20');
    const before = await footprint(h);
    const answer = async (text: string) => said((await p.office.say(text))[0]!);
    expect(await answer('/督办 催办 DB-2026-0099')).toBe('没有督查事项 DB-2026-0099，请核对编号，或发送 /台账 查看事项列表。');
    expect(await answer('/督办 催办 12345')).toBe('请在「/督办 催办」后写明督查事项编号，例如：/督办 催办 DB-2026-0001');
    expect(await answer(`/督办 催办 ${draft}`)).toBe(`督查事项 ${draft} 还是草稿，尚未送领导审定，无需催办。`);
    const forged = await p.office.click((await p.office.say(`/督办 查看 ${id}`))[0]!.messageId, { action: 'sup.urge', item: 'DB-2026-0077' });
    expect(forged.toast).toEqual({ kind: 'error', text: '没有督查事项 DB-2026-0077，请核对编号，或发送 /台账 查看事项列表。' });
    expect(await footprint(h)).toEqual(before);
  });
});

describe('Art. 40 催办 on the /office item page', () => {
  async function signIn(personId: string): Promise<string> {
    const res = await h.app.request('/office/login/sandbox', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `person=${personId}`,
    });
    return res.headers.get('set-cookie')!.split(';')[0]!;
  }
  const post = (path: string, cookie: string) => h.app.request(path, { method: 'POST', headers: { cookie } });

  it('the office presses 催办 twice: the first goes out, the second within the hour is refused with the reason', async () => {
    const { p, id } = await openItem();
    const cookie = await signIn('linxiaomei');
    const page = await (await h.app.request(`/office/items/${id}`, { headers: { cookie } })).text();
    expect(page).toContain(`action="/office/items/${id}/urge"`);

    const first = await post(`/office/items/${id}/urge`, cookie);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain(`已催办 ${id}：已向 邓鹏、住建局、兴隆镇 发送催办提醒`);
    await h.settle();
    const toHead = async () => (await urges(p.zjjHead)).filter((u) => u.to === 'person:dengpeng');
    expect(await toHead()).toHaveLength(1);
    expect(await timeline(h, id)).toContain('林小梅 催办，已提醒 邓鹏、住建局、兴隆镇（第四十条 催办督办）');

    const second = await post(`/office/items/${id}/urge`, cookie);
    expect(second.status).toBe(400);
    expect(await second.text()).toContain('同一事项每小时最多催办一次');
    await h.settle();
    expect(await toHead()).toHaveLength(1);
  });

  it('a leader can read the page but has no 催办, and a forged post is refused', async () => {
    const { id } = await openItem();
    const cookie = await signIn('zhaoming');
    expect(await (await h.app.request(`/office/items/${id}`, { headers: { cookie } })).text()).not.toContain('/urge"');
    const before = await footprint(h);
    const forged = await post(`/office/items/${id}/urge`, cookie);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('催办督办由区政府办督查人员进行，您没有催办权限。');
    expect((await post('/office/items/DB-2026-0099/urge', await signIn('linxiaomei'))).status).toBe(404);
    expect(await footprint(h)).toEqual(before);
  });
});
