import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    env: { TZ: 'UTC', NO_COLOR: '1' },
    // Temporary files of the run in one folder it removes (test/global-tmp.ts).
    globalSetup: ['test/global-tmp.ts'],
  },
});
