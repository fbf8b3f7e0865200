/**
 * `npm start -- --sandbox`: the BFF serving the built SPA against NHS's public e-RS sandbox
 * (https://sandbox.api.service.nhs.uk/referrals/FHIR, no token), signed in through the CIS2
 * stand-in alone. Needs internet access to the sandbox; nothing else of NHS.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { displayName } from '../standins/personas';
import { SANDBOX_PERSONAS } from '../standins/sandbox-personas';
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

const personaLines = SANDBOX_PERSONAS.map(
  (persona) => `  ${persona.uid}  ${displayName(persona).padEnd(20)} ${persona.summary}`,
);
console.log(`
e-RS reference client against the public e-RS sandbox (CIS2 stand-in, in-memory sessions)

  Open ${environment.origin}

  CIS2 stand-in: ${environment.cis2.issuer}
  e-RS:          ${environment.config.ERS_BASE_URL} (no APIM, no token)

Test user (pick it on the CIS2 stand-in's page):
${personaLines.join('\n')}

The sandbox answers only the e-RS specification's example requests, the same for everyone:
  referrals 000000070000 to 000000070005, 000000070011, 000000070012; the worklists without
  filters; reference data SPECIALTY, CLINIC-TYPE, PRIORITY and the cancellation reasons.

Press Ctrl+C to stop.
`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void environment.close().finally(() => process.exit(0));
  });
}
