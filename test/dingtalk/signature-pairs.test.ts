import { afterEach, describe, expect, it, vi } from 'vitest';
import { count } from 'drizzle-orm';
import { auditLog, dingtalkSignaturePairs, inboundEvents, outbox } from '../../db/schema';
import { cardClickBody, cardSign, makeDingtalkHarness, postCardClick, postRobot, signedHeaders, textCallback, type DingtalkKit } from './support';

let kit: DingtalkKit | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await kit?.close();
  kit = undefined;
});

async function rowsWritten(k: DingtalkKit) {
  const [[events], [rows], [audits]] = await Promise.all([
    k.h.db.select({ n: count() }).from(inboundEvents),
    k.h.db.select({ n: count() }).from(outbox),
    k.h.db.select({ n: count() }).from(auditLog),
  ]);
  return { events: events!.n, outbox: rows!.n, audits: audits!.n };
}

/** 马军 asks for help once, signed as DingTalk signs it; the headers are what an eavesdropper keeps. */
async function capturedPair() {
  const k = await makeDingtalkHarness();
  const headers = signedHeaders(k.h);
  const genuine = textCallback({ from: 'dt_majun', text: '/帮助', msgId: 'msg-genuine' });
  expect((await postRobot(k.h, genuine, headers)).status).toBe(200);
  await k.h.settle();
  return { k, headers, genuine };
}

describe('DingTalk robot callbacks: a timestamp/sign pair authorises one body only', () => {
  it('refuses the captured pair with another body and another sender: 401, nothing written, logged', async () => {
    const { k, headers } = await capturedPair();
    kit = k;
    const before = await rowsWritten(k);
    const sent = k.fake.requests.length;
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const forged = textCallback({ from: 'dt_linxiaomei', text: '/台账 导出', msgId: 'msg-forged' });
    const res = await postRobot(k.h, forged, headers);
    await k.h.settle();
    expect(res.status).toBe(401);
    expect(res.json.error).toContain('已用于另一条消息');
    expect(await rowsWritten(k)).toEqual(before);
    expect(k.fake.requests).toHaveLength(sent);
    expect(log.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/signature pair reused.*msg-genuine.*msg-forged/);
  });

  it('refuses every one of 20 forged bodies under one captured pair', async () => {
    const { k, headers } = await capturedPair();
    kit = k;
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const before = await rowsWritten(k);
    for (let i = 0; i < 20; i++) {
      const res = await postRobot(k.h, textCallback({ from: i % 2 ? 'dt_majun' : 'dt_dengpeng', text: `/帮助 ${i}`, msgId: `msg-forged-${i}` }), headers);
      expect(res.status).toBe(401);
    }
    expect(await rowsWritten(k)).toEqual(before);
  });

  it('refuses the same text under the same pair with another msgId', async () => {
    const { k, headers, genuine } = await capturedPair();
    kit = k;
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await postRobot(k.h, { ...genuine, msgId: 'msg-other' }, headers);
    expect(res.status).toBe(401);
  });

  it('accepts the same body again (DingTalk redelivering) without a second effect', async () => {
    const { k, headers, genuine } = await capturedPair();
    kit = k;
    const before = await rowsWritten(k);
    const res = await postRobot(k.h, genuine, headers);
    await k.h.settle();
    expect(res.status).toBe(200);
    expect(await rowsWritten(k)).toEqual(before);
  });

  it('accepts another message under a fresh pair', async () => {
    const { k } = await capturedPair();
    kit = k;
    k.h.clock.set(new Date(k.h.clock.now().getTime() + 1));
    const res = await postRobot(k.h, textCallback({ from: 'dt_majun', text: '/帮助', msgId: 'msg-next' }));
    expect(res.status).toBe(200);
  });
});

describe('DingTalk signature pairs are remembered for their window only', () => {
  it('the nightly prune forgets a pair whose hour has passed', async () => {
    const { k } = await capturedPair();
    kit = k;
    expect(await k.h.db.select().from(dingtalkSignaturePairs)).toHaveLength(1);
    await k.h.deps.runDueJobs(new Date('2026-11-27T03:30:00+08:00'));
    expect(await k.h.db.select().from(dingtalkSignaturePairs)).toHaveLength(0);
  });
});

describe('DingTalk card callbacks: a timestamp/signature pair authorises one click only', () => {
  it('refuses a captured pair with another click body', async () => {
    kit = await makeDingtalkHarness({ interactive: true });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const timestamp = String(kit.h.clock.now().getTime());
    const click = (userId: string) => cardClickBody({ userId, outTrackId: 'track-1', params: { action: 'demo.none', payload: '{}' } });
    expect((await postCardClick(kit.h, click('dt_majun'), { timestamp, signature: cardSign(timestamp) })).status).toBe(200);
    await kit.h.settle();
    const before = await rowsWritten(kit);
    const res = await postCardClick(kit.h, click('dt_linxiaomei'), { timestamp, signature: cardSign(timestamp) });
    expect(res.status).toBe(401);
    expect(await rowsWritten(kit)).toEqual(before);
  });
});
