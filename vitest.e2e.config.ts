import { defineConfig } from 'vitest/config';

// Browser tests: the built web app (`npm run build` first) served by a real server on a fresh
// embedded database, driven in Debian's headless Chromium through playwright-core.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ['default'],
  },
});
