import { afterEach, describe, expect, it } from 'vitest';
import type { AppDb } from '../../db/types';
import { loadCalendar } from '../../src/core/calendar';
import { sendDigests } from '../../src/core/reminders/run';
import type { Harness } from '../helpers/harness';
import { textOf } from '../helpers/sandbox';
import { at, issueItem, reminderPushes, remindersHarness, user } from './helpers';

let h: Harness;
afterEach(() => h?.close());

/**
 * The database as a D1-like store (atomic units go through `batch`), where `before` runs once,
 * just before the first unit is written: a click landing between the job's reads and its writes.
 */
function clickBeforeFirstWrite(db: AppDb, before: () => Promise<void>): AppDb {
  let pending: (() => Promise<void>) | undefined = before;
  const batch = async (statements: Array<{ run: () => void }>) => {
    const click = pending;
    pending = undefined;
    await click?.();
    (db as unknown as { transaction: (fn: () => void) => void }).transaction(() => {
      for (const s of statements) s.run();
    });
  };
  return new Proxy(db, { get: (target, prop, receiver) => (prop === 'batch' ? batch : Reflect.get(target, prop, receiver)) });
}

describe('Daily digest: it reads the state as of its own write', () => {
  it('a report signed off while the catch-up digest is being built is not listed as 待您审签', async () => {
    h = await remindersHarness('2026-09-28T09:00:00');
    const id = await issueItem(h, '来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 收文日期=2026-09-28');
    await user(h, 'zhangli').say(`/进展 ${id} 已完成排查`);
    const card = (await user(h, 'dengpeng').inbox()).filter((m) => m.message.card?.title?.startsWith('办理进展报告')).pop()!;
    at(h, '2026-09-29T10:55:00');

    const db = clickBeforeFirstWrite(h.db, async () => {
      const button = card.message.card.blocks.find((b: any) => b.type === 'buttons').buttons.find((b: any) => b.label === '审签通过');
      const signed = await user(h, 'dengpeng').click(card.messageId, { action: button.action, ...button.payload });
      expect(signed.toast.kind).toBe('success');
    });
    await sendDigests({ db, calendar: await loadCalendar(h.db), now: h.clock.now(), pushPlatforms: ['sandbox'] });

    const digest = (await reminderPushes(h)).find((p) => p.kind === 'digest' && p.to === 'person:dengpeng');
    const text = digest ? textOf(digest.payload) : '';
    expect(text).not.toContain('待您审签');
  });
});
