import { defineConfig } from 'vitest/config';

// `*.test.ts` run in Node. Editor component tests (`*.test.tsx`) declare the happy-dom
// environment in their first line (`// @vitest-environment happy-dom`). The Chromium tests in
// test/e2e build the app once and drive it through playwright-core.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // Closing the browsers and the preview server after an end-to-end file takes seconds on an idle
    // machine and far longer under load (2 cores shared with other work): hooks get a minute or two.
    hookTimeout: 120_000,
    pool: 'forks',
    // Builds bin/skipwire.js; ends any browser a failed end-to-end test left running.
    globalSetup: ['test/globalSetup.ts'],
  },
});
