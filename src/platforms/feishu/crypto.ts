/**
 * Feishu's event encryption (Encrypt Key), undone with Web Crypto, so the same code runs on Node and
 * on Workers (Node swaps in node:crypto's synchronous primitives, `installSyncCrypto`): key =
 * SHA-256(encrypt_key), `encrypt` = base64(iv ‖ AES-256-CBC(plaintext)), PKCS7 padding (stripped by
 * the decipher).
 * https://open.feishu.cn/document/ukTMukTMukTM/uYDNxYjL2QTM24iN0EjN/event-subscription-configure-/encrypt-key-encryption-configuration-case
 */

const encoder = new TextEncoder();

/**
 * The same two primitives, synchronous, where the runtime has them (node:crypto; the Node entry
 * installs them, src/node/sync-crypto.ts). Each Web Crypto call is a job on Node's thread pool and
 * a webhook request makes three: the profile of the Feishu webhook showed them at a tenth of its CPU.
 */
export interface SyncCrypto {
  sha256(data: Uint8Array): Uint8Array;
  /** AES-256-CBC with PKCS7 padding; throws when the padding is wrong. */
  decryptAesCbc(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
}

let syncCrypto: SyncCrypto | undefined;

/** Installs (or, with `undefined`, removes) the synchronous primitives; answers the previous ones. */
export function installSyncCrypto(primitives: SyncCrypto | undefined): SyncCrypto | undefined {
  const previous = syncCrypto;
  syncCrypto = primitives;
  return previous;
}

export async function sha256(data: Uint8Array | string): Promise<Uint8Array> {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  if (syncCrypto) return syncCrypto.sha256(bytes);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const b of bytes) hex += HEX[b];
  return hex;
}

/** The ciphertext could not be opened: wrong Encrypt Key, or not something Feishu encrypted. */
export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptionError';
  }
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const BLOCK = 16;

function base64Bytes(text: string): Uint8Array {
  if (!BASE64.test(text) || text.length % 4 !== 0) throw new DecryptionError('encrypt is not base64');
  const binary = atob(text);
  // A plain loop: Uint8Array.from with a mapper was the webhook's costliest line of its own (bench/).
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const rawKeys = new Map<string, Promise<Uint8Array>>();
function rawAesKey(encryptKey: string): Promise<Uint8Array> {
  let key = rawKeys.get(encryptKey);
  if (!key) rawKeys.set(encryptKey, (key = sha256(encryptKey)));
  return key;
}

const keys = new Map<string, Promise<CryptoKey>>();
function aesKey(encryptKey: string): Promise<CryptoKey> {
  let key = keys.get(encryptKey);
  if (!key) {
    key = sha256(encryptKey).then((raw) => crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, { name: 'AES-CBC' }, false, ['decrypt']));
    keys.set(encryptKey, key);
  }
  return key;
}

/** Decrypts the `encrypt` field of a Feishu request into its JSON text. */
export async function decryptEvent(encryptKey: string, encrypted: string): Promise<string> {
  const bytes = base64Bytes(encrypted);
  if (bytes.length < 2 * BLOCK || bytes.length % BLOCK !== 0) throw new DecryptionError('encrypt has the wrong length');
  let plain: ArrayBuffer | Uint8Array;
  try {
    plain = syncCrypto
      ? syncCrypto.decryptAesCbc(await rawAesKey(encryptKey), bytes.subarray(0, BLOCK), bytes.subarray(BLOCK))
      : await crypto.subtle.decrypt({ name: 'AES-CBC', iv: bytes.slice(0, BLOCK) }, await aesKey(encryptKey), bytes.slice(BLOCK));
  } catch {
    throw new DecryptionError('bad padding: wrong Encrypt Key?');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch {
    throw new DecryptionError('decrypted bytes are not UTF-8: wrong Encrypt Key?');
  }
}
