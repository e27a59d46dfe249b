import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';
import { debianChromiumArgs } from './e2e/chromium-args';

// Debian's Chromium where it exists (no browser download works on our machines), else Playwright's own.
const debianChromium = process.env.KUBESIM_CHROMIUM ?? '/usr/bin/chromium';
const useDebian = existsSync(debianChromium);
// Another checkout's preview may hold the default port; E2E_PORT picks another.
const port = Number(process.env.E2E_PORT ?? 4173);
// Runs side by side in one checkout must not rebuild each other's app mid-test: E2E_OUTDIR gives each its own build.
const outDir = process.env.E2E_OUTDIR ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  // One retry on CI: a real-browser test can lose a race to a loaded machine; Playwright still reports it as flaky.
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    launchOptions: useDebian
      ? {
          executablePath: debianChromium,
          args: debianChromiumArgs,
        }
      : {},
  },
  webServer: {
    command: `node_modules/.bin/vite build --outDir ${outDir} && node_modules/.bin/vite preview --outDir ${outDir} --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
