/**
 * `npm start -- --sandbox`: the BFF serving the built SPA against NHS's public e-RS sandbox
 * (https://sandbox.api.service.nhs.uk/referrals/FHIR, no token), signed in through the CIS2
 * stand-in alone. Needs internet access to the sandbox; nothing else of NHS.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sandboxBanner } from './banner';
import { startSandboxEnvironment } from './sandbox-environment';

const webDistDir = fileURLToPath(new URL('../../web/dist', import.meta.url));
if (!existsSync(webDistDir)) {
  console.error(
    `No built SPA at ${webDistDir}: run "npm start -- --sandbox" from the repository root, which builds it.`,
  );
  process.exit(1);
}

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const environment = await startSandboxEnvironment({
  bffPort: port('PORT', 3000),
  cis2Port: port('CIS2_STANDIN_PORT', 3001),
  webDistDir,
  logLevel: process.env.LOG_LEVEL ?? 'warn',
});

console.log(sandboxBanner(environment));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void environment.close().finally(() => process.exit(0));
  });
}
