import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { atomic } from '../../db/atomic';
import { auditLog, outbox } from '../../db/schema';
import { handleAction } from '../../src/bot/dispatch';
import { newEffects } from '../../src/core/effects';
import { text, toUnitChat } from '../../src/core/messages';
import { loadDirectory } from '../../src/core/org/directory';
import { drainOutbox } from '../../src/outbox/drain';
import { outboxStatements } from '../../src/outbox/enqueue';
import { countFailedDeliveries, listFailedDeliveries } from '../../src/outbox/failures';
import { makeHarness, type Harness } from '../helpers/harness';
import { sandboxUser, textOf } from '../helpers/sandbox';

let h: Harness;
afterEach(() => h?.close());

/** A push to a unit the directory does not have: the sandbox refuses it for good. */
async function failOne(key: string) {
  const effects = newEffects();
  effects.pushes.push({ to: toUnitChat('gone'), message: text('通知'), key });
  await atomic(h.db, outboxStatements(h.db, effects, { now: h.clock.now(), pushPlatforms: ['sandbox'] }));
  await drainOutbox(h.deps);
}

describe('/投递失败: failed deliveries shown to the government office', () => {
  it('lists failures newest first, with recipient, reason and a retry button', async () => {
    h = await makeHarness();
    await failOne('a');
    await failOne('b');
    const [reply] = await sandboxUser(h, 'huanghai').say('/投递失败');
    const shown = textOf(reply!.message);
    expect(reply!.message.card.title).toBe('投递失败记录（2 条）');
    expect(shown).toContain('沙盒消息 → gone群');
    expect(shown).toContain('原因：通讯录中没有单位 gone');
    expect(shown.indexOf('#2')).toBeLessThan(shown.indexOf('#1'));
    expect(shown).toContain('[重新投递]');
    expect((await listFailedDeliveries(h.db)).map((f) => f.id)).toEqual([2, 1]);
  });

  it('says so when nothing failed', async () => {
    h = await makeHarness();
    const [reply] = await sandboxUser(h, 'linxiaomei').say('/failures');
    expect(textOf(reply!.message)).toContain('目前没有投递失败的消息。');
  });

  it('is refused to anyone outside the office staff, changing nothing', async () => {
    h = await makeHarness();
    await failOne('a');
    const [reply] = await sandboxUser(h, 'majun').say('/投递失败');
    expect(reply!.message).toEqual({ kind: 'text', text: '投递失败记录仅区政府办督查人员可以查看和处理。如需了解某条消息是否送达，请联系区政府办。' });
  });

  it.each(['0', '51', '十', '2.5'])('refuses the count %s with how to fix it', async (count) => {
    h = await makeHarness();
    const [reply] = await sandboxUser(h, 'linxiaomei').say(`/投递失败 ${count}`);
    expect(reply!.message.text).toBe('显示条数须为 1–50 之间的整数，例如 /投递失败 20。');
  });
});

describe('「重新投递」', () => {
  it('puts the row back in the queue with fresh attempts, audited, and answers with the shorter list', async () => {
    h = await makeHarness();
    await failOne('a');
    await failOne('b');
    const user = sandboxUser(h, 'linxiaomei');
    const [listing] = await user.say('/投递失败');
    const result = await user.click(listing!.messageId, { action: 'outbox.retry', id: '1' });
    expect(result.toast).toEqual({ kind: 'success', text: '#1 已重新排入投递队列' });
    expect(result.card.title).toBe('投递失败记录（1 条）');
    // The sandbox drains right away: the unit is still unknown, so the row failed again (attempts start over).
    const [row] = await h.db.select().from(outbox).where(eq(outbox.id, 1));
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    const audits = await h.db.select().from(auditLog).where(eq(auditLog.subjectType, 'outbox'));
    expect(audits).toMatchObject([{ actorId: 'linxiaomei', subjectId: '1', action: 'retry' }]);
  });

  it('two people retrying the same row at once make one retry', async () => {
    h = await makeHarness();
    await failOne('a');
    const dir = await loadDirectory(h.db);
    const click = (who: string, n: number) =>
      handleAction(h.deps, dir, {
        platform: 'sandbox',
        dedupeKey: `click-${n}`,
        actor: dir.person(who)!,
        action: 'outbox.retry',
        payload: { id: '1' },
        form: {},
      });
    const results = await Promise.all([click('linxiaomei', 1), click('hejun', 2)]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['committed', 'conflict']);
    expect(results.find((r) => r.outcome === 'conflict')!.response.toast).toEqual({ kind: 'warning', text: '#1 刚刚已被他人重新投递。' });
    expect(await h.db.select().from(auditLog).where(eq(auditLog.subjectType, 'outbox'))).toHaveLength(1);
    expect(await countFailedDeliveries(h.db)).toBe(0);
  });
});
