import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Set by scripts/build.mjs in the bundle (dist/node.js, dist/cli.js): where the copies of db/'s files are. */
declare const BUNDLED_ASSETS_DIR: string | undefined;

/**
 * The folder of the files the app reads at run time (migrations, the demo directory): db/ when run
 * from source (tsx, vitest), dist/db/ when run from the bundle.
 */
export const dbAssetsDir =
  typeof BUNDLED_ASSETS_DIR === 'string' ? fileURLToPath(new URL(BUNDLED_ASSETS_DIR, import.meta.url)) : dirname(fileURLToPath(import.meta.url));

export const dbAsset = (name: string) => resolve(dbAssetsDir, name);
