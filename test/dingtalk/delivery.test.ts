import { afterEach, describe, expect, it } from 'vitest';
import { eq, like } from 'drizzle-orm';
import { dingtalkApiUsage, dingtalkQuotaWarnings, outbox, people } from '../../db/schema';
import { drainOutbox } from '../../src/outbox/drain';
import { dingtalkQuotaJob } from '../../src/jobs/dingtalk-quota';
import { runDueJobs } from '../../src/jobs/scheduler';
import { PATHS, QUOTA_EXHAUSTED, THROTTLED } from '../fakes/dingtalk-api';
import { demoRegistry } from './demo-commands';
import { makeDingtalkHarness, postRobot, textCallback, type DingtalkKit } from './support';

let kit: DingtalkKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

async function say(k: DingtalkKit, from: string, text: string) {
  await postRobot(k.h, textCallback({ from, text }));
  await k.h.settle();
}

function advance(k: DingtalkKit, ms: number) {
  k.h.clock.set(new Date(k.h.clock.now().getTime() + ms));
}

async function onlyRow(k: DingtalkKit) {
  const rows = await k.h.db.select().from(outbox);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe('DingTalk access token', () => {
  it('is fetched once with appKey/appSecret and reused until shortly before it expires', async () => {
    kit = await makeDingtalkHarness();
    await say(kit, 'dt_majun', '/帮助');
    await say(kit, 'dt_songjia', '/帮助');
    const tokenCalls = kit.fake.calls(PATHS.token);
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0]!.body).toEqual({ appKey: 'dingfakeappkey', appSecret: 'fake-app-secret-GT-lsu-taDA' });
    advance(kit, 7200_000 - 5 * 60_000 - 1);
    await say(kit, 'dt_majun', '/帮助');
    expect(kit.fake.calls(PATHS.token)).toHaveLength(1);
    advance(kit, 1);
    await say(kit, 'dt_majun', '/帮助');
    expect(kit.fake.calls(PATHS.token)).toHaveLength(2);
    expect(kit.fake.calls(PATHS.batchSend).at(-1)!.headers['x-acs-dingtalk-access-token']).toBe('fake-token-2');
  });

  it('fetches a new token when DingTalk no longer accepts the cached one', async () => {
    kit = await makeDingtalkHarness();
    await say(kit, 'dt_majun', '/帮助');
    kit.fake.revokeTokens();
    await say(kit, 'dt_majun', '/帮助');
    expect(kit.fake.calls(PATHS.token)).toHaveLength(2);
    expect(kit.fake.deliveriesTo('dt_majun')).toHaveLength(2);
  });

  it('ends a send as failed with a hint when the app key or secret is wrong', async () => {
    kit = await makeDingtalkHarness({ env: { DINGTALK_APP_SECRET: 'wrong-secret' } });
    // The callback is signed with the configured (wrong) secret, so it is accepted; only the token fails.
    const { robotSign } = await import('./support');
    const ts = String(kit.h.clock.now().getTime());
    await postRobot(kit.h, textCallback({ from: 'dt_majun', text: '/帮助' }), { timestamp: ts, sign: robotSign(ts, 'wrong-secret') });
    await kit.h.settle();
    const row = await onlyRow(kit);
    expect(row.status).toBe('failed');
    expect(row.lastError).toContain('请检查 DINGTALK_APP_KEY 与 DINGTALK_APP_SECRET');
  });
});

describe('DingTalk throttling and failures go through the outbox’s retries', () => {
  it('retries after a second when the app’s QPS limit answers Forbidden.AccessDenied.QpsLimitForAppkeyAndApi, then sends once', async () => {
    kit = await makeDingtalkHarness();
    kit.fake.failNext(PATHS.batchSend, THROTTLED);
    await say(kit, 'dt_majun', '/帮助');
    let row = await onlyRow(kit);
    expect(row.status).toBe('pending');
    expect(row.lastError).toContain('限流（Forbidden.AccessDenied.QpsLimitForAppkeyAndApi）');
    expect(row.nextAttemptAt.getTime() - kit.h.clock.now().getTime()).toBe(1_000);
    advance(kit, 999);
    await drainOutbox(kit.h.deps);
    expect(kit.fake.calls(PATHS.batchSend)).toHaveLength(1);
    advance(kit, 1);
    await drainOutbox(kit.h.deps);
    row = await onlyRow(kit);
    expect(row.status).toBe('sent');
    expect(kit.fake.calls(PATHS.batchSend)).toHaveLength(2);
    expect(kit.fake.deliveriesTo('dt_majun')).toHaveLength(1);
  });

  it.each([
    ['the legacy errcode 90018', { status: 200, body: { errcode: 90018, errmsg: '请求频率过快' } }, 1_000],
    ['send.too.fast', { status: 400, body: { code: 'send.too.fast', message: '发送过快' } }, 5_000],
    ['HTTP 429 with Retry-After', { status: 429, body: {}, headers: { 'retry-after': '3' } }, 3_000],
    ['the per-IP ban’s HTML page', { status: 403, text: '<html><body>访问被拒绝</body></html>' }, 300_000],
  ])('treats %s as throttling and waits as told', async (_name, response, waitMs) => {
    kit = await makeDingtalkHarness();
    kit.fake.failNext(PATHS.batchSend, response);
    await say(kit, 'dt_majun', '/帮助');
    const row = await onlyRow(kit);
    expect(row.status).toBe('pending');
    expect(row.nextAttemptAt.getTime() - kit.h.clock.now().getTime()).toBe(waitMs);
    advance(kit, waitMs);
    await drainOutbox(kit.h.deps);
    expect((await onlyRow(kit)).status).toBe('sent');
  });

  it('retries server errors with backoff', async () => {
    kit = await makeDingtalkHarness();
    kit.fake.failNext(PATHS.batchSend, { status: 502, body: { code: 'ServiceUnavailable', message: '服务繁忙' } }, 2);
    await say(kit, 'dt_majun', '/帮助');
    for (let i = 0; i < 2; i++) {
      advance(kit, 60 * 60_000);
      await drainOutbox(kit.h.deps);
    }
    expect((await onlyRow(kit)).status).toBe('sent');
    expect(kit.fake.calls(PATHS.batchSend)).toHaveLength(3);
  });

  it.each([
    ['the month’s quota is used up (90020)', QUOTA_EXHAUSTED, '钉钉本月接口调用额度已用完'],
    [
      'a request DingTalk refuses',
      { status: 400, body: { code: 'invalidParameter.msgKey', message: 'msgKey 不合法' } },
      'invalidParameter.msgKey：msgKey 不合法',
    ],
    ['a send forbidden by DingTalk', { status: 400, body: { code: 'send.forbidden', message: '禁止发送' } }, 'send.forbidden'],
  ])('ends the row as failed, with the reason, when %s', async (_name, response, reason) => {
    kit = await makeDingtalkHarness();
    kit.fake.failNext(PATHS.batchSend, response);
    await say(kit, 'dt_majun', '/帮助');
    const row = await onlyRow(kit);
    expect(row.status).toBe('failed');
    expect(row.lastError).toContain(reason);
  });

  it('ends a push to someone without a DingTalk userId as failed, saying how to fix the directory', async () => {
    kit = await makeDingtalkHarness();
    await kit.h.db.update(people).set({ dingtalkUserId: null }).where(eq(people.id, 'zhangli'));
    kit.h.deps.registry = demoRegistry(kit.h.deps.registry);
    await say(kit, 'dt_dengpeng', '/演示卡');
    const [row] = await kit.h.db.select().from(outbox).where(eq(outbox.recipientId, 'zhangli'));
    expect(row).toMatchObject({ status: 'failed', lastError: '张丽 未绑定钉钉账号：请在通讯录文件中填写 dingtalk_user_id' });
  });

  it('marks a user DingTalk lists as invalid failed, and retries one it flow-controls a minute later', async () => {
    kit = await makeDingtalkHarness();
    kit.fake.flowControlledUsers.add('dt_majun');
    await say(kit, 'dt_majun', '/帮助');
    let row = await onlyRow(kit);
    expect(row).toMatchObject({ status: 'pending', lastError: expect.stringContaining('flowControlledStaffIdList') });
    kit.fake.flowControlledUsers.clear();
    kit.fake.invalidUsers.add('dt_songjia');
    advance(kit, 60_000);
    await drainOutbox(kit.h.deps);
    row = await onlyRow(kit);
    expect(row.status).toBe('sent');
    await say(kit, 'dt_songjia', '/帮助');
    const [failed] = await kit.h.db.select().from(outbox).where(eq(outbox.recipientId, 'songjia'));
    expect(failed).toMatchObject({ status: 'failed', lastError: expect.stringContaining('invalidStaffIdList') });
  });
});

describe('batching identical pushes (the free edition counts every call)', () => {
  async function addLiaisons(k: DingtalkKit, n: number) {
    const now = k.h.clock.now();
    for (let i = 1; i <= n; i++) {
      await k.h.db
        .insert(people)
        .values({ id: `extra${i}`, name: `联络员${i}`, unitId: 'fgj', post: '科员', roles: ['unit_liaison'], dingtalkUserId: `dt_extra${i}`, updatedAt: now });
    }
  }

  it('sends the same words to 35 liaisons in two batchSend calls of at most 20 userIds', async () => {
    kit = await makeDingtalkHarness();
    kit.h.deps.registry = demoRegistry(kit.h.deps.registry);
    await addLiaisons(kit, 25);
    await say(kit, 'dt_linxiaomei', '/群发 明天上午九点开会');
    const batches = kit.fake.calls(PATHS.batchSend).filter((r) => JSON.parse(r.body.msgParam).content === '明天上午九点开会');
    expect(batches.map((b) => b.body.userIds.length)).toEqual([20, 15]);
    const reached = new Set(batches.flatMap((b) => b.body.userIds));
    expect(reached.size).toBe(35);
    const rows = await kit.h.db.select().from(outbox).where(like(outbox.dedupeKey, 'broadcast:%'));
    expect(rows).toHaveLength(35);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
  });

  it('settles each person of a batch on their own: one invalid, one flow-controlled, the rest sent', async () => {
    kit = await makeDingtalkHarness();
    kit.h.deps.registry = demoRegistry(kit.h.deps.registry);
    kit.fake.invalidUsers.add('dt_zhangli');
    kit.fake.flowControlledUsers.add('dt_lina');
    await say(kit, 'dt_linxiaomei', '/群发 请核对台账');
    const rows = await kit.h.db.select().from(outbox).where(like(outbox.dedupeKey, 'broadcast:%'));
    const status = Object.fromEntries(rows.map((r) => [r.recipientId, r.status]));
    expect(status.zhangli).toBe('failed');
    expect(status.lina).toBe('pending');
    expect(Object.values(status).filter((s) => s === 'sent')).toHaveLength(8);
    kit.fake.flowControlledUsers.clear();
    advance(kit, 60_000);
    await drainOutbox(kit.h.deps);
    expect((await kit.h.db.select().from(outbox).where(eq(outbox.recipientId, 'lina'))).every((r) => r.status === 'sent')).toBe(true);
  });

  it('puts the whole batch back when the call is throttled, and sends it whole afterwards', async () => {
    kit = await makeDingtalkHarness();
    kit.h.deps.registry = demoRegistry(kit.h.deps.registry);
    kit.fake.failNext(PATHS.batchSend, { status: 200, body: { processQueryKey: 'reply-ok', invalidStaffIdList: [], flowControlledStaffIdList: [] } });
    kit.fake.failNext(PATHS.batchSend, THROTTLED);
    await say(kit, 'dt_linxiaomei', '/群发 周五前报送');
    const pending = await kit.h.db.select().from(outbox).where(like(outbox.dedupeKey, 'broadcast:%'));
    expect(pending.every((r) => r.status === 'pending')).toBe(true);
    advance(kit, 2_000);
    await drainOutbox(kit.h.deps);
    const sent = await kit.h.db.select().from(outbox).where(like(outbox.dedupeKey, 'broadcast:%'));
    expect(sent.every((r) => r.status === 'sent')).toBe(true);
    const delivered = kit.fake.deliveries.filter((d) => d.msgParam?.content === '周五前报送');
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.to).toHaveLength(10);
  });
});

describe('the monthly API quota (标准版: 5 000 calls a month)', () => {
  it('counts every metered call per Beijing month, but not the token', async () => {
    kit = await makeDingtalkHarness({ now: '2026-11-30T23:30:00+08:00' });
    await say(kit, 'dt_majun', '/帮助');
    await say(kit, 'dt_majun', '/帮助');
    kit.h.clock.set('2026-12-01T00:10:00+08:00');
    await say(kit, 'dt_majun', '/帮助');
    const usage = await kit.h.db.select({ month: dingtalkApiUsage.month, calls: dingtalkApiUsage.calls }).from(dingtalkApiUsage);
    expect(usage).toEqual([
      { month: '2026-11', calls: 2 },
      { month: '2026-12', calls: 1 },
    ]);
  });
});

describe('Art. 36 the government office hears when the DingTalk quota runs low (an hourly reminder job, 08–20)', () => {
  /** The quota job alone, as the scheduler runs it, then the outbox: other jobs would spend calls too. */
  async function quotaJob(k: DingtalkKit) {
    const reports = await runDueJobs(k.h.db, await k.h.deps.loadCalendar(k.h.db), [dingtalkQuotaJob], k.h.clock.now(), {
      settings: { dailyPushAt: '09:00', escalateOnHolidays: false, dingtalkMonthlyQuota: 20 },
      pushPlatforms: k.h.deps.pushPlatforms,
    });
    await drainOutbox(k.h.deps);
    return reports;
  }

  it('warns 区政府办’s office staff once at 80 % and once at 95 % of the quota, at the next hourly run', async () => {
    kit = await makeDingtalkHarness({ env: { DINGTALK_MONTHLY_QUOTA: '20' }, now: '2026-11-26T09:10:00+08:00' });
    const warnings = () => kit!.fake.deliveries.filter((d) => d.msgParam?.content?.startsWith('【钉钉接口额度提醒】'));
    for (let i = 0; i < 16; i++) await say(kit, 'dt_majun', '/帮助');
    // The meter only counts: the 16th call reaches 80 %, the office hears it from the job.
    expect(warnings()).toEqual([]);
    await quotaJob(kit);
    // One identical warning to 黄海, 林小梅 and 何俊, batched into one call.
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]!.to.sort()).toEqual(['dt_hejun', 'dt_huanghai', 'dt_linxiaomei']);
    expect(warnings()[0]!.msgParam.content).toContain('已调用钉钉接口 16 次，达到月额度 20 次的 80%');
    // The same hour is claimed once; the next hour finds 80 % already told.
    advance(kit, 3_600_000);
    await quotaJob(kit);
    expect(warnings()).toHaveLength(1);
    await say(kit, 'dt_majun', '/帮助');
    await say(kit, 'dt_majun', '/帮助');
    advance(kit, 3_600_000);
    await quotaJob(kit);
    expect(warnings()).toHaveLength(2);
    expect(warnings()[1]!.msgParam.content).toContain('的 95%');
    for (let i = 0; i < 3; i++) await say(kit, 'dt_majun', '/帮助');
    advance(kit, 3_600_000);
    await quotaJob(kit);
    expect(warnings()).toHaveLength(2);
    expect(await kit.h.db.select({ percent: dingtalkQuotaWarnings.percent }).from(dingtalkQuotaWarnings)).toEqual([{ percent: 80 }, { percent: 95 }]);
  });

  it('a threshold crossed in the evening is told at 08:00 the next morning, not at night', async () => {
    kit = await makeDingtalkHarness({ env: { DINGTALK_MONTHLY_QUOTA: '20' }, now: '2026-11-26T21:10:00+08:00' });
    for (let i = 0; i < 16; i++) await say(kit, 'dt_majun', '/帮助');
    expect(await quotaJob(kit)).toEqual([]);
    kit.h.clock.set('2026-11-27T07:55:00+08:00');
    expect(await quotaJob(kit)).toEqual([]);
    kit.h.clock.set('2026-11-27T08:00:00+08:00');
    const [report] = await quotaJob(kit);
    expect(report!.result).toBe('16/20 calls in 2026-11; warned at 80 %');
  });

  it('does nothing where DingTalk is not configured', async () => {
    kit = await makeDingtalkHarness({ now: '2026-11-26T10:00:00+08:00' });
    const reports = await runDueJobs(kit.h.db, await kit.h.deps.loadCalendar(kit.h.db), [dingtalkQuotaJob], kit.h.clock.now(), {
      settings: { dailyPushAt: '09:00', escalateOnHolidays: false },
      pushPlatforms: ['feishu'],
    });
    expect(reports).toEqual([]);
  });
});
