import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { buildDist } from '../../scripts/build.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * `npm run build` into a folder of its own for one test file: inside the repository (test-artifacts/
 * is ignored), so the bundle resolves node_modules as dist/ does. Starting the bundle takes a fraction
 * of tsx's start-up, and it is what `npm start` runs.
 */
export async function buildEntries(name: string): Promise<{ dir: string; node: string; cli: string; remove(): void }> {
  const dir = join(ROOT, 'test-artifacts', `build-${name}-${process.pid}`);
  await buildDist(dir);
  return { dir, node: join(dir, 'node.js'), cli: join(dir, 'cli.js'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export type BuiltEntries = Awaited<ReturnType<typeof buildEntries>>;

/** Builds the entries before the file's tests and removes them after; answers a getter for them. */
export function useBuiltEntries(name: string): () => BuiltEntries {
  let built: BuiltEntries | undefined;
  beforeAll(async () => {
    built = await buildEntries(name);
  }, 60_000);
  afterAll(() => built?.remove());
  return () => built!;
}

/** test/reliability/support/crash-server.ts bundled like the service (the crash scenes start it twice each). */
export async function crashServerBundle(name: string): Promise<{ script: string; remove(): void }> {
  const dir = join(ROOT, 'test-artifacts', `build-${name}-${process.pid}`);
  await buildDist(dir, { 'crash-server': 'test/reliability/support/crash-server.ts' });
  return { script: join(dir, 'crash-server.js'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
