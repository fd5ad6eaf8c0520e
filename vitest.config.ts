import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          // The workerd project (vitest.workers.config.ts) runs these inside the Workers runtime.
          exclude: ['test/workers/**', '**/node_modules/**'],
          environment: 'node',
          // Every test injects its own clock; TZ is pinned so a stray `new Date()` formatting shows up in review.
          env: { TZ: 'UTC' },
          testTimeout: 20_000,
        },
      },
      './vitest.workers.config.ts',
    ],
  },
});
