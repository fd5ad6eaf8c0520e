import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Files that start processes (the service, the CLI, crash scenes) or hold fakes to sub-second
 * timeouts: they run one at a time after the parallel files, so a busy neighbour cannot starve them.
 */
const ONE_AT_A_TIME = [
  'test/reliability/**/*.test.ts',
  'test/build/**/*.test.ts',
  'test/cli/cli.test.ts',
  'test/outbox/feishu-delivery.test.ts',
  'test/rules/host-timezone.test.ts',
];

const nodeProject = {
  environment: 'node' as const,
  // Every test injects its own clock; TZ is pinned so a stray `new Date()` formatting shows up in review.
  env: { TZ: 'UTC' },
  // Test files share a worker's module cache: every file builds its own app, database and fakes,
  // and re-importing the whole app per file was a third of the suite's time.
  isolate: false,
  testTimeout: 20_000,
};

export default defineConfig({
  test: {
    // Vitest's default is one worker less than the cores: one worker on a 2-core machine, and the
    // suite ran one file at a time. Test files share nothing (each builds its own app, database, ports).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        test: {
          ...nodeProject,
          name: 'node',
          include: ['test/**/*.test.ts'],
          // The workerd project (vitest.workers.config.ts) runs these inside the Workers runtime.
          exclude: ['test/workers/**', 'test/browser/**', '**/node_modules/**', ...ONE_AT_A_TIME],
        },
      },
      {
        test: {
          ...nodeProject,
          name: 'node-serial',
          include: ONE_AT_A_TIME,
          maxWorkers: 1,
          // After the parallel group (a project with another worker count needs a group of its own).
          sequence: { groupOrder: 1 },
        },
      },
      './vitest.workers.config.ts',
      {
        test: {
          // Real Chromium (Debian's /usr/bin/chromium, driven by playwright-core) against the app on a
          // loopback port: the sandbox chat and the office dashboard (docs/sandbox.md).
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          env: { TZ: 'UTC' },
          // Two browser files at a time (each starts its own Chromium and app on its own port).
          maxWorkers: 2,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
