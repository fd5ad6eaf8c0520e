import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { dingtalkSignaturePairs } from '../../db/schema';
import { claimSignaturePair } from '../../src/platforms/dingtalk/signature-pairs';
import { d1Database } from '../../src/workers/deps';

const pair = { route: 'robot' as const, timestamp: '1795702954396', signature: 'c2lnbmF0dXJl' };

describe('DingTalk signature pairs on D1: one body per timestamp/sign pair', () => {
  it('accepts a new pair and the same body again, refuses another body under it', async () => {
    const db = d1Database(env);
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await claimSignaturePair(db, { ...pair, rawBody: '{"msgId":"a"}', messageId: 'a' })).toBe(true);
    expect(await claimSignaturePair(db, { ...pair, rawBody: '{"msgId":"a"}', messageId: 'a' })).toBe(true);
    expect(await claimSignaturePair(db, { ...pair, rawBody: '{"msgId":"b"}', messageId: 'b' })).toBe(false);
    expect(await db.select().from(dingtalkSignaturePairs)).toEqual([
      expect.objectContaining({ pair: `robot:${pair.timestamp}:${pair.signature}`, messageId: 'a', expiresAt: new Date(Number(pair.timestamp) + 3_600_000) }),
    ]);
    vi.restoreAllMocks();
  });
});
