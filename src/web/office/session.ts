/**
 * The dashboard's sign-in session: a cookie holding who signed in, how, and until when, sealed with
 * HMAC-SHA256 under SESSION_SECRET (Web Crypto: the same code on Node and Workers). The cookie only
 * names the person: roles are read from the directory on every request, so a role removed by an
 * org import takes effect at once. Expiry uses wall-clock time, not the sandbox clock: jumping the
 * sandbox a week ahead must not sign anyone out.
 */
export interface Session {
  personId: string;
  via: 'sandbox' | 'feishu';
  /** Epoch ms. */
  expiresAt: number;
}

/** A working day's sign-in. */
export const SESSION_TTL_MS = 12 * 3600 * 1000;
export const SESSION_COOKIE = 'duban_office';
/** The OAuth `state` between /office/login and /office/callback. */
export const STATE_COOKIE = 'duban_oauth_state';
export const STATE_TTL_MS = 10 * 60 * 1000;

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

async function hmac(secret: string, data: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(data)));
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** `payload.signature`, both base64url. */
export async function seal(value: object, secret: string): Promise<string> {
  const payload = base64url(encoder.encode(JSON.stringify(value)));
  return `${payload}.${base64url(await hmac(secret, payload))}`;
}

/** The sealed value when the signature is right and it has not expired; otherwise undefined. */
export async function unseal<T extends { expiresAt: number }>(token: string | undefined, secret: string, nowMs: number): Promise<T | undefined> {
  if (!token || token.length > 2048) return undefined;
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  const given = fromBase64url(signature);
  if (!given || !equalBytes(given, await hmac(secret, payload))) return undefined;
  const bytes = fromBase64url(payload);
  if (!bytes) return undefined;
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes)) as T;
    return typeof value.expiresAt === 'number' && value.expiresAt > nowMs ? value : undefined;
  } catch {
    return undefined;
  }
}

export const sealSession = (session: Session, secret: string) => seal(session, secret);

export async function openSession(token: string | undefined, secret: string, nowMs: number): Promise<Session | undefined> {
  const session = await unseal<Session>(token, secret, nowMs);
  return session && typeof session.personId === 'string' && (session.via === 'sandbox' || session.via === 'feishu') ? session : undefined;
}

/** A random OAuth state value. */
export function newState(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(18)));
}
