import { sha256, toHex } from './crypto';

/**
 * Request authentication for Feishu events and card callbacks.
 * Signature (only sent when an Encrypt Key is configured, never on url_verification):
 * `hex(sha256(X-Lark-Request-Timestamp + X-Lark-Request-Nonce + encrypt_key + raw body))`, computed
 * on the raw bytes — the SDK re-serialises the parsed body, which breaks on any non-compact JSON.
 * https://open.feishu.cn/document/ukTMukTMukTM/uYDNxYjL2QTM24iN0EjN/event-subscription-configure-/encrypt-key-encryption-configuration-case
 */

const encoder = new TextEncoder();

export interface SignatureHeaders {
  timestamp?: string;
  nonce?: string;
  signature?: string;
}

/**
 * Feishu documents no freshness window, and retries for up to ~7.1 h. 12 h admits every retry
 * whether or not Feishu re-signs it, and stays below the 24 h life of inbound dedupe keys
 * (jobs/prune-inbound.ts): a replay inside the window is deduplicated, one outside it is refused.
 */
export const SIGNATURE_MAX_AGE_MS = 12 * 3_600_000;

export async function feishuSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: Uint8Array): Promise<string> {
  const prefix = encoder.encode(timestamp + nonce + encryptKey);
  const signed = new Uint8Array(prefix.length + rawBody.length);
  signed.set(prefix);
  signed.set(rawBody, prefix.length);
  return toHex(await sha256(signed));
}

/** Equal-length comparison whose time does not depend on where the strings differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Digests of configured secrets, computed once (one Web Crypto call less per request). */
const secretDigests = new Map<string, Promise<string>>();

/** Compares secrets through their digests, so neither length nor a common prefix leaks through timing. */
export async function sameSecret(given: string, expected: string): Promise<boolean> {
  let digest = secretDigests.get(expected);
  if (!digest) secretDigests.set(expected, (digest = sha256(expected).then(toHex)));
  const [a, b] = await Promise.all([sha256(given).then(toHex), digest]);
  return constantTimeEqual(a, b);
}

export type SignatureCheck = 'valid' | 'absent' | 'invalid' | 'stale';

/** Checks the signature headers against the raw body; `absent` when Feishu sent none (challenges). */
export async function checkSignature(headers: SignatureHeaders, encryptKey: string, rawBody: Uint8Array, now: Date): Promise<SignatureCheck> {
  const { timestamp, nonce, signature } = headers;
  if (!timestamp && !nonce && !signature) return 'absent';
  if (!timestamp || !nonce || !signature) return 'invalid';
  const expected = await feishuSignature(timestamp, nonce, encryptKey, rawBody);
  if (!constantTimeEqual(expected, signature.toLowerCase())) return 'invalid';
  const seconds = Number(timestamp);
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now.getTime() - seconds * 1000) > SIGNATURE_MAX_AGE_MS) return 'stale';
  return 'valid';
}

/** The Verification Token a payload carries: `header.token` (schema 2.0) or `token` (1.0, url_verification). */
export function tokenOf(payload: Record<string, unknown>): string | undefined {
  const header = payload.header as { token?: unknown } | undefined;
  const token = payload.schema === '2.0' ? header?.token : payload.token;
  return typeof token === 'string' ? token : undefined;
}
