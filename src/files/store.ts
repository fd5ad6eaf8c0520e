/**
 * Where attachment bytes live, content-addressed: `put` answers the sha256 (hex) of the bytes, which
 * is the key; putting the same bytes twice stores them once. Node keeps a directory (FILES_DIR),
 * Workers an R2 bucket (binding FILES); tests a map. Nothing is ever served from here without the
 * caller checking that the viewer may see the item (src/web/office/attachment-routes.ts).
 */
export interface FileStore {
  put(bytes: Uint8Array): Promise<string>;
  get(key: string): Promise<Uint8Array | undefined>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** A key as the stores accept it: 64 lowercase hex digits (never a path). */
export function isFileKey(key: string): boolean {
  return SHA256_HEX.test(key);
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** In memory: tests and a sandbox without a directory. */
export function memoryFileStore(): FileStore {
  const files = new Map<string, Uint8Array>();
  return {
    async put(bytes) {
      const key = await sha256Hex(bytes);
      files.set(key, bytes.slice());
      return key;
    },
    async get(key) {
      return isFileKey(key) ? files.get(key)?.slice() : undefined;
    },
  };
}
