import { defineConfig } from '@playwright/test';

// Drives Debian's Chromium (never a downloaded browser) against a running gateway: the JUnit test
// ConsoleBrowserTest starts one (with the fake OpenAI server as its model) and runs this suite.
export default defineConfig({
  testDir: '.',
  outputDir: '../target/e2e-results',
  timeout: 240_000,
  expect: { timeout: 20_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: process.env.SWITCHBOARD_URL ?? 'http://127.0.0.1:8080',
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [
    { name: 'console', testMatch: /console\.spec\.ts/ },
    { name: 'login', testMatch: /login\.spec\.ts/ },
    { name: 'bench', testMatch: /canvas\.bench\.ts/ },
  ],
});
