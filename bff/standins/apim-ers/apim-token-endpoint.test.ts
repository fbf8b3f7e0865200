/**
 * APIM's POST /oauth2/token, driven over HTTP with assertions and ID tokens signed here (jose):
 * every refusal in APIM's error catalogue (token exchange and refresh), the success bodies with
 * their string numbers, the AAL scope filter, the JWKS cache, refresh rotation, reuse and window,
 * and access-token expiry as e-RS sees it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  API_KEY,
  API_SECRET,
  CIS2_ISSUER,
  startHarness,
  testKey,
  type Harness,
} from './testing/harness';

/**
 * APIM's OAuth error bodies as NHSDigital/identity-service-api defines them (its token exchange
 * and refresh errors), copied here so the stand-in's wording is checked against them.
 */
const CATALOGUE: Array<[number, string, string]> = [
  [
    400,
    'invalid_request',
    "Missing or invalid client_assertion_type - must be 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'",
  ],
  [
    400,
    'invalid_request',
    "missing or invalid subject_token_type - must be 'urn:ietf:params:oauth:token-type:id_token'",
  ],
  [400, 'invalid_request', 'grant_type is invalid'],
  [400, 'invalid_request', 'Malformed JWT in subject_token'],
  [400, 'invalid_request', 'Missing subject_token'],
  [400, 'invalid_request', 'Malformed JWT in client_assertion'],
  [400, 'invalid_request', 'Missing client_assertion'],
  [400, 'invalid_request', "Missing 'kid' header in client_assertion JWT"],
  [401, 'invalid_request', "Invalid 'kid' header in client_assertion JWT - no matching public key"],
  [400, 'invalid_request', "Invalid 'typ' header in client_assertion JWT - must be 'JWT'"],
  [
    400,
    'invalid_request',
    "Invalid 'alg' header in client_assertion JWT - unsupported JWT algorithm - must be 'RS512'",
  ],
  [401, 'invalid_request', "Invalid 'iss'/'sub' claims in client_assertion JWT"],
  [400, 'invalid_request', "Missing or non-matching 'iss'/'sub' claims in client_assertion JWT"],
  [400, 'invalid_request', "Missing 'jti' claim in client_assertion JWT"],
  [
    400,
    'invalid_request',
    "Invalid 'jti' claim in client_assertion JWT - must be a unique string value such as a GUID",
  ],
  [400, 'invalid_request', "Non-unique 'jti' claim in client_assertion JWT"],
  [401, 'invalid_request', "Missing or invalid 'aud' claim in client_assertion JWT"],
  [400, 'invalid_request', "Missing 'exp' claim in client_assertion JWT"],
  [
    400,
    'invalid_request',
    "Invalid 'exp' claim in client_assertion JWT - more than 5 minutes in future",
  ],
  [400, 'invalid_request', "Invalid 'exp' claim in client_assertion JWT - must be an integer"],
  [400, 'invalid_request', "Invalid 'exp' claim in client_assertion JWT - JWT has expired"],
  [400, 'invalid_request', "Missing 'kid' header in subject_token JWT"],
  [400, 'invalid_request', "Invalid 'typ' header in subject_token JWT - must be 'JWT'"],
  [400, 'invalid_request', "Missing 'iss' claim in subject_token JWT"],
  [400, 'invalid_request', "Missing or non-matching 'iss' claim in subject_token JWT"],
  [401, 'invalid_request', "Missing 'aud' claim in subject_token JWT"],
  [400, 'invalid_request', "Missing 'exp' claim in subject_token JWT"],
  [400, 'invalid_request', "Invalid 'exp' claim in subject_token JWT - must be an integer"],
  [400, 'invalid_request', "Invalid 'exp' claim in subject_token JWT - JWT has expired"],
  [401, 'invalid_request', "Invalid 'kid' header in subject_token JWT - no matching public key"],
  [401, 'public_key error', 'JWT signature verification failed'],
  [403, 'public_key error', "The JWKS endpoint, for your client_assertion can't be reached"],
  [
    403,
    'public_key error',
    'You need to register a public key to use this authentication method - please contact support to configure',
  ],
  [
    401,
    'unauthorized_client',
    'you have tried to request authorization but your application is not configured to use this authorization grant type',
  ],
  [415, 'invalid_request', 'Content-Type header must be application/x-www-form-urlencoded'],
  [401, 'invalid_grant', 'refresh_token is invalid'],
  [401, 'invalid_grant', 'refresh token refresh period has expired'],
  [400, 'invalid_request', 'refresh_token is missing'],
  [401, 'invalid_request', 'client_secret is missing'],
  [401, 'invalid_client', 'client_id or client_secret is invalid'],
];

const seen = new Set<string>();
const key = ([status, error, description]: [number, string, string]) =>
  `${status} ${error} ${description}`;

function expectRefusal(
  response: { status: number; body: Record<string, string> },
  expected: [number, string, string],
) {
  expect({
    status: response.status,
    error: response.body.error,
    description: response.body.error_description,
  }).toEqual({ status: expected[0], error: expected[1], description: expected[2] });
  expect(response.body.message_id).toMatch(/^rrt-/);
  expect(Object.keys(response.body).sort()).toEqual(['error', 'error_description', 'message_id']);
  seen.add(key(expected));
}

const byDescription = (fragment: string): [number, string, string] => {
  const matches = CATALOGUE.filter(([, , description]) => description.includes(fragment));
  if (matches.length !== 1)
    throw new Error(`catalogue entries for "${fragment}": ${matches.length}`);
  return matches[0]!;
};

/** A JWT whose header lacks `alg` (jose will not sign one, so it is put together by hand). */
function withoutAlg(token: string): string {
  const [, payload, signature] = token.split('.');
  const header = Buffer.from(JSON.stringify({ typ: 'JWT', kid: 'cis2-key-1' })).toString(
    'base64url',
  );
  return `${header}.${payload}.${signature}`;
}

type Form = Record<string, string | undefined>;
type Case = [name: string, form: (h: Harness) => Promise<Form>, expected: [number, string, string]];

const now = (h: Harness) => h.clock.seconds();

const EXCHANGE_CASES: Case[] = [
  [
    'grant_type missing',
    (h) => h.exchangeForm({ grant_type: undefined }),
    byDescription('grant_type is invalid'),
  ],
  [
    'grant_type client_credentials',
    (h) => h.exchangeForm({ grant_type: 'client_credentials' }),
    byDescription('grant_type is invalid'),
  ],
  [
    'subject_token_type of an access token',
    (h) => h.exchangeForm({ subject_token_type: 'urn:ietf:params:oauth:token-type:access_token' }),
    byDescription('subject_token_type'),
  ],
  [
    'client_assertion_type missing',
    (h) => h.exchangeForm({ client_assertion_type: undefined }),
    byDescription('client_assertion_type'),
  ],
  [
    'client_assertion missing',
    (h) => h.exchangeForm({ client_assertion: undefined }),
    byDescription('Missing client_assertion'),
  ],
  [
    'client_assertion not a JWT',
    (h) => h.exchangeForm({ client_assertion: 'not-a-jwt' }),
    byDescription('Malformed JWT in client_assertion'),
  ],
  [
    'assertion without kid',
    async (h) => h.exchangeForm({ client_assertion: await h.assertion({}, { kid: undefined }) }),
    byDescription("Missing 'kid' header in client_assertion"),
  ],
  [
    'assertion without typ (oauth4webapi default)',
    async (h) => h.exchangeForm({ client_assertion: await h.assertion({}, { typ: undefined }) }),
    byDescription("'typ' header in client_assertion"),
  ],
  [
    'assertion with typ at+jwt',
    async (h) => h.exchangeForm({ client_assertion: await h.assertion({}, { typ: 'at+jwt' }) }),
    byDescription("'typ' header in client_assertion"),
  ],
  [
    'assertion without iss',
    async (h) => h.exchangeForm({ client_assertion: await h.assertion({ iss: undefined }) }),
    byDescription("Missing or non-matching 'iss'/'sub'"),
  ],
  [
    'assertion with sub != iss',
    async (h) => h.exchangeForm({ client_assertion: await h.assertion({ sub: 'someone-else' }) }),
    byDescription("Missing or non-matching 'iss'/'sub'"),
  ],
  [
    'assertion without jti',
    async (h) => h.exchangeForm({ client_assertion: await h.assertion({ jti: undefined }) }),
    byDescription("Missing 'jti'"),
  ],
  [
    'assertion with a numeric jti',
    async (h) => h.exchangeForm({ client_assertion: await h.assertion({ jti: 12345 }) }),
    byDescription("Invalid 'jti'"),
  ],
  [
    'assertion without exp',
    async (h) => h.exchangeForm({ client_assertion: await h.assertion({ exp: undefined }) }),
    byDescription("Missing 'exp' claim in client_assertion"),
  ],
  [
    'assertion exp a decimal',
    async (h) => h.exchangeForm({ client_assertion: await h.assertion({ exp: now(h) + 100.5 }) }),
    byDescription('client_assertion JWT - must be an integer'),
  ],
  [
    'assertion exp a string',
    async (h) =>
      h.exchangeForm({ client_assertion: await h.assertion({ exp: String(now(h) + 100) }) }),
    byDescription('client_assertion JWT - must be an integer'),
  ],
  [
    'assertion exp 311 s ahead',
    async (h) => h.exchangeForm({ client_assertion: await h.assertion({ exp: now(h) + 311 }) }),
    byDescription('more than 5 minutes'),
  ],
  [
    'assertion jti used before (a retry)',
    async (h) => {
      const reused = await h.assertion();
      expect((await h.postToken(await h.exchangeForm({ client_assertion: reused }))).status).toBe(
        200,
      );
      return h.exchangeForm({ client_assertion: reused });
    },
    byDescription("Non-unique 'jti'"),
  ],
  [
    'assertion iss/sub another API key',
    async (h) =>
      h.exchangeForm({
        client_assertion: await h.assertion({ iss: 'another-key', sub: 'another-key' }),
      }),
    byDescription("Invalid 'iss'/'sub'"),
  ],
  [
    'assertion signed RS256',
    async (h) => h.exchangeForm({ client_assertion: await h.assertion({}, { alg: 'RS256' }) }),
    byDescription("Invalid 'alg'"),
  ],
  [
    'assertion kid not in the JWKS',
    async (h) =>
      h.exchangeForm({ client_assertion: await h.assertion({}, { kid: 'not-registered' }) }),
    byDescription("Invalid 'kid' header in client_assertion"),
  ],
  [
    'assertion signed by another key with the registered kid',
    async (h) =>
      h.exchangeForm({ client_assertion: await h.assertion({}, {}, { ...testKey(h.appKey.kid) }) }),
    byDescription('JWT signature verification failed'),
  ],
  [
    'assertion aud of the mock token URL',
    async (h) =>
      h.exchangeForm({
        client_assertion: await h.assertion({
          aud: h.standin.tokenUrl.replace('/oauth2/token', '/oauth2-mock/token'),
        }),
      }),
    byDescription("'aud' claim in client_assertion"),
  ],
  [
    'assertion aud without the path',
    async (h) => h.exchangeForm({ client_assertion: await h.assertion({ aud: h.standin.origin }) }),
    byDescription("'aud' claim in client_assertion"),
  ],
  [
    'assertion expired',
    async (h) => h.exchangeForm({ client_assertion: await h.assertion({ exp: now(h) - 1 }) }),
    byDescription('client_assertion JWT - JWT has expired'),
  ],
  [
    'subject_token missing',
    (h) => h.exchangeForm({ subject_token: undefined }),
    byDescription('Missing subject_token'),
  ],
  [
    'subject_token is the CIS2 access token (opaque)',
    (h) => h.exchangeForm({ subject_token: '9SrRLS-XxM65opaqueAccessToken' }),
    byDescription('Malformed JWT in subject_token'),
  ],
  [
    'ID token without kid',
    async (h) =>
      h.exchangeForm({ subject_token: await h.idToken(undefined, {}, { kid: undefined }) }),
    byDescription("Missing 'kid' header in subject_token"),
  ],
  [
    'ID token with typ at+jwt',
    async (h) =>
      h.exchangeForm({ subject_token: await h.idToken(undefined, {}, { typ: 'at+jwt' }) }),
    byDescription("'typ' header in subject_token"),
  ],
  [
    'ID token without exp',
    async (h) => h.exchangeForm({ subject_token: await h.idToken(undefined, { exp: undefined }) }),
    byDescription("Missing 'exp' claim in subject_token"),
  ],
  [
    'ID token exp a decimal',
    async (h) =>
      h.exchangeForm({ subject_token: await h.idToken(undefined, { exp: now(h) + 60.5 }) }),
    byDescription('subject_token JWT - must be an integer'),
  ],
  [
    'ID token expired',
    async (h) => h.exchangeForm({ subject_token: await h.idToken(undefined, { exp: now(h) - 1 }) }),
    byDescription('subject_token JWT - JWT has expired'),
  ],
  [
    'ID token without iss',
    async (h) => h.exchangeForm({ subject_token: await h.idToken(undefined, { iss: undefined }) }),
    byDescription("Missing 'iss' claim in subject_token"),
  ],
  [
    'ID token without aud',
    async (h) => h.exchangeForm({ subject_token: await h.idToken(undefined, { aud: undefined }) }),
    byDescription("Missing 'aud' claim in subject_token"),
  ],
  [
    'ID token iss without :443 (a normalised URL)',
    async (h) =>
      h.exchangeForm({
        subject_token: await h.idToken(undefined, { iss: CIS2_ISSUER.replace(':443', '') }),
      }),
    byDescription("non-matching 'iss' claim in subject_token"),
  ],
  [
    'ID token from another issuer',
    async (h) =>
      h.exchangeForm({
        subject_token: await h.idToken(undefined, { iss: 'https://auth.login.nhs.uk' }),
      }),
    byDescription("non-matching 'iss' claim in subject_token"),
  ],
  [
    'ID token kid not in the CIS2 JWKS',
    async (h) =>
      h.exchangeForm({
        subject_token: await h.idToken(undefined, {}, { kid: 'unknown-cis2-kid' }),
      }),
    byDescription("Invalid 'kid' header in subject_token"),
  ],
  [
    'ID token signed by another key with the CIS2 kid',
    async (h) =>
      h.exchangeForm({ subject_token: await h.idToken(undefined, {}, {}, testKey(h.cis2Key.kid)) }),
    byDescription('JWT signature verification failed'),
  ],
  [
    'ID token at AAL1',
    async (h) =>
      h.exchangeForm({
        subject_token: await h.idToken(undefined, { authentication_assurance_level: '1' }),
      }),
    byDescription('not configured to use this authorization grant type'),
  ],
  [
    'ID token without an authentication_assurance_level',
    async (h) =>
      h.exchangeForm({
        subject_token: await h.idToken(undefined, { authentication_assurance_level: undefined }),
      }),
    byDescription('not configured to use this authorization grant type'),
  ],
];

describe('APIM token exchange: every refusal, in APIM order and words', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('refuses a body that is not form-encoded (415)', async () => {
    const form = await h.exchangeForm();
    const response = await fetch(h.standin.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(form),
    });
    expectRefusal(
      { status: response.status, body: (await response.json()) as Record<string, string> },
      byDescription('Content-Type header'),
    );
  });

  it.each(EXCHANGE_CASES)('%s', async (_name, form, expected) => {
    expectRefusal(await h.postToken(await form(h)), expected);
  });

  it('refuses an ID token without alg in its header', async () => {
    const response = await h.postToken(
      await h.exchangeForm({ subject_token: withoutAlg(await h.idToken()) }),
    );
    expect(response.status).toBe(400);
    expect(response.body.error_description).toBe("Missing 'alg' header in subject_token JWT");
  });

  it('checks the grant type before anything else in the form', async () => {
    const response = await h.postToken({ grant_type: 'password', client_assertion: 'x' });
    expect(response.body.error_description).toBe('grant_type is invalid');
  });

  it('takes an assertion exp 300 s and 310 s ahead (APIM allows 10 s for skew)', async () => {
    for (const ahead of [300, 310]) {
      const response = await h.postToken(
        await h.exchangeForm({ client_assertion: await h.assertion({ exp: now(h) + ahead }) }),
      );
      expect(response.status).toBe(200);
    }
  });

  it('spends a jti even when the exchange then fails', async () => {
    const assertion = await h.assertion({ aud: 'https://wrong.example/oauth2/token' });
    expect((await h.postToken(await h.exchangeForm({ client_assertion: assertion }))).status).toBe(
      401,
    );
    const again = await h.postToken(await h.exchangeForm({ client_assertion: assertion }));
    expect(again.body.error_description).toBe("Non-unique 'jti' claim in client_assertion JWT");
  });
});

describe('APIM token exchange: the app JWKS', () => {
  const harnesses: Harness[] = [];
  afterEach(async () => {
    await Promise.all(harnesses.splice(0).map((h) => h.close()));
  });
  const start = async (options: Parameters<typeof startHarness>[0] = {}) => {
    const h = await startHarness(options);
    harnesses.push(h);
    return h;
  };

  it('403s when the app has no JWKS URL registered', async () => {
    const h = await start({ app: { jwksUrl: null } });
    expectRefusal(
      await h.postToken(await h.exchangeForm()),
      byDescription('You need to register a public key'),
    );
  });

  it('403s when the JWKS URL cannot be reached', async () => {
    const h = await start();
    h.jwks.appStatus = 503;
    expectRefusal(await h.postToken(await h.exchangeForm()), byDescription("can't be reached"));
  });

  it('403s when the JWKS URL refuses connections', async () => {
    const h = await start({ app: { jwksUrl: 'http://127.0.0.1:9/jwks.json' } });
    expectRefusal(await h.postToken(await h.exchangeForm()), byDescription("can't be reached"));
  });

  it('caches the JWKS briefly: a new key is only seen after the cache expires', async () => {
    const h = await start({ appJwksCacheMs: 60_000 });
    expect((await h.postToken(await h.exchangeForm())).status).toBe(200);
    expect((await h.postToken(await h.exchangeForm())).status).toBe(200);
    expect(h.standin.appJwksFetches()).toBe(1);

    // Rotation without overlap: the new key replaces the old one at the URL.
    const rotated = testKey('app-key-2');
    h.jwks.appKeys = [rotated.publicJwk];
    const early = await h.postToken(
      await h.exchangeForm({ client_assertion: await h.assertion({}, {}, rotated) }),
    );
    expect(early.body.error_description).toBe(
      "Invalid 'kid' header in client_assertion JWT - no matching public key",
    );

    h.clock.advance(61_000);
    const later = await h.postToken(
      await h.exchangeForm({ client_assertion: await h.assertion({}, {}, rotated) }),
    );
    expect(later.status).toBe(200);
    expect(h.standin.appJwksFetches()).toBe(2);
  });

  it('keeps verifying the old key while both are published (rotation with overlap)', async () => {
    const h = await start({ appJwksCacheMs: 0 });
    const next = testKey('app-key-2');
    h.jwks.appKeys = [h.appKey.publicJwk, next.publicJwk];
    for (const signer of [h.appKey, next]) {
      const response = await h.postToken(
        await h.exchangeForm({ client_assertion: await h.assertion({}, {}, signer) }),
      );
      expect(response.status).toBe(200);
    }
  });

  it('refuses an ID token without typ, as real APIM does', async () => {
    const h = await start();
    const response = await h.postToken(
      await h.exchangeForm({ subject_token: await h.idToken(undefined, {}, { typ: undefined }) }),
    );
    expect(response.status).toBe(400);
    expect(response.body.error_description).toBe(
      "Invalid 'typ' header in subject_token JWT - must be 'JWT'",
    );
  });
});

describe('APIM token exchange: success', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('answers with every number as a string, as Apigee does', async () => {
    const response = await h.postToken(await h.exchangeForm());
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/),
      expires_in: '599',
      token_type: 'Bearer',
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      refresh_token: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/),
      refresh_token_expires_in: '43199',
      refresh_count: '0',
    });
    expect(h.standin.issuedTokens).toContain(response.body.access_token);
    expect(h.standin.issuedTokens).toContain(response.body.refresh_token);
    expect(h.standin.receivedSubjectTokens.size).toBeGreaterThan(0);
  });

  it.each([
    ['555032006106', 'aal3'],
    ['656005750109', 'aal2'],
  ])('grants persona %s only the e-RS and PDS %s scopes', async (uid, aal) => {
    const tokens = await h.tokensFor(uid);
    expect(h.standin.accessToken(tokens.access_token)?.grant.scopes).toEqual([
      `urn:nhsd:apim:user-nhs-id:${aal}:e-referrals-service-api`,
      `urn:nhsd:apim:user-nhs-cis2:${aal}:personal-demographics-service`,
      ...(aal === 'aal3' ? ['urn:nhsd:apim:user-nhs-id:aal3:personal-demographics-service'] : []),
    ]);
  });

  it('accepts assurance levels as numbers as well as strings', async () => {
    const response = await h.postToken(
      await h.exchangeForm({
        subject_token: await h.idToken('555032006106', {
          id_assurance_level: 3,
          authentication_assurance_level: 3,
        }),
      }),
    );
    expect(response.status).toBe(200);
    expect(h.standin.accessToken(response.body.access_token!)?.grant).toMatchObject({
      sub: '555032006106',
      idAssuranceLevel: 3,
      authenticationAssuranceLevel: 3,
    });
  });

  it('gives an AAL1 login a token without the e-RS scope when the app has an AAL1 product', async () => {
    const aal1 = await startHarness({
      app: {
        scopes: [
          'urn:nhsd:apim:user-nhs-id:aal3:e-referrals-service-api',
          'urn:nhsd:apim:user-nhs-id:aal1:some-other-api',
        ],
      },
    });
    try {
      const response = await aal1.postToken(
        await aal1.exchangeForm({ subject_token: await aal1.idToken('656005750110') }),
      );
      expect(response.status).toBe(200);
      const ers = await aal1.ers('GET', '/STU3/ReferralRequest/000000070000', {
        token: response.body.access_token,
        ods: 'RCD',
        businessFunction: 'REFERRING_CLINICIAN',
      });
      expect(ers.status).toBe(401);
      expect(ers.json).toMatchObject({
        issue: [
          {
            code: 'login',
            diagnostics:
              'The authentication method utilised is not currently supported. Contact your local Registration Authority or IT department for help.',
          },
        ],
      });
    } finally {
      await aal1.close();
    }
  });
});

describe('APIM refresh', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const refresh = (refreshToken: string | undefined, overrides: Form = {}) =>
    h.postToken({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: API_KEY,
      client_secret: API_SECRET,
      ...overrides,
    });

  it('rotates both tokens on every use and counts the refreshes', async () => {
    const first = await h.tokensFor('555032006106');
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({
      access_token: expect.any(String),
      expires_in: '599',
      token_type: 'Bearer',
      refresh_token: expect.any(String),
      refresh_token_expires_in: expect.stringMatching(/^\d+$/),
      refresh_count: '1',
    });
    expect(second.body.access_token).not.toBe(first.access_token);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    const third = await refresh(second.body.refresh_token);
    expect(third.body.refresh_count).toBe('2');
  });

  it('refuses a refresh token used before (single use)', async () => {
    const first = await h.tokensFor('555032006106');
    expect((await refresh(first.refresh_token)).status).toBe(200);
    expectRefusal(await refresh(first.refresh_token), byDescription('refresh_token is invalid'));
  });

  it('refuses an unknown refresh token, and an access token in its place', async () => {
    expectRefusal(await refresh('not-a-refresh-token'), byDescription('refresh_token is invalid'));
    const tokens = await h.tokensFor('555032006106');
    expectRefusal(await refresh(tokens.access_token), byDescription('refresh_token is invalid'));
  });

  it('keeps the original identity: the refreshed access token works at e-RS as the same user', async () => {
    const first = await h.tokensFor('555031999105');
    const refreshed = await refresh(first.refresh_token);
    expect(h.standin.accessToken(refreshed.body.access_token!)?.grant).toMatchObject({
      sub: '555031999105',
      idAssuranceLevel: 2,
      scopes: expect.arrayContaining(['urn:nhsd:apim:user-nhs-id:aal3:e-referrals-service-api']),
    });
    // IAL2 is refused by e-RS whichever token carries it.
    const ers = await h.ers('GET', '/STU3/ReferralRequest/000000070000', {
      token: refreshed.body.access_token,
      ods: 'D82106',
      businessFunction: 'REFERRING_CLINICIAN',
    });
    expect(ers.status).toBe(401);
  });

  it.each<[string, Form, string]>([
    ['client_id missing', { client_id: undefined }, 'client_id or client_secret is invalid'],
    [
      'client_id of another app',
      { client_id: 'another-key' },
      'client_id or client_secret is invalid',
    ],
    ['client_secret missing', { client_secret: undefined }, 'client_secret is missing'],
    ['client_secret wrong', { client_secret: 'guess' }, 'client_id or client_secret is invalid'],
    ['refresh_token missing', { refresh_token: undefined }, 'refresh_token is missing'],
  ])('refuses a refresh with %s', async (_name, overrides, description) => {
    const tokens = await h.tokensFor('555032006106');
    expectRefusal(await refresh(tokens.refresh_token, overrides), byDescription(description));
  });

  it('ends the refresh window 12 h after the exchange, however often it was refreshed', async () => {
    const window = await startHarness();
    try {
      const refreshWith = (token: string) =>
        window.postToken({
          grant_type: 'refresh_token',
          refresh_token: token,
          client_id: API_KEY,
          client_secret: API_SECRET,
        });
      const first = await window.tokensFor('555032006106');
      window.clock.advance(6 * 3600 * 1000);
      const halfway = await refreshWith(first.refresh_token);
      expect(halfway.status).toBe(200);
      expect(Number(halfway.body.refresh_token_expires_in)).toBeLessThanOrEqual(43199 - 6 * 3600);
      window.clock.advance(43_199_000 - 6 * 3600 * 1000 - 5_000);
      const late = await refreshWith(halfway.body.refresh_token!);
      expect(late.status).toBe(200);
      expect(Number(late.body.refresh_token_expires_in)).toBeLessThanOrEqual(5);
      window.clock.advance(6_000);
      expectRefusal(
        await refreshWith(late.body.refresh_token!),
        byDescription('refresh period has expired'),
      );
    } finally {
      await window.close();
    }
  });
});

describe('APIM access tokens at e-RS', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const get = (token: string) =>
    h.ers('GET', '/STU3/ReferralRequest/000000070000', {
      token,
      ods: 'RCD',
      businessFunction: 'SERVICE_PROVIDER_CLINICIAN',
    });

  it('live 599 s', async () => {
    const { access_token: token } = await h.tokensFor('555032006106');
    h.clock.advance(598_000);
    expect((await get(token)).status).toBe(200);
    h.clock.advance(1_000);
    const expired = await get(token);
    expect(expired.status).toBe(401);
    expect(expired.json).toMatchObject({ issue: [{ diagnostics: 'Access Token expired' }] });
  });

  it('are refused when made up', async () => {
    expect((await get(randomUUID())).status).toBe(401);
  });
});

describe('the catalogue', () => {
  it('every token-exchange and refresh error was produced above', () => {
    const missing = CATALOGUE.map(key).filter((entry) => !seen.has(entry));
    expect(missing).toEqual([]);
  });
});
