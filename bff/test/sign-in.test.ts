/**
 * Sign-in against the CIS2 stand-in, a real OpenID Provider (standins/cis2): what the BFF asks
 * CIS2 for, how it redeems the code and authenticates itself, and what a good sign-in leaves in
 * the browser. What the stand-in cannot be made to get wrong is tested against the forged CIS2
 * (callback-refusals.test.ts, cis2-int-quirks.test.ts).
 */
import { createHash } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPersona } from '../standins/personas';
import {
  Browser,
  LOGIN_COOKIE,
  SESSION_COOKIE,
  sessionCookieSet,
  setCookies,
  signIn,
  startLocalEnvironment,
  type LocalEnvironment,
} from './support/harness';

const SPC = '555032006106';
const RETURN_TO = '/referrals/000000070000';
const S256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

let env: LocalEnvironment;
beforeAll(async () => {
  env = await startLocalEnvironment({ logLevel: 'silent' });
});
afterAll(async () => {
  await env?.close();
});

/**
 * Signs the SPC persona in through the stand-in's pages, delivering the callback separately:
 * returns the authorization request the BFF redirected to, the callback URL CIS2 redirected back
 * to, and the BFF's answer to it.
 */
async function signInWithCallback(browser: Browser) {
  const pending = await signIn(browser, env.origin, SPC, {
    returnTo: RETURN_TO,
    stopBeforeCallback: true,
  });
  const login = browser.seen.find((seen) => seen.url.startsWith(`${env.origin}/bff/login`));
  const authorization = new URL(login?.headers.get('location') ?? '');
  const callbackUrl = new URL(pending.next ?? '');
  const callback = await browser.request(callbackUrl.toString());
  return { authorization, callbackUrl, callback };
}

/** What the stand-in was sent when the BFF redeemed this code. */
function tokenRequestFor(callbackUrl: URL) {
  const code = callbackUrl.searchParams.get('code');
  const request = env.cis2.grantedTokenRequests.find((params) => params.get('code') === code);
  expect(request, 'the stand-in granted a token request for this code').toBeDefined();
  return request!;
}

describe('a good sign-in', () => {
  it('lands on the stored returnTo with a session, and /bff/user answers 200', async () => {
    const browser = new Browser();
    const { callback } = await signInWithCallback(browser);

    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe(RETURN_TO);
    expect(sessionCookieSet(callback.headers)).toBe(true);
    const session = setCookies(callback.headers).find((c) => c.name === SESSION_COOKIE);
    expect(session?.line).toMatch(/HttpOnly/i);
    expect(session?.line).toMatch(/Secure/i);
    // The login transaction cookie was cleared.
    expect(browser.cookie(LOGIN_COOKIE)).toBeUndefined();

    const user = await browser.user(env.origin);
    expect(user.status).toBe(200);
    expect(JSON.parse(user.body)).toMatchObject({
      user: {
        uid: SPC,
        name: 'Dr Priya Shah',
        role: { id: findPersona(SPC)?.roles[0]?.personRoleId, name: 'Consultant' },
        organisation: { odsCode: 'RCD', name: 'HARROGATE AND DISTRICT NHS FOUNDATION TRUST' },
        // Not derived from the CIS2 role: set from e-RS A030's pairs at the first e-RS request.
        actingAs: null,
      },
    });
  });

  it('exchanges the CIS2 ID token, not the CIS2 access token, at APIM, and shows the browser neither', async () => {
    const before = new Set(env.apimErs.receivedSubjectTokens);
    const browser = new Browser();
    const { authorization, callback } = await signInWithCallback(browser);
    expect(callback.headers.get('location')).toBe(RETURN_TO);

    // APIM's stand-in takes only subject_token_type id_token, so the exchange succeeding says
    // the type was right; the token itself is this sign-in's ID token (its nonce).
    const sent = [...env.apimErs.receivedSubjectTokens].filter((token) => !before.has(token));
    expect(sent).toHaveLength(1);
    expect(decodeJwt(sent[0]!)).toMatchObject({
      iss: env.config.CIS2_ISSUER,
      aud: env.config.CIS2_CLIENT_ID,
      sub: SPC,
      nonce: authorization.searchParams.get('nonce'),
    });
    expect(env.cis2.issuedTokens.has(sent[0]!)).toBe(false);

    await browser.user(env.origin);
    const tokens = env.tokens();
    for (const seen of browser.seen.filter((each) => each.url.startsWith(env.origin))) {
      const visible = `${[...seen.headers].join('\n')}\n${seen.body}`;
      for (const token of tokens) expect(visible).not.toContain(token);
    }
  });

  it('accepts the RFC 9207 iss parameter CIS2 sends, exactly the configured issuer', async () => {
    const { callbackUrl, callback } = await signInWithCallback(new Browser());
    expect(callbackUrl.searchParams.get('iss')).toBe(env.config.CIS2_ISSUER);
    expect(callback.headers.get('location')).toBe(RETURN_TO);
  });
});

describe('the authorization request the BFF sends to CIS2', () => {
  it('asks for a code with the CIS2 scopes, prompt=login, max_age=300, the configured acr_values and PKCE S256', async () => {
    const { authorization: sent, callbackUrl } = await signInWithCallback(new Browser());

    expect(`${sent.origin}${sent.pathname}`).toBe(`${env.cis2.issuer}/authorize`);
    const params = sent.searchParams;
    expect(params.get('response_type')).toBe('code');
    expect(params.get('client_id')).toBe(env.config.CIS2_CLIENT_ID);
    expect(params.get('redirect_uri')).toBe(`${env.origin}/bff/callback`);
    expect(params.get('scope')).toBe(
      'openid profile email nhsperson associatedorgs nationalrbacaccess selectedrole',
    );
    expect(params.get('prompt')).toBe('login');
    expect(params.get('max_age')).toBe('300');
    expect(params.get('acr_values')).toBe('AAL2_OR_AAL3_ANY');
    expect(params.get('code_challenge_method')).toBe('S256');

    // The verifier redeemed at the token endpoint is the one behind this challenge.
    const token = tokenRequestFor(callbackUrl);
    const verifier = token.get('code_verifier');
    expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
    expect(S256(verifier!)).toBe(params.get('code_challenge'));
    expect(token.get('redirect_uri')).toBe(`${env.origin}/bff/callback`);
  });

  it('uses a fresh state, nonce and PKCE verifier for every sign-in', async () => {
    const params = [];
    for (let i = 0; i < 3; i += 1) {
      const login = await new Browser().request(`${env.origin}/bff/login`);
      params.push(new URL(login.headers.get('location') ?? '').searchParams);
    }
    for (const name of ['state', 'nonce', 'code_challenge']) {
      const values = params.map((p) => p.get(name) ?? '');
      expect(new Set(values).size, name).toBe(3);
      // At least 128 bits each, base64url.
      for (const value of values) expect(value, name).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    }
  });

  describe('with CIS2_ACR_VALUES=AAL3_ANY', () => {
    let aal3: LocalEnvironment;
    beforeAll(async () => {
      aal3 = await startLocalEnvironment({
        logLevel: 'silent',
        env: { CIS2_ACR_VALUES: 'AAL3_ANY' },
      });
    });
    afterAll(async () => {
      await aal3?.close();
    });

    it('sends acr_values from configuration', async () => {
      const login = await new Browser().request(`${aal3.origin}/bff/login`);
      const location = new URL(login.headers.get('location') ?? '');
      expect(location.searchParams.get('acr_values')).toBe('AAL3_ANY');
    });
  });
});

describe('client authentication at the CIS2 token endpoint', () => {
  it('uses private_key_jwt: RS512, typ JWT, our kid, aud = the token endpoint, iss = sub = client id', async () => {
    const { callbackUrl } = await signInWithCallback(new Browser());
    const token = tokenRequestFor(callbackUrl);

    expect(token.get('grant_type')).toBe('authorization_code');
    expect(token.get('client_assertion_type')).toBe(
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    );
    expect(token.has('client_secret')).toBe(false);
    // No Authorization header either: oidc-provider refuses a token request that authenticates
    // the client by more than one mechanism, so the grant shows none was sent.

    const assertion = token.get('client_assertion')!;
    expect(decodeProtectedHeader(assertion)).toMatchObject({
      alg: 'RS512',
      typ: 'JWT',
      kid: env.config.SIGNING_KEY_ID,
    });
    const published = (await (await fetch(`${env.origin}/.well-known/jwks.json`)).json()) as {
      keys: JWK[];
    };
    const { payload } = await jwtVerify(assertion, createLocalJWKSet(published), {
      algorithms: ['RS512'],
    });
    // Exactly the token endpoint as discovery names it.
    expect(payload.aud).toBe(`${env.cis2.issuer}/access_token`);
    expect(payload.iss).toBe(env.config.CIS2_CLIENT_ID);
    expect(payload.sub).toBe(env.config.CIS2_CLIENT_ID);
    expect(payload.jti).toEqual(expect.any(String));
    expect(payload.exp! - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(300);
  });
});

describe('client authentication with CIS2_CLIENT_AUTH=client_secret_post', () => {
  let withSecret: LocalEnvironment;
  beforeAll(async () => {
    withSecret = await startLocalEnvironment({
      logLevel: 'silent',
      env: { CIS2_CLIENT_AUTH: 'client_secret_post', CIS2_CLIENT_SECRET: 'cis2-test-secret' },
    });
  });
  afterAll(async () => {
    await withSecret?.close();
  });

  it('sends client_secret in the body', async () => {
    const browser = new Browser();
    const landed = await signIn(browser, withSecret.origin, SPC);
    expect(browser.cookie(SESSION_COOKIE), `${landed.status} at ${landed.url}`).toBeDefined();

    const [token] = withSecret.cis2.grantedTokenRequests;
    expect(token?.get('client_id')).toBe(withSecret.config.CIS2_CLIENT_ID);
    expect(token?.get('client_secret')).toBe('cis2-test-secret');
    expect(token?.has('client_assertion')).toBe(false);
    expect(token?.has('client_assertion_type')).toBe(false);
    // No Authorization header: the stand-in refuses a second authentication mechanism.
  });
});

describe('CIS2 registered for PS512 (CIS2_SIGNING_ALG), APIM on RS512', () => {
  let ps512: LocalEnvironment;
  beforeAll(async () => {
    ps512 = await startLocalEnvironment({
      logLevel: 'silent',
      env: { CIS2_SIGNING_ALG: 'PS512' },
    });
  });
  afterAll(async () => {
    await ps512?.close();
  });

  it('signs CIS2 assertions with PS512 and APIM assertions with RS512, one key for both', async () => {
    const browser = new Browser();
    const landed = await signIn(browser, ps512.origin, SPC);
    // The session exists only once APIM, which accepts RS512 alone, has exchanged the ID token.
    expect(browser.cookie(SESSION_COOKIE), `${landed.status} at ${landed.url}`).toBeDefined();

    const [token] = ps512.cis2.grantedTokenRequests;
    expect(decodeProtectedHeader(token?.get('client_assertion') ?? '')).toMatchObject({
      alg: 'PS512',
      kid: ps512.config.SIGNING_KEY_ID,
    });
    const published = (await (await fetch(`${ps512.origin}/.well-known/jwks.json`)).json()) as {
      keys: JWK[];
    };
    expect(published.keys).toHaveLength(1);
    expect(published.keys[0]).not.toHaveProperty('alg');
  });
});
