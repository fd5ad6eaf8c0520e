import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptEvent, DecryptionError, installSyncCrypto, type SyncCrypto } from '../../src/platforms/feishu/crypto';
import { nodeSyncCrypto } from '../../src/node/sync-crypto';
import { checkSignature, constantTimeEqual, feishuSignature, sameSecret, SIGNATURE_MAX_AGE_MS, tokenOf } from '../../src/platforms/feishu/verify';
import { encryptLikeFeishu, fixture, signLikeFeishu } from './helpers';

const bytes = (s: string) => new TextEncoder().encode(s);
const now = new Date('2026-11-26T01:00:00Z');
const ts = String(now.getTime() / 1000);

// The same behaviour from Web Crypto (Workers) and from node:crypto (installed by the Node entry).
describe.each([
  ['Web Crypto', undefined],
  ['node:crypto', nodeSyncCrypto],
] as Array<[string, SyncCrypto | undefined]>)('with %s', (primitives, sync) => {
  let previous: SyncCrypto | undefined;
  beforeAll(() => {
    previous = installSyncCrypto(sync);
  });
  afterAll(() => {
    installSyncCrypto(previous);
  });

  describe(`Encrypt Key decryption (AES-256-CBC, key = sha256(encrypt_key), ${primitives})`, () => {
    it('decrypts the documented test vector', async () => {
      expect(await decryptEvent('test key', 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=')).toBe('hello world');
    });

    it('decrypts the official encrypted challenge', async () => {
      const plain = JSON.parse(await decryptEvent('mazhe.nerd', fixture('url_verification.encrypted').encrypt));
      expect(plain).toEqual({ challenge: '5634b122-c042-4634-bc7f-b07a3c3e77ad', token: 'iRdCP2WwXNBXRM3mGLqhrgch3cn0gbT6', type: 'url_verification' });
    });

    it('round-trips what Feishu encrypts, including Chinese text', async () => {
      const text = JSON.stringify({ text: '/请假 明天 回老家' });
      expect(await decryptEvent('k', encryptLikeFeishu('k', text))).toBe(text);
    });

    it.each([
      ['not base64', '%%%'],
      ['too short for an IV and a block', Buffer.alloc(16).toString('base64')],
      ['not a whole number of blocks', Buffer.alloc(40).toString('base64')],
    ])('refuses ciphertext that is %s', async (_what, encrypted) => {
      await expect(decryptEvent('k', encrypted)).rejects.toBeInstanceOf(DecryptionError);
    });

    it('refuses to open with the wrong key (fixed IV: the padding check fails)', async () => {
      const encrypted = encryptLikeFeishu('right', '{"a":1}', Buffer.alloc(16, 7));
      await expect(decryptEvent('wrong', encrypted)).rejects.toBeInstanceOf(DecryptionError);
    });
  });

  describe(`X-Lark-Signature = hex(sha256(timestamp + nonce + encrypt_key + raw body)), ${primitives}`, () => {
    const body = '{"encrypt":"abc"}';
    it('matches an independent computation over the raw bytes', async () => {
      expect(await feishuSignature(ts, 'n1', 'key', bytes(body))).toBe(signLikeFeishu(ts, 'n1', 'key', body));
    });

    it('accepts a valid signature and says so', async () => {
      const headers = { timestamp: ts, nonce: 'n1', signature: signLikeFeishu(ts, 'n1', 'key', body) };
      expect(await checkSignature(headers, 'key', bytes(body), now)).toBe('valid');
    });

    it.each([
      ['another body', { nonce: 'n1' }, '{"encrypt":"abd"}'],
      ['another nonce', { nonce: 'n2' }, body],
    ])('rejects a signature made for %s', async (_what, { nonce }, signedBody) => {
      const headers = { timestamp: ts, nonce, signature: signLikeFeishu(ts, 'n1', 'key', signedBody) };
      expect(await checkSignature(headers, 'key', bytes(body), now)).toBe('invalid');
    });

    it('reports requests without any signature header as absent (challenges), and half-signed ones as invalid', async () => {
      expect(await checkSignature({}, 'key', bytes(body), now)).toBe('absent');
      expect(await checkSignature({ timestamp: ts }, 'key', bytes(body), now)).toBe('invalid');
    });

    it('refuses a correctly signed request older than the replay window', async () => {
      const old = String((now.getTime() - SIGNATURE_MAX_AGE_MS - 1000) / 1000);
      const headers = { timestamp: old, nonce: 'n', signature: signLikeFeishu(old, 'n', 'key', body) };
      expect(await checkSignature(headers, 'key', bytes(body), now)).toBe('stale');
    });

    it('admits Feishu’s last retry, 7.1 hours after the event', async () => {
      const retry = String((now.getTime() - 7.1 * 3_600_000) / 1000);
      const headers = { timestamp: retry, nonce: 'n', signature: signLikeFeishu(retry, 'n', 'key', body) };
      expect(await checkSignature(headers, 'key', bytes(body), now)).toBe('valid');
    });
  });
});

describe('Verification Token', () => {
  it('is read from header.token in schema 2.0 and from token otherwise', () => {
    expect(tokenOf({ schema: '2.0', header: { token: 'v2' }, token: 'ignored' })).toBe('v2');
    expect(tokenOf({ type: 'url_verification', token: 'v1' })).toBe('v1');
    expect(tokenOf({ schema: '2.0', header: {} })).toBeUndefined();
  });

  it('is compared through digests', async () => {
    expect(await sameSecret('secret', 'secret')).toBe(true);
    expect(await sameSecret('secret', 'secreT')).toBe(false);
    expect(await sameSecret('s', 'secret')).toBe(false);
  });

  it('compares equal-length strings without early exit', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
  });
});
