/**
 * Every check the BFF makes on the way back from CIS2, against a forged CIS2 that can tamper with
 * each part of the answer (test/support/forged-cis2.ts). Each refusal test changes one thing from
 * the baseline sign-in, which is shown to succeed first, and then asserts the whole refusal
 * contract: the sign-in problem page with the BFF's reason, no session cookie, nothing written to
 * the session store, the ID token never sent to APIM, `/bff/user` still 401, and a logged cause
 * that names the check (so a test cannot pass because something else broke first).
 */
import { createHash, createPublicKey } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  BFF_PUBLIC_KEY_PEM,
  CALLBACK_URL,
  CIS2_CLIENT_ID,
  CIS2_INT_ISSUER,
  FORGED_USER,
  LOGIN_COOKIE,
  SESSION_COOKIE,
  SIGNING_KEY_ID,
  createForgedCis2,
  sessionCookieSet,
  setCookies,
  startBffWithForgedCis2,
  type AuthorizationResponse,
  type Browser,
  type Callback,
  type ForgedCis2Bff,
  type ForgedCis2Script,
  type IdTokenSigning,
} from './support/harness';

const ISSUER_WITHOUT_PORT = CIS2_INT_ISSUER.replace(':443', '');
const RETURN_TO = '/referrals/000000070000';
const SIGN_IN_PROBLEM = '/sign-in-problem';
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The good sign-in, with optional changes to what CIS2 answers. */
async function signInWith(
  bff: ForgedCis2Bff,
  script: Partial<ForgedCis2Script> = {},
  response: AuthorizationResponse = {},
) {
  Object.assign(bff.forged.script, script);
  const browser = bff.browser();
  const result = await bff.roundTrip(browser, {
    query: `?returnTo=${encodeURIComponent(RETURN_TO)}`,
    response,
  });
  return { browser, ...result };
}

async function expectSignedIn(bff: ForgedCis2Bff, result: Awaited<ReturnType<typeof signInWith>>) {
  expect(result.location, JSON.stringify(result.logs)).toBe(RETURN_TO);
  expect(sessionCookieSet(result.response.headers)).toBe(true);
  const user = await result.browser.user();
  expect(user.status).toBe(200);
  expect(bff.forged.unexpected).toEqual([]);
  return user;
}

/**
 * The refusal contract: the callback redirects to the sign-in problem page with `reason`, sends
 * no session cookie, writes nothing to the store, never hands the ID token to APIM, and the
 * browser is not signed in afterwards. `because` is matched against what the BFF logged for the
 * refusal, so a test cannot pass because something else broke first.
 */
async function expectRefused(
  bff: ForgedCis2Bff,
  browser: Browser,
  callback: Callback,
  reason: string,
  because?: RegExp,
) {
  expect(callback.response.status).toBe(302);
  expect(callback.location).toBe(`${SIGN_IN_PROBLEM}?reason=${reason}`);
  expect(sessionCookieSet(callback.response.headers)).toBe(false);
  expect(callback.storeWrites).toEqual([]);
  expect(bff.forged.apimRequests()).toHaveLength(0);
  expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
  expect((await browser.user()).status).toBe(401);
  if (because) {
    const warnings = callback.logs.filter((line) => Number(line.level) >= 40);
    expect(JSON.stringify(warnings)).toMatch(because);
  }
}

describe('baseline: a good sign-in', () => {
  it('lands on the stored returnTo with a session, and /bff/user answers 200', async () => {
    const bff = await startBffWithForgedCis2();
    const result = await signInWith(bff);

    expect(result.response.status).toBe(302);
    const user = await expectSignedIn(bff, result);
    expect(JSON.parse(user.body)).toMatchObject({
      user: {
        uid: FORGED_USER.sub,
        name: 'Priya Shah',
        role: { id: FORGED_USER.roleId, name: 'Consultant' },
        organisation: { odsCode: 'RCD', name: FORGED_USER.orgName },
        actingAs: { odsCode: 'RCD', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' },
      },
    });

    // The session really was written (so the "no writes" check in the refusals can fail), and
    // the login transaction cookie was cleared.
    expect(result.storeWrites.length).toBeGreaterThan(0);
    const session = setCookies(result.response.headers).find((c) => c.name === SESSION_COOKIE);
    expect(session?.line).toMatch(/HttpOnly/i);
    expect(session?.line).toMatch(/Secure/i);
    expect(result.browser.cookie(LOGIN_COOKIE) !== undefined).toBe(false);

    // The CIS2 ID token, not the CIS2 access token, is what goes to APIM (PITFALLS 3).
    const [exchange, ...more] = bff.forged.apimRequests();
    expect(more).toEqual([]);
    expect(exchange?.body.get('subject_token')).toBe(bff.forged.issuedIdTokens[0]);
    expect(exchange?.body.get('subject_token_type')).toBe(
      'urn:ietf:params:oauth:token-type:id_token',
    );

    // No token ever reaches the browser.
    const visible = `${[...result.response.headers].join('\n')}\n${result.response.body}`;
    for (const token of bff.forged.issuedTokens) expect(visible).not.toContain(token);
  });

  it('accepts an RFC 9207 iss parameter that is exactly the configured issuer', async () => {
    const bff = await startBffWithForgedCis2();
    await expectSignedIn(bff, await signInWith(bff, {}, { iss: CIS2_INT_ISSUER }));
  });

  it('accepts auth_time 250 s ago (inside max_age 300 s)', async () => {
    const bff = await startBffWithForgedCis2();
    const result = await signInWith(bff, { idTokenClaims: { auth_time: nowSeconds() - 250 } });
    await expectSignedIn(bff, result);
  });
});

type Tamper = {
  name: string;
  script?: Partial<ForgedCis2Script>;
  response?: AuthorizationResponse;
  reason?: string;
  because: RegExp;
};

const signing = (idTokenSigning: IdTokenSigning): Partial<ForgedCis2Script> => ({ idTokenSigning });

const tampers: Tamper[] = [
  { name: 'a wrong state', response: { state: 'not-the-state-we-sent' }, because: /\\"state\\"/ },
  {
    name: 'a forged RFC 9207 iss parameter',
    response: { iss: 'https://evil.example/openam/oauth2' },
    because: /\\"iss\\" \(issuer\) response parameter/,
  },
  {
    name: 'an RFC 9207 iss parameter with :443 stripped',
    response: { iss: ISSUER_WITHOUT_PORT },
    because: /\\"iss\\" \(issuer\) response parameter/,
  },
  {
    name: 'an ID token whose iss has :443 stripped',
    script: { idTokenClaims: { iss: ISSUER_WITHOUT_PORT } },
    because: /JWT \\"iss\\" \(issuer\) claim value/,
  },
  {
    name: 'an ID token for another client (aud)',
    script: { idTokenClaims: { aud: '999999999999.apps.supplier' } },
    because: /\\"aud\\" \(audience\)/,
  },
  {
    name: 'an ID token with another nonce',
    script: { idTokenClaims: { nonce: 'not-the-nonce-we-sent' } },
    because: /\\"nonce\\" claim value/,
  },
  {
    name: 'an ID token without a nonce',
    script: { idTokenClaims: { nonce: undefined } },
    because: /\\"nonce\\".*missing/,
  },
  {
    name: 'an expired ID token',
    script: {
      idTokenClaims: { iat: nowSeconds() - 400, exp: nowSeconds() - 100 },
    },
    because: /\\"exp\\" \(expiration time\) claim value/,
  },
  {
    name: 'an ID token whose auth_time is older than max_age 300 s',
    script: { idTokenClaims: { auth_time: nowSeconds() - 400 } },
    because: /too much time has elapsed since the last End-User authentication/,
  },
  {
    name: 'an ID token without auth_time',
    script: { idTokenClaims: { auth_time: undefined } },
    because: /\\"auth_time\\".*missing/,
  },
  {
    name: 'an ID token signed under a kid the CIS2 JWKS does not have',
    script: signing('unknown-kid'),
    because: /no applicable keys found/,
  },
  {
    name: 'an ID token with alg none',
    script: signing('alg-none'),
    because: /unexpected JWT \\"alg\\" header parameter/,
  },
  {
    name: 'an ID token HS256-signed with the CIS2 RSA public key as the HMAC secret',
    script: signing('hs256-with-op-public-key'),
    because: /unsupported JWS algorithm/,
  },
  {
    name: 'an ID token validly signed by a different key under the published kid',
    script: signing('other-key-same-kid'),
    because: /JWT signature verification failed/,
  },
  {
    name: 'userinfo for a different sub than the ID token',
    script: { userinfo: { sub: '999999999999' } },
    because: /unexpected \\"response\\" body \\"sub\\" property value/,
  },
  {
    name: 'an ID token without id_assurance_level (PITFALLS 9)',
    script: { idTokenClaims: { id_assurance_level: undefined } },
    because: /id_assurance_level/,
  },
  {
    name: 'an error response from CIS2 (user cancelled)',
    response: { error: 'access_denied' },
    reason: 'access_denied',
    because: /access_denied/,
  },
];

describe('callback refusals: one thing changed, no session', () => {
  it.each(tampers)('refuses $name', async ({ script, response, reason, because }) => {
    const bff = await startBffWithForgedCis2();
    const result = await signInWith(bff, script, response);
    await expectRefused(bff, result.browser, result, reason ?? 'invalid_callback', because);
    expect(bff.forged.unexpected).toEqual([]);
  });

  it('refuses a replayed callback (same code, state and login cookie), without calling CIS2 again', async () => {
    const bff = await startBffWithForgedCis2();
    const victim = bff.browser();
    const login = await bff.login(victim, `?returnTo=${encodeURIComponent(RETURN_TO)}`);
    const loginCookie = victim.cookie(LOGIN_COOKIE);
    expect(loginCookie).toBeTruthy();
    const callbackUrl = bff.forged.authorize(login.location);
    const first = await bff.callback(victim, callbackUrl);
    expect(first.location).toBe(RETURN_TO);
    expect(bff.forged.tokenRequests()).toHaveLength(1);
    const apimCalls = bff.forged.apimRequests().length;

    const attacker = bff.browser();
    attacker.setCookie(LOGIN_COOKIE, loginCookie!);
    const replay = await bff.callback(attacker, callbackUrl);
    expect(replay.location).toBe('/sign-in-problem?reason=invalid_callback');
    expect(sessionCookieSet(replay.response.headers)).toBe(false);
    expect(replay.storeWrites).toEqual([]);
    expect((await attacker.user()).status).toBe(401);
    expect(bff.forged.tokenRequests()).toHaveLength(1);
    expect(bff.forged.apimRequests()).toHaveLength(apimCalls);
  });

  it('refuses a callback without the login cookie, without calling CIS2', async () => {
    const bff = await startBffWithForgedCis2();
    const started = bff.browser();
    const login = await bff.login(started);
    const callbackUrl = bff.forged.authorize(login.location);

    const other = bff.browser();
    const result = await bff.callback(other, callbackUrl);
    await expectRefused(bff, other, result, 'invalid_callback', /no_transaction/);
    expect(bff.forged.tokenRequests()).toHaveLength(0);
  });

  it("refuses one sign-in's code and state delivered with another sign-in's login cookie (login CSRF)", async () => {
    const bff = await startBffWithForgedCis2();
    const attacker = bff.browser();
    const attackerLogin = await bff.login(attacker);
    const attackerCallback = bff.forged.authorize(attackerLogin.location);

    const victim = bff.browser();
    await bff.login(victim);
    const result = await bff.callback(victim, attackerCallback);
    await expectRefused(bff, victim, result, 'invalid_callback', /\\"state\\"/);
    expect(bff.forged.tokenRequests()).toHaveLength(0);
  });

  it("refuses another sign-in's code injected under this sign-in's state (PKCE binds the code)", async () => {
    const bff = await startBffWithForgedCis2();
    const attacker = bff.browser();
    const attackerLogin = await bff.login(attacker);
    const stolenCode = new URL(bff.forged.authorize(attackerLogin.location)).searchParams.get(
      'code',
    );

    const victim = bff.browser();
    const victimLogin = await bff.login(victim);
    const injected = bff.forged.authorize(victimLogin.location, { code: stolenCode! });
    const result = await bff.callback(victim, injected);
    await expectRefused(bff, victim, result, 'invalid_callback', /PKCE verification failed/);
    expect(bff.forged.tokenRequests()).toHaveLength(1);
  });
});

describe('discovery: the issuer is compared as the configured string, :443 included', () => {
  it('refuses to start a sign-in when discovery names the issuer without :443', async () => {
    const forged = await createForgedCis2();
    forged.script.discovery = { issuer: ISSUER_WITHOUT_PORT };
    const bff = await startBffWithForgedCis2({ forged });
    const browser = bff.browser();

    const response = await browser.request('/bff/login');
    // A navigation: the user gets a page saying CIS2 is unavailable, and no sign-in starts.
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/sign-in-problem?reason=cis2_unavailable');
    expect(setCookies(response.headers)).toEqual([]);
    expect(forged.authorizationRequests).toEqual([]);
    expect(bff.logs.map((line) => JSON.stringify(line)).join('\n')).toContain(
      `discovery issuer ${ISSUER_WITHOUT_PORT} is not ${CIS2_INT_ISSUER}`,
    );
    expect((await browser.user()).status).toBe(401);
    const ready = await browser.request('/health/ready');
    expect(JSON.parse(ready.body)).toMatchObject({ cis2: false });
  });

  it('refuses the callback on an instance whose discovery names the issuer without :443', async () => {
    // Two BFF instances sharing the session store (as with Redis): the sign-in starts on a
    // healthy one and the callback lands on one that has just fetched a bad discovery document.
    const good = await startBffWithForgedCis2();
    const browser = good.browser();
    const login = await good.login(browser, `?returnTo=${encodeURIComponent(RETURN_TO)}`);
    const callbackUrl = good.forged.authorize(login.location);

    const badForged = await createForgedCis2();
    badForged.script.discovery = { issuer: ISSUER_WITHOUT_PORT };
    const bad = await startBffWithForgedCis2({ forged: badForged, store: good.store });
    const result = await bad.callback(browser, callbackUrl);
    await expectRefused(bad, browser, result, 'cis2_unavailable', /discovery issuer/);
    expect(badForged.tokenRequests()).toHaveLength(0);
    expect(good.forged.tokenRequests()).toHaveLength(0);
  });
});

describe('assurance levels (CIS2 sends "3" or 3: both are accepted)', () => {
  it.each([
    ['"2"', '2'],
    ['2', 2],
    ['"1"', '1'],
  ])('refuses id_assurance_level %s as low_identity_assurance', async (_label, level) => {
    const bff = await startBffWithForgedCis2();
    const result = await signInWith(bff, { idTokenClaims: { id_assurance_level: level } });
    await expectRefused(bff, result.browser, result, 'low_identity_assurance');
  });

  it.each([
    ['1', 1],
    ['"1"', '1'],
  ])(
    'refuses authentication_assurance_level %s as low_authentication_assurance',
    async (_label, level) => {
      const bff = await startBffWithForgedCis2();
      const result = await signInWith(bff, {
        idTokenClaims: { authentication_assurance_level: level },
      });
      await expectRefused(bff, result.browser, result, 'low_authentication_assurance');
    },
  );

  it.each([
    ['numbers 3 / 3', 3, 3],
    ['strings "3" / "3"', '3', '3'],
    ['number 3 / string "2"', 3, '2'],
    ['string "3" / number 2', '3', 2],
  ])('accepts identity / authentication assurance as %s', async (_label, ial, aal) => {
    const bff = await startBffWithForgedCis2();
    const result = await signInWith(bff, {
      idTokenClaims: { id_assurance_level: ial, authentication_assurance_level: aal },
    });
    await expectSignedIn(bff, result);
  });
});

const S256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

describe('the authorization request the BFF sends to CIS2', () => {
  it('asks for a code with the CIS2 scopes, prompt=login, max_age=300, the configured acr_values and PKCE S256', async () => {
    const bff = await startBffWithForgedCis2();
    await expectSignedIn(bff, await signInWith(bff));
    const [request] = bff.forged.authorizationRequests;
    const params = request!.params;

    // The BFF serialises the endpoint through URL, which drops the default port: harmless for
    // a browser redirect (same origin), unlike the iss and aud comparisons.
    const sentTo = new URL(request!.rawUrl);
    expect(`${sentTo.origin}${sentTo.pathname}`).toBe(
      new URL(`${CIS2_INT_ISSUER}/authorize`).toString(),
    );
    expect(params.get('response_type')).toBe('code');
    expect(params.get('client_id')).toBe(CIS2_CLIENT_ID);
    expect(params.get('redirect_uri')).toBe(CALLBACK_URL);
    expect(params.get('scope')).toBe(
      'openid profile email nhsperson associatedorgs nationalrbacaccess selectedrole',
    );
    expect(params.get('prompt')).toBe('login');
    expect(params.get('max_age')).toBe('300');
    expect(params.get('acr_values')).toBe('AAL2_OR_AAL3_ANY');
    expect(params.get('code_challenge_method')).toBe('S256');

    // The verifier redeemed at the token endpoint is the one behind this challenge.
    const [token] = bff.forged.tokenRequests();
    const verifier = token!.body.get('code_verifier');
    expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
    expect(S256(verifier!)).toBe(params.get('code_challenge'));
    expect(token!.body.get('redirect_uri')).toBe(CALLBACK_URL);
    expect(token!.body.get('code')).toBe(request!.code);
  });

  it('sends acr_values from configuration', async () => {
    const bff = await startBffWithForgedCis2({ config: { CIS2_ACR_VALUES: 'AAL3_ANY' } });
    const login = await bff.login(bff.browser());
    expect(new URL(login.location).searchParams.get('acr_values')).toBe('AAL3_ANY');
  });

  it('uses a fresh state, nonce and PKCE verifier for every sign-in', async () => {
    const bff = await startBffWithForgedCis2();
    const locations = [];
    for (let i = 0; i < 3; i += 1) locations.push((await bff.login(bff.browser())).location);
    const params = locations.map((location) => new URL(location).searchParams);
    for (const name of ['state', 'nonce', 'code_challenge']) {
      const values = params.map((p) => p.get(name) ?? '');
      expect(new Set(values).size, name).toBe(3);
      // At least 128 bits each, base64url.
      for (const value of values) expect(value, name).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    }
  });
});

describe('client authentication at the CIS2 token endpoint', () => {
  it('uses private_key_jwt: RS512, typ JWT, our kid, aud = the token endpoint with :443, iss = sub = client id', async () => {
    const bff = await startBffWithForgedCis2();
    await expectSignedIn(bff, await signInWith(bff));
    const [token] = bff.forged.tokenRequests();
    const body = token!.body;

    expect(body.get('grant_type')).toBe('authorization_code');
    expect(body.get('client_assertion_type')).toBe(
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    );
    expect(body.has('client_secret')).toBe(false);
    expect(token!.headers.get('authorization')).toBeNull();

    const assertion = body.get('client_assertion')!;
    expect(decodeProtectedHeader(assertion)).toMatchObject({
      alg: 'RS512',
      typ: 'JWT',
      kid: SIGNING_KEY_ID,
    });
    const { payload } = await jwtVerify(assertion, createPublicKey(BFF_PUBLIC_KEY_PEM), {
      algorithms: ['RS512'],
    });
    // Exactly the discovery string, `:443` included (PITFALLS 1 and 2).
    expect(payload.aud).toBe(`${CIS2_INT_ISSUER}/access_token`);
    expect(payload.iss).toBe(CIS2_CLIENT_ID);
    expect(payload.sub).toBe(CIS2_CLIENT_ID);
    expect(payload.jti).toEqual(expect.any(String));
    expect(payload.exp! - nowSeconds()).toBeLessThanOrEqual(300);
  });

  it('sends client_secret in the body with CIS2_CLIENT_AUTH=client_secret_post', async () => {
    const bff = await startBffWithForgedCis2({
      config: { CIS2_CLIENT_AUTH: 'client_secret_post', CIS2_CLIENT_SECRET: 'cis2-test-secret' },
    });
    await expectSignedIn(bff, await signInWith(bff));
    const [token] = bff.forged.tokenRequests();
    expect(token!.body.get('client_id')).toBe(CIS2_CLIENT_ID);
    expect(token!.body.get('client_secret')).toBe('cis2-test-secret');
    expect(token!.body.has('client_assertion')).toBe(false);
    expect(token!.body.has('client_assertion_type')).toBe(false);
    expect(token!.headers.get('authorization')).toBeNull();
  });
});
