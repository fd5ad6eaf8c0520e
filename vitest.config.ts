import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Every test injects its own clock; TZ is pinned so a stray `new Date()` formatting shows up in review.
    env: { TZ: 'UTC' },
    testTimeout: 20_000,
  },
});
