import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/integration/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // the tests start local HTTP servers and measure delays: keep the 2-core machine calm
    maxWorkers: 2,
  },
});
