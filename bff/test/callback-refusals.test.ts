/**
 * Every check the BFF makes on the way back from CIS2, against the forged CIS2
 * (support/forged-cis2.ts): an ID token, userinfo or redirect the CIS2 stand-in would never
 * send. Each refusal test changes one thing from the baseline round trip, which is shown to
 * succeed first, and then asserts the whole refusal contract: the sign-in problem page with the
 * BFF's reason, no session cookie, nothing written to the session store, the ID token never sent
 * to APIM, `/bff/user` still 401, and a logged cause that names the check (so a test cannot pass
 * because something else broke first). A good sign-in through the stand-in is sign-in.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  CIS2_INT_ISSUER,
  FORGED_RETURN_TO,
  LOGIN_COOKIE,
  expectRefused,
  expectSignedIn,
  roundTripWith,
  sessionCookieSet,
  startBffWithForgedCis2,
  type AuthorizationResponse,
  type ForgedCis2Script,
  type IdTokenSigning,
} from './support/harness';

const ISSUER_WITHOUT_PORT = CIS2_INT_ISSUER.replace(':443', '');
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('baseline: the forged CIS2, unchanged, signs in', () => {
  it('lands on the stored returnTo with a session written and the ID token exchanged at APIM', async () => {
    const bff = await startBffWithForgedCis2();
    const result = await roundTripWith(bff);
    expect(result.response.status).toBe(302);
    await expectSignedIn(bff, result);

    // What the refusal contract says must not happen happens here, so its checks can fail: the
    // session was written, and the CIS2 ID token (not its access token) went to APIM.
    expect(result.storeWrites.length).toBeGreaterThan(0);
    const [exchange, ...more] = bff.forged.apimRequests();
    expect(more).toEqual([]);
    expect(exchange?.body.get('subject_token')).toBe(bff.forged.issuedIdTokens[0]);
    expect(exchange?.body.get('subject_token_type')).toBe(
      'urn:ietf:params:oauth:token-type:id_token',
    );
  });

  it('accepts auth_time 250 s ago (inside max_age 300 s)', async () => {
    const bff = await startBffWithForgedCis2();
    const result = await roundTripWith(bff, { idTokenClaims: { auth_time: nowSeconds() - 250 } });
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
    name: 'an ID token without id_assurance_level',
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
    const result = await roundTripWith(bff, script, response);
    await expectRefused(bff, result.browser, result, reason ?? 'invalid_callback', because);
    expect(bff.forged.unexpected).toEqual([]);
  });

  it('refuses a replayed callback (same code, state and login cookie), without calling CIS2 again', async () => {
    const bff = await startBffWithForgedCis2();
    const victim = bff.browser();
    const login = await bff.login(victim, `?returnTo=${encodeURIComponent(FORGED_RETURN_TO)}`);
    const loginCookie = victim.cookie(LOGIN_COOKIE);
    expect(loginCookie).toBeTruthy();
    const callbackUrl = bff.forged.authorize(login.location);
    const first = await bff.callback(victim, callbackUrl);
    expect(first.location).toBe(FORGED_RETURN_TO);
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
