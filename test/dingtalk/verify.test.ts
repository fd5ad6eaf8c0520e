import { describe, expect, it } from 'vitest';
import { MAX_SKEW_MS, verifyCardCallback, verifyRobotCallback } from '../../src/platforms/dingtalk/verify';
import { cardSign, robotSign } from './support';

const NOW = new Date('2026-11-26T01:00:00Z');
const TS = String(NOW.getTime());
const SECRET = 'GT-lsu-taDAxxxsTsxxxx';

describe('robot callback signature: Base64(HmacSHA256(appSecret, timestamp + "\\n" + appSecret))', () => {
  it('accepts the signature node:crypto computes the documented way', async () => {
    expect(await verifyRobotCallback({ timestamp: TS, sign: robotSign(TS, SECRET) }, SECRET, NOW)).toEqual({ ok: true });
  });

  it('does not accept the URL-encoded form (that belongs to custom robots only)', async () => {
    // A 32-byte MAC in Base64 always ends in "=", which URL-encoding turns into %3D.
    const encoded = encodeURIComponent(robotSign(TS, SECRET));
    expect(encoded).toContain('%3D');
    expect((await verifyRobotCallback({ timestamp: TS, sign: encoded }, SECRET, NOW)).ok).toBe(false);
  });

  it('rejects a signature made with another secret', async () => {
    expect(await verifyRobotCallback({ timestamp: TS, sign: robotSign(TS, 'other') }, SECRET, NOW)).toEqual({ ok: false, reason: '签名不匹配' });
  });

  it.each([
    [-MAX_SKEW_MS, true],
    [MAX_SKEW_MS, true],
    [-MAX_SKEW_MS - 1, false],
    [MAX_SKEW_MS + 1, false],
  ])('a timestamp %i ms from now is accepted: %s', async (offset, accepted) => {
    const ts = String(NOW.getTime() + offset);
    expect((await verifyRobotCallback({ timestamp: ts, sign: robotSign(ts, SECRET) }, SECRET, NOW)).ok).toBe(accepted);
  });

  it('rejects a truncated signature without throwing', async () => {
    expect((await verifyRobotCallback({ timestamp: TS, sign: robotSign(TS, SECRET).slice(0, 20) }, SECRET, NOW)).ok).toBe(false);
  });
});

describe('card callback signature: Base64(HmacSHA256(apiSecret, timestamp))', () => {
  it('accepts the documented signature and rejects a robot-style one', async () => {
    expect(await verifyCardCallback({ timestamp: TS, signature: cardSign(TS, SECRET) }, SECRET, NOW)).toEqual({ ok: true });
    expect((await verifyCardCallback({ timestamp: TS, signature: robotSign(TS, SECRET) }, SECRET, NOW)).ok).toBe(false);
  });

  it('rejects a missing signature and a stale timestamp', async () => {
    expect(await verifyCardCallback({ timestamp: TS }, SECRET, NOW)).toEqual({ ok: false, reason: '缺少 x-ddpaas-signature 请求头' });
    const old = String(NOW.getTime() - MAX_SKEW_MS - 1);
    expect((await verifyCardCallback({ timestamp: old, signature: cardSign(old, SECRET) }, SECRET, NOW)).ok).toBe(false);
  });
});
