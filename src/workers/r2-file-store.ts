import type { R2Bucket } from '@cloudflare/workers-types';
import { isFileKey, sha256Hex, type FileStore } from '../files/store';

/** The FILES R2 bucket (wrangler.toml): one object per sha256, under `files/`. */
export function r2FileStore(bucket: R2Bucket): FileStore {
  return {
    async put(bytes) {
      const key = await sha256Hex(bytes);
      await bucket.put(`files/${key}`, bytes, { sha256: key });
      return key;
    },
    async get(key) {
      if (!isFileKey(key)) return undefined;
      const object = await bucket.get(`files/${key}`);
      return object ? new Uint8Array(await object.arrayBuffer()) : undefined;
    },
  };
}
