/**
 * `npm start`: the BFF serving the built SPA, with the local CIS2 and APIM + e-RS stand-ins.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { destination } from 'pino';
import { createAuditLogger } from '../src/audit/audit';
import { localBanner } from './banner';
import { startLocalEnvironment } from './local-environment';

const webDistDir = fileURLToPath(new URL('../../web/dist', import.meta.url));
if (!existsSync(webDistDir)) {
  console.error(
    `No built SPA at ${webDistDir}: run "npm start" from the repository root, which builds it.`,
  );
  process.exit(1);
}

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const environment = await startLocalEnvironment({
  bffPort: port('PORT', 3000),
  cis2Port: port('CIS2_STANDIN_PORT', 3001),
  apimPort: port('APIM_STANDIN_PORT', 3002),
  webDistDir,
  logLevel: process.env.LOG_LEVEL ?? 'warn',
  // Set by the Playwright suites only.
  exposeIssuedTokens: process.env.STANDIN_EXPOSE_ISSUED_TOKENS === '1',
  // The Playwright suites keep the audit trail in a file of its own, so the BFF's warnings are
  // not lost among a thousand audit lines in the test output.
  ...(process.env.LOCAL_AUDIT_LOG
    ? {
        bffOverrides: {
          audit: createAuditLogger(
            destination({
              dest: process.env.LOCAL_AUDIT_LOG,
              mkdir: true,
              append: false,
              sync: true,
            }),
          ),
        },
      }
    : {}),
  ...(process.env.STANDIN_RATE_LIMIT_PER_SECOND
    ? { standinRateLimitPerSecond: Number(process.env.STANDIN_RATE_LIMIT_PER_SECOND) }
    : {}),
  // Session policy settings pass through, so a suite can run e.g. the one-session policy.
  env: Object.fromEntries(
    [
      'SESSION_CONCURRENCY',
      'SESSION_IDLE_MINUTES',
      'SESSION_ABSOLUTE_MINUTES',
      'CIS2_LOGOUT',
      'REDIS_URL',
      'SESSION_ENCRYPTION_KEY',
      'ERS_RATE_LIMIT_PER_SECOND',
      'ERS_SESSION_RATE_LIMIT_PER_SECOND',
    ]
      .filter((name) => process.env[name] !== undefined)
      .map((name) => [name, process.env[name] as string]),
  ),
});

console.log(localBanner(environment));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void environment.close().finally(() => process.exit(0));
  });
}
