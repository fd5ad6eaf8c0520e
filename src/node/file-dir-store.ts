import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isFileKey, sha256Hex, type FileStore } from '../files/store';

/**
 * FILES_DIR: `ab/abcdef…` (the sha256, fanned out by its first two digits). Written to a temporary
 * name and renamed, so a crash never leaves a half file under a real key.
 */
export function directoryFileStore(dir: string): FileStore {
  const pathOf = (key: string) => join(dir, key.slice(0, 2), key);
  return {
    async put(bytes) {
      const key = await sha256Hex(bytes);
      const path = pathOf(key);
      await mkdir(join(dir, key.slice(0, 2)), { recursive: true });
      const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temporary, bytes);
      await rename(temporary, path);
      return key;
    },
    async get(key) {
      if (!isFileKey(key)) return undefined;
      try {
        return new Uint8Array(await readFile(pathOf(key)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}
