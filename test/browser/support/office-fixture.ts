import { expect } from 'vitest';
import { outbox } from '../../../db/schema';
import { drainOutbox } from '../../../src/outbox/drain';
import { sandboxUser, textOf } from '../../helpers/sandbox';
import type { Harness } from '../../helpers/harness';

/** Clicks the newest card titled `title` in `personId`'s inbox (JSON API: the fixture, not the walk). */
async function clickCard(h: Harness, personId: string, title: string, label: string) {
  const user = sandboxUser(h, personId);
  const card = (await user.inbox()).filter((m) => m.message.kind === 'card' && m.message.card.title.includes(title)).pop();
  expect(card, `${personId} has no card ${title}`).toBeDefined();
  const button = card!.message.card.blocks.flatMap((b: any) => (b.type === 'buttons' ? b.buttons : [])).find((b: any) => b.label === label);
  expect(button, `no button ${label} on ${textOf(card!.message)}`).toBeDefined();
  const res = await user.click(card!.messageId, { action: button.action, ...(button.payload ?? {}) });
  expect(res.toast.kind, res.toast.text).toBe('success');
}

/**
 * A ledger worth looking at on 2026-11-26 (Thursday), built through the sandbox JSON API:
 * - DB-2026-0001 住建局, a leader's instruction received 11-20, due 11-25: overdue (🔴);
 * - DB-2026-0002 兴隆镇 (assisted by 住建局), a district document due 12-31: on track (🟢);
 * - DB-2026-0003 司法局, a leader's instruction received today, due 12-01: on track (🟢);
 * - 马军 on approved leave 11-26 … 11-27 (who is away today);
 * - one delivery that failed for good (an account outside the directory).
 */
export async function seedOffice(h: Harness) {
  const office = sandboxUser(h, 'linxiaomei');
  h.clock.set('2026-11-20T09:00:00+08:00');
  await office.say('/督办 新建 来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 收文日期=2026-11-20');
  await office.say('/督办 交办 DB-2026-0001 领导=赵明');
  await sandboxUser(h, 'majun').say('/请假 11月26日-27日 出省 因公 杭州 招商推介');
  await clickCard(h, 'zhaoming', '请假申请 · 马军', '同意');
  await clickCard(h, 'chenzhiyuan', '请假申请 · 马军', '同意');

  h.clock.set('2026-11-26T09:00:00+08:00');
  await office.say('/督办 新建 来源=区政府文件 标题=落实燃气安全整治 文号=东政办发〔2026〕30号 主办=兴隆镇 协办=住建局 期限=2026-12-31');
  await office.say('/督办 交办 DB-2026-0002 领导=赵明');
  await office.say('/督办 新建 来源=领导批示 标题=公共法律服务站点建设 主办=司法局 收文日期=2026-11-26');
  await office.say('/督办 交办 DB-2026-0003 领导=王丽');
  await sandboxUser(h, 'zhangli').say('/签收 DB-2026-0001');

  await h.db.insert(outbox).values({
    dedupeKey: 'fixture:stranger:1',
    platform: 'sandbox',
    op: 'send',
    recipientType: 'platform_user',
    recipientId: 'ou_stranger',
    payload: { kind: 'text', text: '您好' },
    status: 'pending',
    attempts: 0,
    nextAttemptAt: h.clock.now(),
    createdAt: h.clock.now(),
  });
  await drainOutbox(h.deps);
}
