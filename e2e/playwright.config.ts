/**
 * Playwright against the BFF (serving the built SPA) and the local stand-ins, in Debian's
 * Chromium: never a browser download. The iPad project forces the `iPad Pro 11` descriptor onto
 * Chromium (WebKit cannot be installed here); viewport, touch and user agent still apply.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';

/**
 * `E2E_PORT_BASE` moves both environments (default 3100: ports 3100-3102 and 3110-3112), so two
 * checkouts on one machine can run their suites side by side.
 */
const PORT_BASE = Number(process.env.E2E_PORT_BASE ?? 3100);
export const E2E_PORTS = { bff: PORT_BASE, cis2: PORT_BASE + 1, apim: PORT_BASE + 2 } as const;
/** A second environment with the one-session-per-user policy, for single-session.spec.ts only. */
export const E2E_SINGLE_SESSION_PORTS = {
  bff: PORT_BASE + 10,
  cis2: PORT_BASE + 11,
  apim: PORT_BASE + 12,
} as const;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const auditLog = (port: number) =>
  fileURLToPath(new URL(`../reports/e2e-audit-${port}.log`, import.meta.url));
/** Where the default environment's BFF writes its audit trail. */
export const E2E_AUDIT_LOG = auditLog(E2E_PORTS.bff);

/** `start:local` (BFF serving web/dist, CIS2 and APIM + e-RS stand-ins) on the given ports. */
function localEnvironment(
  ports: { bff: number; cis2: number; apim: number },
  env: Record<string, string> = {},
) {
  return {
    command: 'node ../scripts/pnpm.mjs --filter @ers/bff start:local',
    url: `http://localhost:${ports.bff}/health/ready`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe' as const,
    env: {
      PORT: String(ports.bff),
      CIS2_STANDIN_PORT: String(ports.cis2),
      APIM_STANDIN_PORT: String(ports.apim),
      STANDIN_EXPOSE_ISSUED_TOKENS: '1',
      LOG_LEVEL: 'warn',
      // The audit trail (every e-RS and PDS retrieval) to a file, so the output shows warnings.
      LOCAL_AUDIT_LOG: auditLog(ports.bff),
      // Both projects and workers share one "application": e-RS's 10 requests/s would make
      // parallel suites wait on each other. The limit's behaviour is tested in bff/.
      ERS_RATE_LIMIT_PER_SECOND: '100',
      ERS_SESSION_RATE_LIMIT_PER_SECOND: '100',
      STANDIN_RATE_LIMIT_PER_SECOND: '100',
      ...env,
    },
  };
}

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
    // Touch-screen checks run where there is a touch screen; one print layout needs one project.
    {
      name: 'desktop',
      use: { ...devices['Desktop Chrome'], channel: undefined },
      testIgnore: /ipad\.spec\.ts/,
    },
    {
      name: 'ipad',
      use: { ...devices['iPad Pro 11'], browserName: 'chromium' },
      testIgnore: /print\.spec\.ts/,
    },
  ],
  webServer: [
    localEnvironment(E2E_PORTS),
    localEnvironment(E2E_SINGLE_SESSION_PORTS, { SESSION_CONCURRENCY: 'single' }),
  ],
});
