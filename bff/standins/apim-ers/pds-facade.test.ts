/**
 * The PDS stand-in against PDS's published behaviour and its OpenAPI subset (fixtures/pds/):
 * every fixture patient and every body it answers validates against the specification's schema;
 * each refusal comes in PDS's order with PDS's body; the token is the one APIM exchanged for e-RS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATIENTS } from '@ers/fixtures/patients';
import { PDS_SCOPES } from './pds/pds-facade';
import { ERS_SCOPES } from './apim/token-endpoint';
import { startHarness, type Harness } from './testing/harness';
import { patientGetParameters, pdsSchema } from './testing/pds-spec';
import { describeErrors } from './testing/spec';

const PRIYA = '555032006106';
const PRIYA_ROLE = '555032006106101';
/** APIM's mock user 656005750104: several roles, none selected. */
const SUREKHA = '656005750104';
const REQUEST_ID = '60e0b220-8136-4ca5-ae46-1d97ef59d068';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

type Call = { token?: string | null; headers?: Record<string, string | undefined> };

async function pds(path: string, call: Call = {}) {
  const token = call.token === undefined ? await h.accessTokenFor(PRIYA) : call.token;
  const headers: Record<string, string> = {
    accept: 'application/fhir+json',
    ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
    'x-request-id': REQUEST_ID,
    'nhsd-session-urid': PRIYA_ROLE,
    'nhsd-end-user-organisation-ods': 'RCD',
  };
  for (const [name, value] of Object.entries(call.headers ?? {})) {
    if (value === undefined) delete headers[name.toLowerCase()];
    else headers[name.toLowerCase()] = value;
  }
  const response = await fetch(`${h.standin.pdsBaseUrl}${path}`, { headers });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: (text ? JSON.parse(text) : undefined) as Record<string, unknown> | undefined,
  };
}

const codeOf = (body: unknown) =>
  (body as { issue: { details: { coding: { code: string }[] } }[] }).issue[0]!.details.coding[0]!
    .code;
const diagnosticsOf = (body: unknown) =>
  (body as { issue: { diagnostics?: string }[] }).issue[0]!.diagnostics;

function expectValid(schema: string, body: unknown) {
  const validate = pdsSchema(schema);
  expect(validate(body), describeErrors(validate.errors)).toBe(true);
}

describe('the PDS fixtures against the specification', () => {
  it.each(Object.values(PATIENTS).filter((patient) => patient.answer.status === 200))(
    'patient $nhsNumber validates as a Patient',
    ({ answer }) => {
      expectValid('Patient', answer.status === 200 ? answer.resource : undefined);
    },
  );
});

describe('PDS GET /Patient/{id}', () => {
  it('answers the patient with the same token APIM exchanged for e-RS', async () => {
    const token = await h.accessTokenFor(PRIYA);
    const grant = h.standin.accessToken(token)!.grant;
    expect(grant.scopes).toEqual(expect.arrayContaining([ERS_SCOPES[0], PDS_SCOPES[0]]));
    const answer = await pds('/Patient/9912003888', { headers: { 'x-correlation-id': 'abc' } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/fhir+json');
    expect(answer.headers.get('etag')).toMatch(/^W\/"[0-9]+"$/);
    expect(answer.headers.get('x-request-id')).toBe(REQUEST_ID);
    expect(answer.headers.get('x-correlation-id')).toBe('abc');
    expectValid('Patient', answer.json);
  });

  it('answers a superseded number with the surviving patient', async () => {
    const answer = await pds('/Patient/1000000001');
    expect(answer.status).toBe(200);
    expect(answer.json?.id).toBe('9732019395');
  });

  it.each([
    ['no Authorization', { token: null }, 401, 'ACCESS_DENIED', 'Missing Authorization header'],
    [
      'an empty Authorization',
      { token: null, headers: { authorization: '' } },
      401,
      'ACCESS_DENIED',
      'Empty Authorization header',
    ],
    [
      'Bearer and no token',
      { token: null, headers: { authorization: 'Bearer' } },
      401,
      'ACCESS_DENIED',
      'Missing access token',
    ],
    [
      'another scheme',
      { token: null, headers: { authorization: 'Basic abc' } },
      401,
      'ACCESS_DENIED',
      "Invalid token type 'Basic', must be 'Bearer'",
    ],
    [
      'a token APIM never issued',
      { token: 'forged' },
      401,
      'ACCESS_DENIED',
      'Invalid Access Token',
    ],
    [
      'an X-Request-ID that is not a UUID',
      { headers: { 'x-request-id': '1234' } },
      400,
      'INVALID_VALUE',
      "Invalid value - '1234' in header 'X-Request-ID'",
    ],
    [
      'a role that is not the user’s',
      { headers: { 'nhsd-session-urid': '555254240100' } },
      400,
      'INVALID_VALUE',
      expect.stringMatching(/^Invalid value - '555254240100' in header 'NHSD-Session-URID'/),
    ],
    [
      'no X-Request-ID',
      { headers: { 'x-request-id': undefined } },
      400,
      'MISSING_VALUE',
      'Invalid request with error - X-Request-ID header must be supplied to access this resource',
    ],
  ] satisfies [string, Call, number, string, unknown][])(
    'refuses %s as PDS does',
    async (_, call, status, code, diagnostics) => {
      const answer = await pds('/Patient/9912003888', call);
      expect(answer.status).toBe(status);
      expect(answer.headers.get('content-type')).toBe('application/json');
      expect(codeOf(answer.json)).toBe(code);
      expect(diagnosticsOf(answer.json)).toEqual(diagnostics);
      expectValid('OperationOutcome', answer.json);
    },
  );

  it('refuses a user with several roles and no NHSD-Session-URID', async () => {
    const token = await h.accessTokenFor(SUREKHA);
    const answer = await pds('/Patient/9912003888', {
      token,
      headers: { 'nhsd-session-urid': undefined },
    });
    expect(answer.status).toBe(400);
    expect(diagnosticsOf(answer.json)).toMatch(/^Invalid value - '' in header 'NHSD-Session-URID'/);
  });

  it('accepts no NHSD-Session-URID from a user with one role', async () => {
    const answer = await pds('/Patient/9912003888', {
      headers: { 'nhsd-session-urid': undefined },
    });
    expect(answer.status).toBe(200);
  });

  it('refuses a token without the PDS product', async () => {
    const ersOnly = await startHarness({ app: { scopes: ERS_SCOPES } });
    try {
      const token = await ersOnly.accessTokenFor(PRIYA);
      const answer = await fetch(`${ersOnly.standin.pdsBaseUrl}/Patient/9912003888`, {
        headers: { authorization: `Bearer ${token}`, 'x-request-id': REQUEST_ID },
      });
      expect(answer.status).toBe(401);
      expect(codeOf(await answer.json())).toBe('ACCESS_DENIED');
    } finally {
      await ersOnly.close();
    }
  });

  it.each([
    ['9000000000', 400, 'INVALID_RESOURCE_ID'],
    ['99120038881', 400, 'INVALID_RESOURCE_ID'],
    ['9727194737', 404, 'RESOURCE_NOT_FOUND'],
    ['9111231130', 404, 'RESOURCE_NOT_FOUND'],
    ['9990003343', 404, 'INVALIDATED_RESOURCE'],
  ])('answers %s with %s %s', async (nhsNumber, status, code) => {
    const answer = await pds(`/Patient/${nhsNumber}`);
    expect(answer.status).toBe(status);
    expect(codeOf(answer.json)).toBe(code);
    expectValid('OperationOutcome', answer.json);
  });

  it('answers 429 above 5 requests a second for the application, as APIM’s quota does', async () => {
    const limited = await startHarness({ pdsRateLimitPerSecond: 5 });
    try {
      const token = await limited.accessTokenFor(PRIYA);
      const statuses: number[] = [];
      let refused: unknown;
      for (let i = 0; i < 6; i += 1) {
        const answer = await fetch(`${limited.standin.pdsBaseUrl}/Patient/9912003888`, {
          headers: {
            authorization: `Bearer ${token}`,
            'x-request-id': REQUEST_ID,
            'nhsd-session-urid': PRIYA_ROLE,
          },
        });
        statuses.push(answer.status);
        if (answer.status === 429) refused = await answer.json();
        else await answer.arrayBuffer();
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      expect(codeOf(refused)).toBe('TOO_MANY_REQUESTS');
      expectValid('OperationOutcome', refused);
    } finally {
      await limited.close();
    }
  });
});

describe('the specification’s request parameters', () => {
  it('lists the headers the BFF sends, with the patterns the stand-in enforces', () => {
    const byName = Object.fromEntries(patientGetParameters.map((p) => [p.name, p]));
    expect(byName['X-Request-ID']).toMatchObject({ in: 'header', required: true });
    expect(new RegExp(byName['X-Request-ID']!.schema!.pattern!).test(REQUEST_ID)).toBe(true);
    expect(new RegExp(byName['NHSD-Session-URID']!.schema!.pattern!).test(PRIYA_ROLE)).toBe(true);
    expect(byName['NHSD-End-User-Organisation-ODS']).toMatchObject({ in: 'header' });
    expect(byName.id).toMatchObject({ in: 'path', required: true });
  });
});
