/**
 * ERS_ENV=sandbox: the BFF against a server that behaves like NHS's public e-RS sandbox (no
 * authentication, canned answers for the specification's exact example inputs, business
 * function rules), by configuration alone.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { REFERRALS } from '@ers/fixtures';
import { SPEC_PATH } from '@ers/fixtures/spec';
import { Browser, signIn, startLocalEnvironment, type LocalEnvironment } from './support/harness';

const A005_BUSINESS_FUNCTIONS = [
  'REFERRING_CLINICIAN',
  'REFERRING_CLINICIAN_ADMIN',
  'SERVICE_PROVIDER_CLINICIAN',
  'SERVICE_PROVIDER_CLINICIAN_ADMIN',
];

/** The spec's A030 example, which the sandbox answers: pairs at R69 and R68 only. */
const A030_EXAMPLE = (() => {
  const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as {
    components: {
      responses: Record<
        string,
        { content: Record<string, { examples: Record<string, { value: unknown }> }> }
      >;
    };
  };
  return spec.components.responses['200Response-19']!.content['application/fhir+json']!.examples[
    'example-response-body'
  ]!.value;
})();

/** Like the public sandbox: any caller, the examples' UBRNs only, 422 for anything else. */
function startFakeSandbox() {
  const seen: IncomingHttpHeaders[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req.headers);
    if (req.url === '/referrals/FHIR/R4/PractitionerRole') {
      res.writeHead(200, { 'content-type': 'application/fhir+json' });
      res.end(JSON.stringify(A030_EXAMPLE));
      return;
    }
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
    env: {
      ERS_ENV: 'sandbox',
      ERS_BASE_URL: sandbox.url,
      ERS_OBJECT_STORE_HOSTS: new URL(sandbox.url).host,
      ALLOW_INSECURE_HTTP: 'local',
    },
  });
});
afterAll(async () => {
  await env?.close();
  await sandbox?.close();
});

/**
 * The sandbox's A030 lists nothing at the CIS2 role's organisation (RCD), so the user chooses;
 * a user whose CIS2 role is elsewhere can still work.
 */
async function chooseR69Clinician(browser: Browser) {
  const chosen = await browser.request(`${env.origin}/api/acting-context`, {
    method: 'PUT',
    headers: { 'X-CSRF': '1', 'content-type': 'application/json' },
    body: JSON.stringify({ odsCode: 'R69', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' }),
  });
  expect(chosen.status).toBe(200);
}

describe('the sandbox preset', () => {
  it('signs in without any APIM token exchange and retrieves a referral with no token sent', async () => {
    const browser = new Browser();
    await signIn(browser, env.origin, '555032006106');
    expect(env.apimErs.receivedSubjectTokens.size).toBe(0);
    await chooseR69Clinician(browser);

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
    expect(sent['nhsd-end-user-organisation-ods']).toBe('R69');
    expect(sent['nhsd-ers-business-function']).toBe('SERVICE_PROVIDER_CLINICIAN');
    expect(sent['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("passes the sandbox's own refusals on as problems", async () => {
    const browser = new Browser();
    await signIn(browser, env.origin, '555032006106');
    await chooseR69Clinician(browser);
    const response = await browser.request(`${env.origin}/api/referrals/123456789012`, {
      headers: { 'X-CSRF': '1' },
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});
