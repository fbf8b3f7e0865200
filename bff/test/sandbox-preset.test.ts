/**
 * ERS_ENV=sandbox: the BFF against a server that behaves like NHS's public e-RS sandbox (no
 * authentication, canned answers for the specification's exact example inputs, business
 * function rules), by configuration alone.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERRALS } from '@ers/fixtures';
import { Browser, signIn, startLocalEnvironment, type LocalEnvironment } from './support/harness';

const A005_BUSINESS_FUNCTIONS = [
  'REFERRING_CLINICIAN',
  'REFERRING_CLINICIAN_ADMIN',
  'SERVICE_PROVIDER_CLINICIAN',
  'SERVICE_PROVIDER_CLINICIAN_ADMIN',
];

/** Like the public sandbox: any caller, the examples' UBRNs only, 422 for anything else. */
function startFakeSandbox() {
  const seen: IncomingHttpHeaders[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req.headers);
    const match = /^\/referrals\/FHIR\/STU3\/ReferralRequest\/(\d{12})$/.exec(req.url ?? '');
    const businessFunction = String(req.headers['nhsd-ers-business-function'] ?? '');
    if (!match) {
      res.writeHead(404).end();
      return;
    }
    if (!A005_BUSINESS_FUNCTIONS.includes(businessFunction)) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('SANDBOX_ERROR: business function');
      return;
    }
    const fixture = REFERRALS.get(match[1]!);
    if (!fixture?.resource) {
      res.writeHead(422, { 'content-type': 'application/fhir+json' }).end(
        JSON.stringify({
          resourceType: 'OperationOutcome',
          issue: [{ severity: 'error', code: 'invalid' }],
        }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'application/fhir+json', etag: 'W/"5"' });
    res.end(JSON.stringify(fixture.resource));
  });
  return new Promise<{ url: string; seen: IncomingHttpHeaders[]; close: () => Promise<void> }>(
    (resolve) => {
      server.listen(0, '127.0.0.1', () => {
        resolve({
          url: `http://localhost:${(server.address() as AddressInfo).port}/referrals/FHIR`,
          seen,
          close: () => new Promise((done) => server.close(() => done())),
        });
      });
    },
  );
}

let sandbox: Awaited<ReturnType<typeof startFakeSandbox>>;
let env: LocalEnvironment;

beforeAll(async () => {
  sandbox = await startFakeSandbox();
  env = await startLocalEnvironment({
    logLevel: 'silent',
    // What a supplier would set: the preset, plus (here only) the fake's address and plain http.
    env: { ERS_ENV: 'sandbox', ERS_BASE_URL: sandbox.url, ALLOW_INSECURE_HTTP: 'local' },
  });
});
afterAll(async () => {
  await env?.close();
  await sandbox?.close();
});

describe('the sandbox preset', () => {
  it('signs in without any APIM token exchange and retrieves a referral with no token sent', async () => {
    const browser = new Browser();
    await signIn(browser, env.origin, '555032006106');
    expect(env.apimErs.receivedSubjectTokens.size).toBe(0);

    const response = await browser.request(`${env.origin}/api/referrals/000000070000`, {
      headers: { 'X-CSRF': '1' },
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({
      ubrn: '000000070000',
      status: { code: 'NOT_BOOKED' },
    });

    const sent = sandbox.seen.at(-1)!;
    expect(sent.authorization).toBeUndefined();
    expect(sent['nhsd-end-user-organisation-ods']).toBe('RCD');
    expect(sent['nhsd-ers-business-function']).toBe('SERVICE_PROVIDER_CLINICIAN');
    expect(sent['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("passes the sandbox's own refusals on as problems", async () => {
    const browser = new Browser();
    await signIn(browser, env.origin, '555032006106');
    const response = await browser.request(`${env.origin}/api/referrals/123456789012`, {
      headers: { 'X-CSRF': '1' },
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});
