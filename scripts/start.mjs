// `npm start` / `npm run cli -- …`: runs the bundle (dist/node.js or dist/cli.js), building it first
// when it is missing or older than the sources, so a fresh clone still starts with `npm install && npm start`.
// A production install without devDependencies (no esbuild) runs the dist/ it was given.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = process.argv[2];
if (entry !== 'node' && entry !== 'cli') {
  console.error('usage: node scripts/start.mjs node|cli [arguments…]');
  process.exit(2);
}
const bundle = join(root, 'dist', `${entry}.js`);

/** The newest modification time under the paths the bundle is built from. */
function newestSource(paths) {
  let newest = 0;
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const stat = statSync(path);
    if (stat.isDirectory()) newest = Math.max(newest, newestSource(readdirSync(path).map((name) => join(path, name))));
    else newest = Math.max(newest, stat.mtimeMs);
  }
  return newest;
}

const sources = ['src', 'db', 'commands', 'package.json', 'scripts/build.mjs'].map((p) => join(root, p));
const stale = !existsSync(bundle) || statSync(bundle).mtimeMs < newestSource(sources);
if (stale) {
  let buildDist;
  try {
    ({ buildDist } = await import('./build.mjs'));
  } catch {
    console.error(
      existsSync(bundle)
        ? 'dist/ is older than the sources but esbuild is not installed: running the old build (npm install, then npm run build, to refresh it)'
        : 'dist/ is missing and esbuild is not installed: run npm install (with devDependencies), then npm run build',
    );
    if (!existsSync(bundle)) process.exit(2);
  }
  if (buildDist) {
    await buildDist();
    console.error(`built ${join('dist', `${entry}.js`)}`);
  }
}
// The entry reads its arguments from process.argv.slice(2), as if started as `node dist/<entry>.js …`.
process.argv.splice(1, 2, bundle);
await import(pathToFileURL(bundle).href);
