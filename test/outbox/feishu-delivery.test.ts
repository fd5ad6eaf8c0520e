import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { atomic } from '../../db/atomic';
import { openSqlite } from '../../db/open-sqlite';
import { deliveredMessages, outbox, people } from '../../db/schema';
import type { AppDb } from '../../db/types';
import { parseConfig } from '../../src/config';
import { newEffects, type PushDraft, type RefreshDraft } from '../../src/core/effects';
import { cardMessage, mdText, text, toPerson, toUnitChat, type Card } from '../../src/core/messages';
import { loadDirectory } from '../../src/core/org/directory';
import { fixedClock } from '../../src/core/time';
import { drainOutbox } from '../../src/outbox/drain';
import { outboxStatements } from '../../src/outbox/enqueue';
import { listFailedDeliveries } from '../../src/outbox/failures';
import type { PlatformSender } from '../../src/outbox/sender';
import { feishuSender, messageUuid } from '../../src/platforms/feishu/api';
import { DEMO_ORG_FILE, loadOrgFile } from '../../src/node/deps';
import { makeHarness, type Harness } from '../helpers/harness';
import { startFakeFeishu, type FakeFeishu } from '../fakes/feishu-api';
import { feishuEnv } from '../feishu/helpers';
import { ledgerFileSource } from '../../src/export/ledger-file';

/** Short enough that a hung request is given up quickly; the clock of the drain itself is injected. */
const TIMEOUT_MS = 300;

let fake: FakeFeishu;
let h: Harness;

beforeEach(async () => {
  fake = await startFakeFeishu();
  const env = feishuEnv(fake);
  h = await makeHarness({ env });
  h.deps.senders.feishu = feishuSender(parseConfig(env).feishu!, { timeoutMs: TIMEOUT_MS, files: ledgerFileSource(h.db, h.clock) });
});
afterEach(async () => {
  await h.settle();
  h.close();
  await fake.close();
});

function enqueue(db: AppDb, now: Date, pushes: PushDraft[], refreshes: RefreshDraft[] = [], answeredCardId?: string) {
  const effects = newEffects();
  effects.pushes.push(...pushes);
  effects.refreshes.push(...refreshes);
  const reply = answeredCardId ? { platform: 'feishu' as const, to: toPerson('linxiaomei'), keyPrefix: 'feishu:ev_click', answeredCardId } : undefined;
  return atomic(db, outboxStatements(db, effects, { now, pushPlatforms: ['feishu'], reply }));
}
const push = (...pushes: PushDraft[]) => enqueue(h.db, h.clock.now(), pushes);
const drain = (options = {}) => drainOutbox(h.deps, options);
const later = (ms: number) => h.clock.set(new Date(h.clock.now().getTime() + ms));
const rows = () => h.db.select().from(outbox).orderBy(asc(outbox.id));
const notice = (to = 'majun', key = `notice:${to}`): PushDraft => ({ to: toPerson(to), message: text('请于本周五前报送进展。'), key });
const card = (title: string): Card => ({ title, colour: 'blue', blocks: [{ type: 'markdown', text: mdText(title) }] });

describe('sending to the Open API', () => {
  it('sends to a person by open_id, with the hashed dedupe key as uuid, and records the message', async () => {
    await push(notice('majun', 'item:7:notice:majun'));
    expect(await drain()).toEqual({ sent: 1, failed: 0, retrying: 0, deferred: 0 });
    const [send] = fake.calls('send');
    expect(send!.query).toEqual({ receive_id_type: 'open_id' });
    expect(send!.body).toMatchObject({ receive_id: 'ou_demo_majun', msg_type: 'text', uuid: await messageUuid('item:7:notice:majun:feishu') });
    expect(send!.headers.authorization).toBe('Bearer t-fake-1');
    const [delivered] = await h.db.select().from(deliveredMessages);
    expect(delivered).toMatchObject({ platformMessageId: 'om_fake_1', recipientId: 'majun' });
  });

  it('keeps uuids within Feishu’s 50 characters however long the key', async () => {
    expect((await messageUuid(`leave:${'9'.repeat(200)}:step:2:notify:feishu`)).length).toBeLessThanOrEqual(50);
  });

  it('sends to a unit’s group by chat_id, and a card as an interactive message', async () => {
    await push({ to: toUnitChat('zjj'), message: cardMessage(card('督查通知')), key: 'item:7:notice:zjj' });
    await drain();
    const [send] = fake.calls('send');
    expect(send!.query).toEqual({ receive_id_type: 'chat_id' });
    expect(send!.body).toMatchObject({ receive_id: 'oc_demo_zjj', msg_type: 'interactive' });
    expect(JSON.parse(send!.body.content).schema).toBe('2.0');
  });

  it('fetches the tenant token once and reuses it', async () => {
    await push(notice('majun'), notice('songjia'));
    await drain();
    expect(fake.calls('token')).toHaveLength(1);
    expect(fake.calls('token')[0]!.body).toEqual({ app_id: 'cli_test', app_secret: 'test-app-secret' });
  });

  it('fetches the tenant token once for all the sends a drain keeps in flight at once', async () => {
    const everyone = (await loadDirectory(h.db)).people.filter((p) => p.feishuOpenId).map((p) => p.id);
    await push(...everyone.map((id) => notice(id, `many:${id}`)));
    expect(await drain()).toMatchObject({ sent: everyone.length });
    expect(everyone.length).toBeGreaterThan(10);
    expect(fake.calls('token')).toHaveLength(1);
  });
});

describe('retries: 429, 5xx, timeouts and network errors are retried, then delivered exactly once', () => {
  it('waits as long as x-ogw-ratelimit-reset says after a 429', async () => {
    fake.fail('send', { kind: 'rate_limit', resetSeconds: 7 });
    await push(notice());
    expect(await drain()).toMatchObject({ sent: 0, retrying: 1 });
    const [row] = await rows();
    expect(row!.nextAttemptAt.getTime() - h.clock.now().getTime()).toBe(7_000);
    expect(row!.lastError).toContain('频率限制');
    later(6_999);
    expect(await drain()).toMatchObject({ sent: 0 });
    later(1);
    expect(await drain()).toMatchObject({ sent: 1 });
    expect(fake.messages).toHaveLength(1);
  });

  it.each([
    ['a 500', { kind: 'server_error' } as const, '飞书'],
    ['a 503', { kind: 'server_error', status: 503 } as const, '飞书'],
    ['a request that hangs past the timeout', { kind: 'hang' } as const, '超时'],
    ['a dropped connection', { kind: 'reset' } as const, '无法连接飞书'],
    ['HTTP 200 with a non-zero code', { kind: 'error_code', code: 1234, msg: 'temporary' } as const, '1234'],
  ])('retries after %s with backoff', async (_what, fault, reason) => {
    fake.fail('send', fault);
    await push(notice());
    expect(await drain()).toMatchObject({ sent: 0, retrying: 1 });
    const [row] = await rows();
    expect(row!.lastError).toContain(reason);
    expect(row!.nextAttemptAt.getTime() - h.clock.now().getTime()).toBe(2_000);
    later(2_000);
    expect(await drain()).toMatchObject({ sent: 1 });
    const sends = fake.calls('send');
    expect(sends).toHaveLength(2);
    expect(sends[1]!.body.uuid).toBe(sends[0]!.body.uuid);
    expect(fake.messages).toHaveLength(1);
  });

  it('resends with the same uuid when the answer was lost, and the person sees one message', async () => {
    fake.fail('send', { kind: 'lose_response' });
    await push(notice());
    expect(await drain()).toMatchObject({ retrying: 1 });
    expect(fake.messages).toHaveLength(1);
    later(2_000);
    expect(await drain()).toMatchObject({ sent: 1 });
    expect(fake.calls('send')).toHaveLength(2);
    expect(fake.messages).toHaveLength(1);
    const [delivered] = await h.db.select().from(deliveredMessages);
    expect(delivered!.platformMessageId).toBe(fake.messages[0]!.messageId);
  });

  it('fetches a new token when Feishu says the token is invalid', async () => {
    fake.fail('send', { kind: 'error_code', code: 99991663, msg: 'Invalid access token for authorization' });
    await push(notice());
    await drain();
    later(2_000);
    await drain();
    expect(fake.calls('token')).toHaveLength(2);
    expect(fake.calls('send')[1]!.headers.authorization).toBe('Bearer t-fake-2');
    expect(fake.messages).toHaveLength(1);
  });

  it('gives up after the last attempt and reports why', async () => {
    fake.fail('send', { kind: 'server_error' }, 2);
    await push(notice());
    await drain({ maxAttempts: 2 });
    later(2_000);
    expect(await drain({ maxAttempts: 2 })).toMatchObject({ failed: 1 });
    const [failure] = await listFailedDeliveries(h.db);
    expect(failure!.reason).toMatch(/^已尝试 2 次仍失败：/);
  });
});

describe('permanent errors end the row as failed, with the reason, for the government office', () => {
  it.each([
    [230002, '机器人不在该群中'],
    [230013, '不在应用的可用范围内'],
    [230053, '已屏蔽机器人消息'],
    [230099, '卡片内容有误'],
    [232009, '该群已解散'],
  ])('code %i', async (code, reason) => {
    fake.fail('send', { kind: 'error_code', code, status: 400, msg: 'refused' });
    await push({ to: toUnitChat('xlz'), message: text('通知'), key: 'n:xlz' });
    expect(await drain()).toMatchObject({ failed: 1, retrying: 0 });
    expect(fake.calls('send')).toHaveLength(1);
    const [failure] = await listFailedDeliveries(h.db);
    expect(failure).toMatchObject({ recipientType: 'unit_chat', recipientId: 'xlz', op: 'send' });
    expect(failure!.reason).toContain(reason);
    expect(failure!.reason).toContain(String(code));
  });

  it('treats a code in an HTTP 200 answer the same way', async () => {
    fake.fail('send', { kind: 'error_code', code: 230013 });
    await push(notice());
    expect(await drain()).toMatchObject({ failed: 1 });
  });

  it('fails a person without a Feishu open_id at once, without calling Feishu', async () => {
    await h.db.update(people).set({ feishuOpenId: null }).where(eq(people.id, 'majun'));
    await push(notice('majun'));
    expect(await drain()).toMatchObject({ failed: 1 });
    expect(fake.requests).toEqual([]);
    const [failure] = await listFailedDeliveries(h.db);
    expect(failure!.reason).toBe('马军（majun）未登记飞书 open_id，请在通讯录文件中补充后重新导入');
  });
});

describe('rate limits (50/s and 1000/min per app, 5/s per recipient)', () => {
  it('defers the sixth message to one person within a second, without sleeping', async () => {
    await push(...Array.from({ length: 7 }, (_, i) => notice('majun', `n:${i}`)));
    expect(await drain()).toEqual({ sent: 5, failed: 0, retrying: 0, deferred: 2 });
    const pending = (await rows()).filter((r) => r.status === 'pending');
    // Each has its own slot: the app's later slots are spread over the second (50/s = one per 20 ms).
    expect(pending.map((r) => r.nextAttemptAt.getTime() - h.clock.now().getTime())).toEqual([1_000, 1_020]);
    expect(pending.map((r) => r.attempts)).toEqual([0, 0]);
    later(1_020);
    expect(await drain()).toMatchObject({ sent: 2, deferred: 0 });
    expect(fake.messages).toHaveLength(7);
  });

  it('sends at most 50 a second for the whole app', async () => {
    // Fifty sends at once on a loaded machine can take longer than the hang timeout above.
    h.deps.senders.feishu = feishuSender(parseConfig(feishuEnv(fake)).feishu!, { timeoutMs: 10_000, files: ledgerFileSource(h.db, h.clock) });
    const dir = await loadDirectory(h.db);
    const everyone = dir.people.filter((p) => p.feishuOpenId).map((p) => p.id);
    const drafts = Array.from({ length: 60 }, (_, i) => notice(everyone[i % everyone.length]!, `digest:${i}`));
    await push(...drafts);
    expect(await drain()).toMatchObject({ sent: 50, deferred: 10 });
    const slots = (await rows()).filter((r) => r.status === 'pending').map((r) => r.nextAttemptAt.getTime() - h.clock.now().getTime());
    expect(slots).toEqual(Array.from({ length: 10 }, (_, i) => 1_000 + 20 * i));
    later(1_000);
    expect(await drain()).toMatchObject({ sent: 1, deferred: 0 });
    later(180);
    expect(await drain()).toMatchObject({ sent: 9, deferred: 0 });
  });

  it('holds everything back after a 429 until the reset has passed', async () => {
    fake.fail('send', { kind: 'rate_limit', resetSeconds: 3 });
    await push(notice('majun'), notice('songjia'));
    expect(await drain()).toMatchObject({ retrying: 1, deferred: 1, sent: 0 });
    expect(fake.calls('send')).toHaveLength(1);
    later(3_000);
    expect(await drain()).toMatchObject({ sent: 2 });
  });
});

describe('urgent (加急)', () => {
  it('marks a message to a person urgent after sending it', async () => {
    await push({ ...notice('majun'), urgent: true });
    expect(await drain()).toMatchObject({ sent: 2 });
    const [urgent] = fake.calls('urgent');
    expect(urgent!.path).toBe('/open-apis/im/v1/messages/om_fake_1/urgent_app');
    expect(urgent!.query).toEqual({ user_id_type: 'open_id' });
    expect(urgent!.body).toEqual({ user_id_list: ['ou_demo_majun'] });
    expect(fake.messages[0]!.urgentFor).toEqual(['ou_demo_majun']);
  });

  it('retries a failed urgent call without sending the message again', async () => {
    fake.fail('urgent', { kind: 'server_error' });
    await push({ ...notice('majun'), urgent: true });
    expect(await drain()).toMatchObject({ sent: 1, retrying: 1 });
    later(2_000);
    expect(await drain()).toMatchObject({ sent: 1 });
    expect(fake.calls('send')).toHaveLength(1);
    expect(fake.messages[0]!.urgentFor).toEqual(['ou_demo_majun']);
  });

  it('does not call urgent_app for a group message', async () => {
    await push({ to: toUnitChat('xlz'), message: text('紧急通知'), key: 'urgent:xlz', urgent: true });
    await drain();
    expect(fake.calls('urgent')).toEqual([]);
  });
});

describe('refreshing cards already sent about a subject (PATCH /open-apis/im/v1/messages/:id)', () => {
  const subject = 'item:7';
  const sendCards = () =>
    push(
      { to: toPerson('majun'), message: cardMessage(card('督查通知 · 待签收')), subject, key: 'item:7:notice:majun' },
      { to: toPerson('songjia'), message: cardMessage(card('督查通知 · 待签收')), subject, key: 'item:7:notice:songjia' },
    );

  it('patches every card about the subject with the new card', async () => {
    await sendCards();
    await drain();
    await enqueue(h.db, h.clock.now(), [], [{ subject, card: card('督查通知 · 已签收'), key: 'item:7:acked' }]);
    expect(await drain()).toMatchObject({ sent: 1 });
    expect(fake.calls('patch').map((p) => p.path)).toEqual(['/open-apis/im/v1/messages/om_fake_1', '/open-apis/im/v1/messages/om_fake_2']);
    expect(fake.messages.map((m) => m.patches.map((p: any) => p.header.title.content))).toEqual([['督查通知 · 已签收'], ['督查通知 · 已签收']]);
  });

  it('leaves alone the card whose click already answered with the new version', async () => {
    await sendCards();
    await drain();
    await enqueue(h.db, h.clock.now(), [], [{ subject, card: card('督查通知 · 已签收'), key: 'item:7:acked' }], 'om_fake_1');
    await drain();
    expect(fake.calls('patch').map((p) => p.path)).toEqual(['/open-apis/im/v1/messages/om_fake_2']);
  });

  it('waits for the card it replaces when that is not out yet', async () => {
    fake.fail('send', { kind: 'server_error' });
    await sendCards();
    await enqueue(h.db, h.clock.now(), [], [{ subject, card: card('督查通知 · 已签收'), key: 'item:7:acked' }]);
    await drain();
    expect(fake.calls('patch')).toEqual([]);
    later(2_000);
    await drain();
    expect(fake.calls('patch')).toHaveLength(2);
  });

  it('continues after the last card patched when the app’s budget runs out half-way', async () => {
    await sendCards();
    await push({ to: toPerson('xiena'), message: cardMessage(card('督查通知 · 待签收')), subject, key: 'item:7:notice:xiena' });
    await drain();
    // 3 sends so far; 45 more leave room for 2 of the 3 patches in this second (50/s per app).
    const dir = await loadDirectory(h.db);
    const others = dir.people.filter((p) => p.feishuOpenId).map((p) => p.id);
    await push(...Array.from({ length: 45 }, (_, i) => notice(others[i % others.length]!, `digest:${i}`)));
    await enqueue(h.db, h.clock.now(), [], [{ subject, card: card('督查通知 · 已签收'), key: 'item:7:acked' }]);
    expect(await drain()).toEqual({ sent: 45, failed: 0, retrying: 0, deferred: 1 });
    expect(fake.calls('patch')).toHaveLength(2);
    later(1_000);
    expect(await drain()).toMatchObject({ sent: 1 });
    expect(fake.messages.filter((m) => m.msgType === 'interactive').map((m) => m.patches.length)).toEqual([1, 1, 1]);
  });

  it('skips cards older than the 14 days Feishu allows updates for', async () => {
    await sendCards();
    await drain();
    later(15 * 24 * 3_600_000);
    await enqueue(h.db, h.clock.now(), [], [{ subject, card: card('督查通知 · 已办结'), key: 'item:7:done' }]);
    expect(await drain()).toMatchObject({ sent: 1 });
    expect(fake.calls('patch')).toEqual([]);
  });
});

describe('a crash between send and mark-sent', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('resends after the lease with the same uuid, and Feishu shows the message once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'duban-crash-'));
    const file = join(dir, 'duban.db');
    const clock = fixedClock('2026-11-26T09:00:00+08:00');
    const first = openSqlite(file);
    // Sends text only: the file source is never asked.
    const sender = feishuSender(parseConfig(feishuEnv(fake)).feishu!, { timeoutMs: TIMEOUT_MS, files: ledgerFileSource(first.db, clock) });
    await loadOrgFile(first.db, DEMO_ORG_FILE, clock.now());
    await enqueue(first.db, clock.now(), [notice('majun', 'item:9:notice:majun')]);
    // The process dies right after Feishu accepted the message: its database is gone before mark-sent.
    const dying: PlatformSender = {
      ...sender,
      async send(request) {
        const sent = await sender.send(request);
        first.close();
        return sent;
      },
    };
    await expect(drainOutbox({ db: first.db, clock, senders: { feishu: dying }, loadDirectory: () => loadDirectory(first.db) })).rejects.toThrow();
    expect(fake.messages).toHaveLength(1);

    const restarted = openSqlite(file);
    try {
      const deps = { db: restarted.db, clock, senders: { feishu: sender }, loadDirectory: () => loadDirectory(restarted.db) };
      const [row] = await restarted.db.select().from(outbox);
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });
      clock.set(new Date(clock.now().getTime() + 59_000));
      expect(await drainOutbox(deps)).toMatchObject({ sent: 0 });
      clock.set(new Date(clock.now().getTime() + 1_000));
      expect(await drainOutbox(deps)).toMatchObject({ sent: 1 });
      const sends = fake.calls('send');
      expect(sends).toHaveLength(2);
      expect(sends[1]!.body.uuid).toBe(sends[0]!.body.uuid);
      expect(fake.messages).toHaveLength(1);
      const delivered = await restarted.db.select().from(deliveredMessages);
      expect(delivered.map((d) => d.platformMessageId)).toEqual([fake.messages[0]!.messageId]);
    } finally {
      restarted.close();
    }
  });
});
