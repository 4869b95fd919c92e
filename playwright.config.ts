import os from 'node:os';
import { defineConfig } from '@playwright/test';

/**
 * Two projects:
 *  - `harness`: Debian's Chromium against test/harness (real core, real simulator and relay,
 *    contract over a websocket). Runs everywhere.
 *  - `electron`: the built app through `_electron.launch`; skips itself, printing why, where
 *    no Electron binary is installed (these CI machines have no internet to download one).
 */
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Each worker is a harness (core + simulator + relay) plus a Chromium: on two cores or fewer, two
// of them starve each other and turn timing margins into failures.
const workers = os.availableParallelism() <= 2 ? 1 : 2;

export default defineConfig({
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  projects: [
    {
      name: 'harness',
      testDir: 'test/e2e',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: chromium,
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
        },
      },
    },
    { name: 'electron', testDir: 'test/electron' },
  ],
});
