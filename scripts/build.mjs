// `npm run build`: bundles the Node entries (src/node.ts → dist/node.js, src/cli.ts → dist/cli.js) with
// esbuild, and copies beside them the files the app reads at run time (db/assets.ts says where it looks).
// Packages stay in node_modules (better-sqlite3 is a native addon); our own code and JSON data are bundled.
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

/** Copied to dist/ under the same names: migrations (applied at start) and the demo directory. */
export const RUNTIME_ASSETS = ['db/migrations', 'db/demo-org.yaml'];

/**
 * Every package stays external except JSON data files (chinese-days' calendar): Node 20 would need an
 * import attribute on them, which esbuild does not keep on an external import, so they are inlined.
 */
const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.endsWith('.json') ? undefined : { path: args.path, external: true }));
  },
};

/**
 * Builds into `outdir` (default dist/; tests use folders of their own inside the repository, where
 * node_modules resolves), with `extraEntries` (name → source) bundled beside the two entries.
 */
export async function buildDist(outdir = dist, extraEntries = {}) {
  rmSync(join(outdir, 'db'), { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: { node: 'src/node.ts', cli: 'src/cli.ts', ...extraEntries },
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    plugins: [externalPackages],
    sourcemap: true,
    // Tells db/assets.ts it runs from the bundle: its run-time files are in dist/db/.
    define: { BUNDLED_ASSETS_DIR: JSON.stringify('./db/') },
    logLevel: 'warning',
  });
  mkdirSync(join(outdir, 'db'), { recursive: true });
  for (const asset of RUNTIME_ASSETS) cpSync(join(root, asset), join(outdir, asset), { recursive: true });
  // dist/ is ESM like the sources (package.json "type": "module" covers it; this keeps a copied dist/ working alone).
  writeFileSync(join(outdir, 'package.json'), '{ "type": "module" }\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildDist();
  console.log('built dist/node.js and dist/cli.js');
}
