import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './chromium.js';

/**
 * e2e against the real stack: `node dist/cli/tillpoint.mjs serve` (real SQLite in a temp folder, real
 * loopback HTTP + WebSocket) and Debian's Chromium. Build first (`npm run build`). No network: the browser
 * flags below stop Chromium's own background calls.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    headless: true,
    viewport: { width: 1366, height: 800 },
    launchOptions: {
      executablePath: chromiumPath,
      args: chromiumArgs,
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  outputDir: '../test-results/e2e',
});
