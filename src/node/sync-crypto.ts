import { createDecipheriv, createHash } from 'node:crypto';
import type { SyncCrypto } from '../platforms/feishu/crypto';

/** node:crypto's synchronous SHA-256 and AES-256-CBC for the Feishu webhook (see SyncCrypto). */
export const nodeSyncCrypto: SyncCrypto = {
  sha256: (data) => createHash('sha256').update(data).digest(),
  decryptAesCbc(key, iv, data) {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    return Buffer.concat([decipher.update(data), decipher.final()]);
  },
};
