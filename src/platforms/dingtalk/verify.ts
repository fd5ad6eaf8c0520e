/**
 * Request authentication for DingTalk callbacks, with Web Crypto only (same code on Node 20 and
 * Workers). `crypto.subtle.verify` compares the MAC in constant time.
 */

/** DingTalk rejects robot callbacks whose timestamp is more than an hour off (receive-message doc). */
export const MAX_SKEW_MS = 3_600_000;

export type Verdict = { ok: true } | { ok: false; reason: string };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

async function hmacMatches(secret: string, message: string, signatureBase64: string): Promise<boolean> {
  if (!BASE64.test(signatureBase64) || signatureBase64.length % 4 !== 0) return false;
  const signature = Uint8Array.from(atob(signatureBase64), (ch) => ch.charCodeAt(0));
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  return crypto.subtle.verify('HMAC', key, signature, encoder.encode(message));
}

function checkTimestamp(timestamp: string | undefined, now: Date): Verdict {
  if (!timestamp) return { ok: false, reason: '缺少 timestamp 请求头' };
  if (!/^\d{10,16}$/.test(timestamp)) return { ok: false, reason: 'timestamp 须为毫秒时间戳' };
  if (Math.abs(now.getTime() - Number(timestamp)) > MAX_SKEW_MS) return { ok: false, reason: '请求时间戳与服务器时间相差超过 1 小时' };
  return { ok: true };
}

/**
 * Robot message callbacks (HTTP mode): `sign = Base64(HmacSHA256(key = appSecret, timestamp + "\n" + appSecret))`.
 * The MAC does not cover the body, so callers also dedupe by `msgId` and accept each pair for one body only
 * (signature-pairs.ts): a captured request could otherwise be replayed, or carry another body, within the hour. https://open.dingtalk.com/document/development/receive-message
 */
export async function verifyRobotCallback(headers: { timestamp?: string; sign?: string }, appSecret: string, now: Date): Promise<Verdict> {
  const time = checkTimestamp(headers.timestamp, now);
  if (!time.ok) return time;
  if (!headers.sign) return { ok: false, reason: '缺少 sign 请求头' };
  return (await hmacMatches(appSecret, `${headers.timestamp}\n${appSecret}`, headers.sign)) ? { ok: true } : { ok: false, reason: '签名不匹配' };
}

/**
 * Interactive-card callbacks: `x-ddpaas-signature = Base64(HmacSHA256(key = apiSecret, String(timestamp)))`,
 * sent when an apiSecret was registered with the callback route (event-callback-card doc). The same one-hour
 * window as robot callbacks applies.
 */
export async function verifyCardCallback(headers: { timestamp?: string; signature?: string }, apiSecret: string, now: Date): Promise<Verdict> {
  const time = checkTimestamp(headers.timestamp, now);
  if (!time.ok) return time;
  if (!headers.signature) return { ok: false, reason: '缺少 x-ddpaas-signature 请求头' };
  return (await hmacMatches(apiSecret, headers.timestamp!, headers.signature)) ? { ok: true } : { ok: false, reason: '签名不匹配' };
}
