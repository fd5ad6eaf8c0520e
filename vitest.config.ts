import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          // The workerd project (vitest.workers.config.ts) runs these inside the Workers runtime.
          exclude: ['test/workers/**', 'test/browser/**', '**/node_modules/**'],
          environment: 'node',
          // Every test injects its own clock; TZ is pinned so a stray `new Date()` formatting shows up in review.
          env: { TZ: 'UTC' },
          // Test files share a worker's module cache: every file builds its own app, database and fakes,
          // and re-importing the whole app per file was a third of the suite's time.
          isolate: false,
          testTimeout: 20_000,
        },
      },
      './vitest.workers.config.ts',
      {
        test: {
          // Real Chromium (Debian's /usr/bin/chromium, driven by playwright-core) against the app on a
          // loopback port: the sandbox chat and the office dashboard (README "Sandbox and office dashboard").
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          env: { TZ: 'UTC' },
          // One browser at a time: two cores, and each walk drives several pages.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
