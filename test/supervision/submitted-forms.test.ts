import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { textOf } from '../helpers/sandbox';
import { at, cast, clickButton, register, said, supervisionHarness, type User } from './helpers';

let h: Harness;
afterEach(() => h?.close());

/** The newest reply card of a command that opens a form. */
async function formFrom(user: User, command: string) {
  const replies = await user.say(command);
  const form = replies.filter((r) => r.message.kind === 'card').pop();
  expect(form, `no form card for ${command}: ${replies.map(said).join(' | ')}`).toBeDefined();
  return { ...form!, urgent: false, to: { type: 'person', id: '' } };
}

const hasForm = (card: any) => card.blocks.some((b: any) => b.type === 'form');

describe('a submitted form becomes a read-only record of what was submitted', () => {
  it.each<{ what: string; command: (id: string) => string; values: Record<string, string>; shows: string[] }>([
    { what: '进展', command: (id: string) => `/进展 ${id}`, values: { text: '已完成排查，正在整改' }, shows: ['办理进展情况', '已完成排查，正在整改'] },
    {
      what: '计划',
      command: (id: string) => `/计划 ${id}`,
      values: { text: '1. 一周内排查；2. 两周内整改' },
      shows: ['落实措施和时间安排', '1. 一周内排查；2. 两周内整改'],
    },
    {
      what: '延期',
      command: (id: string) => `/延期 ${id}`,
      values: { date: '2026-10-20', reason: '材料未到', progress: '已完成80%', next: '10月15日前验收' },
      shows: ['申请延至', '2026-10-20', '材料未到', '已完成80%', '10月15日前验收'],
    },
  ])('$what: the form card turns into the record with the outcome, no form and no submit button', async ({ command, values, shows }) => {
    h = await supervisionHarness('2026-09-30T09:00:00');
    const p = cast(h);
    const id = await register(p.office, '来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 收文日期=2026-09-30');
    await p.office.say(`/督办 交办 ${id} 领导=赵明`);
    at(h, '2026-09-30T10:00:00');
    const form = await formFrom(p.zjjHead, command(id));
    expect(hasForm(form.message.card)).toBe(true);

    const res = await clickButton(p.zjjHead, form, '提交', values);
    expect(res.toast.kind).toBe('success');
    expect(res.card.title).toContain('已提交');
    expect(hasForm(res.card)).toBe(false);
    const record = textOf({ kind: 'card', card: res.card });
    for (const text of shows) expect(record).toContain(text);
    expect(record).toContain(res.toast.text);
    expect(record).not.toContain('[提交]');
  });

  it('登记: the registration form turns into the record of the registered item', async () => {
    h = await supervisionHarness('2026-09-30T09:00:00');
    const p = cast(h);
    const first = await formFrom(p.office, '/督办 新建');
    const chosen = await clickButton(p.office, first, '下一步', { source: '领导批示' });
    const res = await clickButton(p.office, { ...first, message: { kind: 'card', card: chosen.card } }, '登记', { title: '冬季供暖投诉处理', lead: '住建局' });
    expect(res.toast.kind).toBe('success');
    expect(hasForm(res.card)).toBe(false);
    const record = textOf({ kind: 'card', card: res.card });
    expect(record).toContain('冬季供暖投诉处理');
    expect(record).toContain('住建局');
    expect(record).toContain('DB-2026-0001');
  });

  it('周报: the weekly form turns into the record', async () => {
    h = await supervisionHarness('2026-09-30T09:00:00');
    const p = cast(h);
    const id = await register(p.office, '来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 收文日期=2026-09-30 长期=是');
    await p.office.say(`/督办 交办 ${id} 领导=赵明`);
    const form = await formFrom(p.zjjHead, `/周报 ${id}`);
    const res = await clickButton(p.zjjHead, form, '提交', { text: '本周完成两个小区' });
    expect(res.toast.kind).toBe('success');
    expect(hasForm(res.card)).toBe(false);
    expect(textOf({ kind: 'card', card: res.card })).toContain('本周完成两个小区');
  });
});
