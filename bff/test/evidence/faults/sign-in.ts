/**
 * CIS2 and APIM failing around sign-in and token renewal: each ends on the sign-in problem page
 * with its reason (or a typed problem), with no session half-made, and a good sign-in afterwards.
 */
import { exportJWK } from 'jose';
import { expect, vi } from 'vitest';
import {
  APIM_INT_TOKEN_URL,
  CIS2_CLIENT_ID,
  CIS2_INT_ISSUER,
  PUBLIC_ORIGIN,
  createForgedCis2,
  fakeAccessTokens,
  roundTripWith,
  sessionCookieSet,
  startBffWithForgedCis2,
  startGateway,
} from '../../support/harness';
import { FORGED_USER, opKeys, signIdToken } from '../../support/forged-cis2-tokens';
import { expectProblem, type FaultRow } from './fault';

const UBRN = '000000070001';
const A005 = `/referrals/FHIR/STU3/ReferralRequest/${UBRN}`;
const PROBLEM = '/sign-in-problem?reason=';

type Interceptor = (request: Request, forward: () => Promise<Response>) => Promise<Response>;

/** A BFF whose CIS2 and APIM are the forged ones, every call to them passing through `intercept`. */
async function bffWith(intercept: Interceptor) {
  const forged = await createForgedCis2();
  const fetch: typeof globalThis.fetch = (input, init) =>
    intercept(new Request(input, init), () => forged.fetch(input, init));
  return startBffWithForgedCis2({ forged: { ...forged, fetch } });
}

// By host: a Request drops the issuer's explicit :443.
const hostOf = (url: string) => new URL(url).host;
const isCis2 = (request: Request) => hostOf(request.url) === hostOf(CIS2_INT_ISSUER);
const isApim = (request: Request) => request.url === new URL(APIM_INT_TOKEN_URL).toString();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A round trip that must end on the problem page with `reason` and leave no session. CIS2 down
 * at the callback is `cis2_unavailable`, not `invalid_callback`: nothing was wrong with the
 * callback, and the user should try again rather than report it.
 */
function refusedSignIn(
  dependency: 'CIS2' | 'APIM',
  fault: string,
  reason: string,
  intercept: Interceptor,
): FaultRow {
  return {
    dependency,
    fault,
    async run() {
      let failing = true;
      const bff = await bffWith((request, forward) =>
        failing ? intercept(request, forward) : forward(),
      );
      try {
        const browser = bff.browser();
        const login = await browser.request('/bff/login');
        let location = login.headers.get('location') ?? '';
        if (location.startsWith('https://') && hostOf(location) === hostOf(CIS2_INT_ISSUER)) {
          const callback = await bff.callback(browser, bff.forged.authorize(location));
          location = callback.location ?? '';
          expect(sessionCookieSet(callback.response.headers)).toBe(false);
          expect(callback.storeWrites.filter((write) => write.key.startsWith('session:'))).toEqual(
            [],
          );
        }
        expect(location).toBe(`${PROBLEM}${reason}`);
        expect((await browser.user()).status).toBe(401);
        // Nothing was lost or left half-made: once the dependency is back, sign-in works.
        failing = false;
        const again = await roundTripWith(bff);
        expect(sessionCookieSet(again.response.headers)).toBe(true);
      } finally {
        await bff.close();
      }
    },
  };
}

const down = async () => {
  throw new TypeError('fetch failed: ECONNREFUSED');
};

/** A logout token for `sid`, signed as `signing` says (see forged-cis2-tokens.ts). */
async function logoutToken(sid: string, signing: 'op-key' | 'unknown-kid') {
  const at = Math.floor(Date.now() / 1000);
  const claims = {
    iss: CIS2_INT_ISSUER,
    aud: CIS2_CLIENT_ID,
    iat: at,
    jti: `jti-${sid}-${at}`,
    sid,
    events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
  };
  return signIdToken(claims, signing, await opKeys());
}

const postLogout = (bff: Awaited<ReturnType<typeof bffWith>>, token: string) =>
  bff.app.request(`${PUBLIC_ORIGIN}/bff/backchannel-logout`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ logout_token: token }).toString(),
  });

/**
 * CIS2 rotates its signing key: the JWKS now publishes only a new key under a new kid. The keys
 * were fetched (for an earlier logout token) more than jose's 30 s cool-down ago, so the unknown
 * kid makes the BFF fetch the JWKS again, and the logout signed with the new key is not lost.
 */
const jwksRotated: FaultRow = {
  dependency: 'CIS2',
  fault: 'JWKS rotated: a logout token under the new key still ends the session',
  async run() {
    const keys = await opKeys();
    const rotated = {
      ...(await exportJWK(keys.other.publicKey)),
      kid: 'kid-not-in-the-cis2-jwks',
      alg: 'RS256',
      use: 'sig',
    };
    let rotatedNow = false;
    const bff = await bffWith((request, forward) =>
      rotatedNow && isCis2(request) && request.url.endsWith('/connect/jwk_uri')
        ? Promise.resolve(Response.json({ keys: [rotated] }))
        : forward(),
    );
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const { browser } = await roundTripWith(bff);
      expect(
        (await postLogout(bff, await logoutToken('some-other-session', 'op-key'))).status,
      ).toBe(200);
      rotatedNow = true;
      vi.setSystemTime(Date.now() + 31_000);
      const response = await postLogout(bff, await logoutToken(FORGED_USER.sid, 'unknown-kid'));
      expect(response.status).toBe(200);
      expect((await browser.user()).status).toBe(401);
    } finally {
      vi.useRealTimers();
      await bff.close();
    }
  },
};

export const SIGN_IN_FAULTS: FaultRow[] = [
  jwksRotated,
  refusedSignIn(
    'CIS2',
    'down at sign-in (discovery refused)',
    'cis2_unavailable',
    (request, forward) => (isCis2(request) ? down() : forward()),
  ),
  refusedSignIn(
    'CIS2',
    'discovery answering an HTML error page with a 200',
    'cis2_unavailable',
    (request, forward) =>
      isCis2(request) && request.url.includes('.well-known')
        ? Promise.resolve(
            new Response('<html>maintenance</html>', { headers: { 'content-type': 'text/html' } }),
          )
        : forward(),
  ),
  refusedSignIn(
    'CIS2',
    'token endpoint 503 at the callback',
    'cis2_unavailable',
    (request, forward) =>
      isCis2(request) && request.url.endsWith('/access_token')
        ? Promise.resolve(new Response('unavailable', { status: 503 }))
        : forward(),
  ),
  refusedSignIn(
    'CIS2',
    'token endpoint refusing the connection at the callback',
    'cis2_unavailable',
    (request, forward) =>
      isCis2(request) && request.url.endsWith('/access_token') ? down() : forward(),
  ),
  refusedSignIn('CIS2', 'userinfo 500 at the callback', 'cis2_unavailable', (request, forward) =>
    isCis2(request) && request.url.endsWith('/userinfo')
      ? Promise.resolve(new Response('error', { status: 500 }))
      : forward(),
  ),
  refusedSignIn(
    'APIM',
    'token exchange refused the connection at sign-in',
    'token_exchange_failed',
    (request, forward) => (isApim(request) ? down() : forward()),
  ),
  refusedSignIn(
    'APIM',
    'token exchange 500 at sign-in',
    'token_exchange_failed',
    (request, forward) =>
      isApim(request)
        ? Promise.resolve(new Response('{"error":"server_error"}', { status: 500 }))
        : forward(),
  ),
  {
    dependency: 'CIS2',
    fault: 'slow: every CIS2 call takes 400 ms',
    async run() {
      const bff = await bffWith(async (request, forward) => {
        if (isCis2(request)) await sleep(400);
        return forward();
      });
      try {
        const result = await roundTripWith(bff);
        expect(sessionCookieSet(result.response.headers)).toBe(true);
        expect((await result.browser.user()).status).toBe(200);
      } finally {
        await bff.close();
      }
    },
  },
  {
    dependency: 'APIM',
    fault: 'invalid_grant on refresh with the ID token spent: sign in again, e-RS asked once',
    async run() {
      const tokens = fakeAccessTokens();
      tokens.setRenewal({ ok: false, reason: 'sign_in_again' });
      const gw = await startGateway({ accessTokens: tokens });
      try {
        gw.upstream.on('GET', A005, {
          status: 401,
          body: { resourceType: 'OperationOutcome', issue: [] },
        });
        await expectProblem(await gw.request(`/api/referrals/${UBRN}`), 401, 'sign_in_again');
        expect(gw.upstream.calls).toHaveLength(1);
      } finally {
        await gw.close();
      }
    },
  },
  {
    dependency: 'APIM',
    fault: '5xx on renewal: a 503 to retry, not a sign-out',
    async run() {
      const tokens = fakeAccessTokens();
      tokens.setRenewal({ ok: false, reason: 'unavailable' });
      const gw = await startGateway({ accessTokens: tokens });
      try {
        gw.upstream.on('GET', A005, {
          status: 401,
          body: { resourceType: 'OperationOutcome', issue: [] },
        });
        await expectProblem(
          await gw.request(`/api/referrals/${UBRN}`),
          503,
          'upstream_unavailable',
        );
        expect((await gw.request('/bff/user')).status).toBe(200);
      } finally {
        await gw.close();
      }
    },
  },
];
