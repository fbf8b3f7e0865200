/**
 * Session behaviour over HTTP against the CIS2 stand-in, on both stores: back-channel logout
 * (valid and every invalid variant), the one-session-per-user policy, and two BFF instances
 * sharing one Redis.
 */
import { randomBytes } from 'node:crypto';
import { importJWK, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Browser,
  redisForTests,
  serveBff,
  signIn,
  startLocalEnvironment,
  type LocalEnvironment,
  type ServedBff,
} from './support/harness';

const CSRF = { 'X-CSRF': '1' };
const SPC = '555032006106';
const EVENT = 'http://schemas.openid.net/event/backchannel-logout';
const redis = redisForTests();

beforeAll(() => redis.start());
afterAll(() => redis.stop());

type StoreCase = { name: string; env: () => Record<string, string> };
const stores: StoreCase[] = [
  { name: 'memory', env: () => ({}) },
  {
    name: 'redis',
    env: () => ({
      REDIS_URL: redis.url(),
      SESSION_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
      REDIS_KEY_PREFIX: `test-${randomBytes(4).toString('hex')}:`,
    }),
  },
];

async function userStatus(browser: Browser, origin: string) {
  const response = await browser.request(`${origin}/bff/user`, { headers: CSRF });
  return {
    status: response.status,
    code: response.status === 200 ? null : JSON.parse(response.body).code,
  };
}

async function postLogoutToken(origin: string, token: string) {
  return fetch(`${origin}/bff/backchannel-logout`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ logout_token: token }),
  });
}

/** Signs a token with the CIS2 stand-in's own key, as CIS2 would. */
async function cis2Signed(
  env: LocalEnvironment,
  claims: JWTPayload,
  header: Record<string, string> = {},
) {
  const jwk = env.cis2.signingJwk;
  const key = await importJWK(jwk, 'RS256');
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: String(jwk.kid), typ: 'logout+jwt', ...header })
    .sign(key);
}

function logoutClaims(env: LocalEnvironment, extra: JWTPayload = {}): JWTPayload {
  return {
    iss: env.config.CIS2_ISSUER,
    aud: env.config.CIS2_CLIENT_ID,
    iat: Math.floor(Date.now() / 1000),
    jti: randomBytes(8).toString('hex'),
    sub: SPC,
    events: { [EVENT]: {} },
    ...extra,
  };
}

describe.each(stores)('sessions on the $name store', ({ env: storeEnv }) => {
  let env: LocalEnvironment;
  beforeAll(async () => {
    env = await startLocalEnvironment({ logLevel: 'silent', env: storeEnv() });
  });
  afterAll(async () => {
    await env?.close();
  });

  it('a back-channel logout from CIS2 (by sid) ends exactly that session', async () => {
    const first = new Browser();
    const second = new Browser();
    await signIn(first, env.origin, SPC);
    const firstSid = env.cis2.lastSidFor(SPC);
    await signIn(second, env.origin, SPC);
    expect(env.cis2.lastSidFor(SPC)).not.toBe(firstSid);

    // The stand-in signs and posts the logout token itself, as CIS2 does.
    await env.cis2.sendBackchannelLogout(SPC, firstSid!);

    expect(await userStatus(first, env.origin)).toEqual({
      status: 401,
      code: 'signed_out_elsewhere',
    });
    expect((await userStatus(second, env.origin)).status).toBe(200);
  });

  it('a logout token with only sub ends every session of that user, and answers 200 no-store', async () => {
    const first = new Browser();
    const second = new Browser();
    await signIn(first, env.origin, SPC);
    await signIn(second, env.origin, SPC);
    const response = await postLogoutToken(env.origin, await cis2Signed(env, logoutClaims(env)));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect((await userStatus(first, env.origin)).code).toBe('signed_out_elsewhere');
    expect((await userStatus(second, env.origin)).code).toBe('signed_out_elsewhere');
  });

  describe('invalid logout tokens: 400 and no session ended', () => {
    const variants: Array<[string, (env: LocalEnvironment) => Promise<string>]> = [
      ['another issuer', (e) => cis2Signed(e, logoutClaims(e, { iss: 'https://evil.example' }))],
      [
        'the issuer with its port stripped',
        (e) => cis2Signed(e, logoutClaims(e, { iss: e.config.CIS2_ISSUER.replace(/:\d+\//, '/') })),
      ],
      ['another audience', (e) => cis2Signed(e, logoutClaims(e, { aud: 'someone-else' }))],
      ['no events', (e) => cis2Signed(e, logoutClaims(e, { events: undefined }))],
      ['a nonce', (e) => cis2Signed(e, logoutClaims(e, { nonce: 'x' }))],
      ['neither sid nor sub', (e) => cis2Signed(e, logoutClaims(e, { sub: undefined }))],
      [
        'a stale iat',
        (e) => cis2Signed(e, logoutClaims(e, { iat: Math.floor(Date.now() / 1000) - 600 })),
      ],
      ['an unknown kid', (e) => cis2Signed(e, logoutClaims(e), { kid: 'unknown' })],
      ['a typ for another kind of JWT', (e) => cis2Signed(e, logoutClaims(e), { typ: 'at+jwt' })],
      [
        'alg none',
        async (e) => {
          const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
          return `${b64({ alg: 'none', typ: 'logout+jwt' })}.${b64(logoutClaims(e))}.`;
        },
      ],
      ['garbage', async () => 'not-a-jwt'],
      ['nothing at all', async () => ''],
    ];

    it.each(variants)('%s', async (_name, makeToken) => {
      const browser = new Browser();
      await signIn(browser, env.origin, SPC);
      const response = await postLogoutToken(env.origin, await makeToken(env));
      expect(response.status).toBe(400);
      expect((await userStatus(browser, env.origin)).status).toBe(200);
    });

    it('a replayed token (same jti)', async () => {
      const token = await cis2Signed(env, logoutClaims(env, { sub: 'someone-else' }));
      expect((await postLogoutToken(env.origin, token)).status).toBe(200);
      const browser = new Browser();
      await signIn(browser, env.origin, SPC);
      const replay = await cis2Signed(env, logoutClaims(env, { jti: 'fixed-jti' }));
      expect((await postLogoutToken(env.origin, replay)).status).toBe(200);
      await signIn(browser, env.origin, SPC);
      expect((await postLogoutToken(env.origin, replay)).status).toBe(400);
      expect((await userStatus(browser, env.origin)).status).toBe(200);
    });
  });
});

describe.each(stores)('the one-session-per-user policy on the $name store', ({ env: storeEnv }) => {
  let env: LocalEnvironment;
  beforeAll(async () => {
    env = await startLocalEnvironment({
      logLevel: 'silent',
      env: { ...storeEnv(), SESSION_CONCURRENCY: 'single' },
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it('parks a second sign-in, and "start a new session here" ends the first', async () => {
    const first = new Browser();
    const second = new Browser();
    await signIn(first, env.origin, SPC);
    const landed = await signIn(second, env.origin, SPC, { returnTo: '/referrals/000000070000' });
    expect(landed.url).toBe(`${env.origin}/session-conflict?returnTo=%2Freferrals%2F000000070000`);
    expect((await userStatus(second, env.origin)).status).toBe(401);
    expect((await userStatus(first, env.origin)).status).toBe(200);

    const withoutHeader = await second.request(`${env.origin}/bff/session/takeover`, {
      method: 'POST',
    });
    expect(withoutHeader.status).toBe(403);
    expect((await userStatus(first, env.origin)).status).toBe(200);

    const takeover = await second.request(`${env.origin}/bff/session/takeover`, {
      method: 'POST',
      headers: CSRF,
    });
    expect(takeover.status).toBe(200);
    expect(JSON.parse(takeover.body)).toEqual({ redirectTo: '/referrals/000000070000' });
    expect((await userStatus(second, env.origin)).status).toBe(200);
    expect(await userStatus(first, env.origin)).toEqual({ status: 401, code: 'session_replaced' });

    const again = await second.request(`${env.origin}/bff/session/takeover`, {
      method: 'POST',
      headers: CSRF,
    });
    expect(again.status).toBe(401);
  });

  it('lets a different user sign in alongside', async () => {
    const first = new Browser();
    const other = new Browser();
    // Users the test above did not sign in.
    await signIn(first, env.origin, '555031998104');
    const landed = await signIn(other, env.origin, '656005750109');
    expect(landed.url).toBe(`${env.origin}/referrals/find`);
    expect((await userStatus(first, env.origin)).status).toBe(200);
  });
});

describe('two BFF instances sharing one Redis', () => {
  let env: LocalEnvironment;
  let second: ServedBff;
  let secondOrigin: string;

  beforeAll(async () => {
    env = await startLocalEnvironment({
      logLevel: 'silent',
      env: {
        REDIS_URL: redis.url(),
        SESSION_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
      },
    });
    second = await serveBff(env.config);
    secondOrigin = second.origin;
  });
  afterAll(async () => {
    await second?.close();
    await env?.close();
  });

  it('a valid logout token posted to one instance ends the sessions on both', async () => {
    const browser = new Browser();
    await signIn(browser, env.origin, SPC);
    // The same session is live on both instances.
    expect((await userStatus(browser, env.origin)).status).toBe(200);
    expect((await userStatus(browser, secondOrigin)).status).toBe(200);

    const response = await postLogoutToken(secondOrigin, await cis2Signed(env, logoutClaims(env)));
    expect(response.status).toBe(200);
    expect((await userStatus(browser, env.origin)).code).toBe('signed_out_elsewhere');
    expect((await userStatus(browser, secondOrigin)).status).toBe(401);
  });

  it('a replayed logout token is refused by the other instance too', async () => {
    const token = await cis2Signed(env, logoutClaims(env, { sub: 'nobody' }));
    expect((await postLogoutToken(env.origin, token)).status).toBe(200);
    expect((await postLogoutToken(secondOrigin, token)).status).toBe(400);
  });
});
