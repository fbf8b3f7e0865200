/**
 * Playwright against the BFF (serving the built SPA) and the local stand-ins, in Debian's
 * Chromium: never a browser download. The iPad project forces the `iPad Pro 11` descriptor onto
 * Chromium (WebKit cannot be installed here); viewport, touch and user agent still apply.
 */
import { defineConfig, devices } from '@playwright/test';

export const E2E_PORTS = { bff: 3100, cis2: 3101, apim: 3102 } as const;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  reporter: [['list'], ['json', { outputFile: '../reports/playwright.json' }]],
  use: {
    baseURL: `http://localhost:${E2E_PORTS.bff}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
        '--disable-gpu',
      ],
    },
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], channel: undefined } },
    { name: 'ipad', use: { ...devices['iPad Pro 11'], browserName: 'chromium' } },
  ],
  webServer: {
    command: 'node ../scripts/pnpm.mjs --filter @ers/bff start:local',
    url: `http://localhost:${E2E_PORTS.bff}/health/ready`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    env: {
      PORT: String(E2E_PORTS.bff),
      CIS2_STANDIN_PORT: String(E2E_PORTS.cis2),
      APIM_STANDIN_PORT: String(E2E_PORTS.apim),
      STANDIN_EXPOSE_ISSUED_TOKENS: '1',
      LOG_LEVEL: 'warn',
    },
  },
});
