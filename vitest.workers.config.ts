import { readFileSync } from 'node:fs';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineProject } from 'vitest/config';

/**
 * The workerd project: tests run inside the Workers runtime next to the real Worker entry
 * (`exports.default`), on a local D1 with the drizzle migrations applied. This is the layer that
 * catches D1-only behaviour (no BEGIN, 100 bound parameters per statement, batch errors).
 */
export default defineProject(async () => ({
  plugins: [
    cloudflareTest({
      main: './src/worker.ts',
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations('./db/migrations'),
          // workerd has no file system: the demo directory reaches the tests as a binding.
          DEMO_ORG_YAML: readFileSync('./db/demo-org.yaml', 'utf8'),
          SANDBOX: '1',
          ADMIN_TOKEN: 'test-admin-token-0123456789',
        },
      },
    }),
  ],
  test: {
    name: 'workers',
    include: ['test/workers/**/*.test.ts'],
    setupFiles: ['./test/workers/setup.ts'],
    // One D1 database serves the project: files run one after another, each starting from empty tables.
    fileParallelism: false,
    testTimeout: 20_000,
  },
}));
