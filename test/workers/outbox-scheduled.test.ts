import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { atomic } from '../../db/atomic';
import { deliveredMessages, inboundEvents, jobRuns, outbox, sandboxMessages } from '../../db/schema';
import { newEffects } from '../../src/core/effects';
import { cardMessage, md, text, toPerson, toUnitChat, type Card } from '../../src/core/messages';
import { loadDirectory } from '../../src/core/org/directory';
import { importOrg, parseOrgFile } from '../../src/core/org/import';
import { fixedClock } from '../../src/core/time';
import { drainOutbox } from '../../src/outbox/drain';
import { outboxStatements } from '../../src/outbox/enqueue';
import { PermanentDeliveryError, RetryableDeliveryError, type PlatformSender, type SendRequest } from '../../src/outbox/sender';
import worker from '../../src/worker';
import { d1Database } from '../../src/workers/deps';
import type { WorkerEnv } from '../../src/workers/env';

const start = '2026-11-26T09:00:00+08:00';

/** A platform that fails as told, then accepts; it records what it was asked to do. */
function fakeSender(failures: Error[] = []) {
  const sent: SendRequest[] = [];
  const updated: string[] = [];
  const sender: PlatformSender = {
    platform: 'feishu',
    async send(request) {
      const failure = failures.shift();
      if (failure) throw failure;
      sent.push(request);
      return { messageId: `om_${sent.length}` };
    },
    async update(messageId) {
      updated.push(messageId);
    },
  };
  return { sender, sent, updated };
}

async function setup(failures: Error[] = []) {
  const db = d1Database(env);
  const clock = fixedClock(start);
  await importOrg(db, parseOrgFile(env.DEMO_ORG_YAML), clock.now());
  const fake = fakeSender(failures);
  const deps = { db, clock, senders: { feishu: fake.sender }, loadDirectory: () => loadDirectory(db) };
  const enqueue = (build: (e: ReturnType<typeof newEffects>) => void) => {
    const effects = newEffects();
    build(effects);
    return atomic(db, outboxStatements(db, effects, { now: clock.now(), pushPlatforms: ['feishu'] }));
  };
  return { db, clock, deps, enqueue, ...fake };
}

const noticeCard: Card = { title: '督查事项通知', colour: 'blue', blocks: [{ type: 'markdown', text: md`请于 12 月 1 日前签收。` }] };
const notice = cardMessage(noticeCard);

describe('the outbox on D1', () => {
  it('delivers each push once, even when drained again', async () => {
    const { db, deps, enqueue, sent } = await setup();
    await enqueue((e) => {
      e.pushes.push({ to: toPerson('majun'), message: notice, subject: 'item:1', key: 'item:1:notice:majun' });
      e.pushes.push({ to: toUnitChat('xlz'), message: text('兴隆镇有新的督查事项'), key: 'item:1:notice:xlz' });
    });
    await enqueue((e) => e.pushes.push({ to: toPerson('majun'), message: notice, subject: 'item:1', key: 'item:1:notice:majun' }));
    expect(await db.select().from(outbox)).toHaveLength(2);

    expect(await drainOutbox(deps)).toMatchObject({ sent: 2, failed: 0, retrying: 0 });
    expect(await drainOutbox(deps)).toMatchObject({ sent: 0 });
    expect(sent.map((s) => [s.to, s.dedupeKey])).toEqual([
      [toPerson('majun'), 'item:1:notice:majun:feishu'],
      [toUnitChat('xlz'), 'item:1:notice:xlz:feishu'],
    ]);
    expect(
      await db
        .select({ id: deliveredMessages.platformMessageId, subject: deliveredMessages.subject })
        .from(deliveredMessages)
        .orderBy(asc(deliveredMessages.id)),
    ).toEqual([
      { id: 'om_1', subject: 'item:1' },
      { id: 'om_2', subject: null },
    ]);
  });

  it('retries a platform error after the backoff, then delivers', async () => {
    const { db, clock, deps, enqueue, sent } = await setup([new RetryableDeliveryError('HTTP 429 请求过于频繁', 2_000)]);
    await enqueue((e) => e.pushes.push({ to: toPerson('majun'), message: notice, key: 'item:2:notice:majun' }));

    expect(await drainOutbox(deps)).toMatchObject({ sent: 0, retrying: 1 });
    const [waiting] = await db.select().from(outbox);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 429 请求过于频繁' });
    expect(waiting!.nextAttemptAt.getTime() - clock.now().getTime()).toBe(2_000);

    clock.set(new Date(clock.now().getTime() + 2_000));
    expect(await drainOutbox(deps)).toMatchObject({ sent: 1 });
    expect(sent).toHaveLength(1);
    expect((await db.select().from(outbox))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('ends a permanent failure as failed with the reason', async () => {
    const { db, deps, enqueue, sent } = await setup([new PermanentDeliveryError('机器人不在群中（230002）')]);
    await enqueue((e) => e.pushes.push({ to: toUnitChat('xlz'), message: notice, key: 'item:3:notice:xlz' }));
    expect(await drainOutbox(deps)).toMatchObject({ failed: 1 });
    expect(sent).toEqual([]);
    expect((await db.select().from(outbox))[0]).toMatchObject({ status: 'failed', lastError: '机器人不在群中（230002）' });
  });

  it('a refresh updates every card already delivered about the subject', async () => {
    const { deps, enqueue, updated } = await setup();
    await enqueue((e) => {
      e.pushes.push({ to: toPerson('majun'), message: notice, subject: 'item:4', key: 'item:4:notice:majun' });
      e.pushes.push({ to: toPerson('songjia'), message: notice, subject: 'item:4', key: 'item:4:notice:songjia' });
    });
    await drainOutbox(deps);
    await enqueue((e) => e.refreshes.push({ subject: 'item:4', card: noticeCard, key: 'item:4:refresh:1' }));
    await drainOutbox(deps);
    expect(updated.sort()).toEqual(['om_1', 'om_2']);
  });
});

describe('the scheduled handler', () => {
  const run = async (scheduledTime: string, cron = '*/5 * * * *') => {
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: new Date(scheduledTime), cron }), env as unknown as WorkerEnv, ctx);
    await waitOnExecutionContext(ctx);
  };

  it('runs the jobs due at the trigger time, once per Beijing date however often it fires', async () => {
    const db = d1Database(env);
    const old = new Date('2026-11-24T01:00:00Z');
    await db.insert(inboundEvents).values([
      { key: 'feishu:om_old', platform: 'feishu', receivedAt: old },
      { key: 'feishu:om_new', platform: 'feishu', receivedAt: new Date('2026-11-25T20:00:00Z') },
    ]);
    await run('2026-11-25T18:55:00Z'); // 02:55 Beijing: before the 03:00 prune
    expect(await db.select().from(jobRuns)).toEqual([]);

    await run('2026-11-25T19:00:00Z'); // 03:00 Beijing
    await run('2026-11-25T19:05:00Z');
    await run('2026-11-26T01:00:00Z', '0 1 * * *');
    // 03:00 claims the prune; 09:00 (Thursday, a working day) the daily reminder jobs — each once — and the
    // 09:00 hour of the hourly decision nudges.
    expect(await db.select({ job: jobRuns.job, date: jobRuns.localDate }).from(jobRuns).orderBy(jobRuns.job)).toEqual(
      ['daily-digest', 'deadline-warnings', 'decision-nudges@09', 'escalations', 'leave-duties', 'prune-inbound-events'].map((job) => ({
        job,
        date: '2026-11-26',
      })),
    );
    expect(await db.select({ key: inboundEvents.key }).from(inboundEvents)).toEqual([{ key: 'feishu:om_new' }]);
  });

  it('sweeps the outbox: a push no request delivered goes out on the next trigger', async () => {
    const db = d1Database(env);
    // Long due by the Worker's own (system) clock, which the sweep uses.
    const clock = fixedClock('2025-06-03T09:00:00+08:00');
    await importOrg(db, parseOrgFile(env.DEMO_ORG_YAML), clock.now());
    const effects = newEffects();
    effects.pushes.push({ to: toPerson('majun'), message: text('今日待办：1 件督查事项即将到期'), key: 'digest:2025-06-03:majun' });
    await atomic(db, outboxStatements(db, effects, { now: clock.now(), pushPlatforms: ['sandbox'] }));

    await run('2025-06-03T01:05:00Z');
    const [row] = await db.select().from(outbox);
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    const inbox = await db.select().from(sandboxMessages).where(eq(sandboxMessages.recipientId, 'majun'));
    expect(inbox.map((m) => m.payload)).toEqual([text('今日待办：1 件督查事项即将到期')]);
  });
});
