/**
 * A CIS2 that hangs, refuses connections or answers with a server error: every call the BFF makes
 * to it (discovery, token, JWKS, userinfo) ends at its 10 s deadline, and the sign-in ends on the
 * "CIS2 unavailable" page, never "invalid callback" (nothing was wrong with the callback) and
 * never a request held open. Hangs are driven with fake timers, so each test shows the deadline
 * ended the request, not how fast this machine is; the forged CIS2 holds the hung request until
 * the BFF aborts it, as a real hung server would. Every refusal is held to the whole contract of
 * callback-refusals.test.ts (no session, nothing stored, nothing sent to APIM).
 */
import { SignJWT, generateKeyPair } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CIS2_TIMEOUT_MS, createCis2Client } from '../src/auth/cis2-client';
import {
  CIS2_INT_ISSUER,
  FORGED_RETURN_TO,
  createForgedCis2,
  expectRefused,
  startBffWithForgedCis2,
  type ForgedCis2,
  type ForgedCis2Script,
} from './support/harness';
import { untilArrived } from './support/until-arrived';

const SIGN_IN_QUERY = `?returnTo=${encodeURIComponent(FORGED_RETURN_TO)}`;

/** Lets the BFF run until it has sent the request CIS2 holds (its deadline timer is then set). */
async function untilHanging(forged: ForgedCis2) {
  await untilArrived(() => forged.hanging.length > 0, 'the hanging endpoint');
}

/** Starts `request`, then moves the fake clock to CIS2's deadline, checking it is not early. */
async function atTheDeadline<T>(forged: ForgedCis2, request: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  let settled = false;
  const pending = request().finally(() => (settled = true));
  await untilHanging(forged);
  await vi.advanceTimersByTimeAsync(CIS2_TIMEOUT_MS - 1);
  expect(settled, 'answered before the deadline').toBe(false);
  await vi.advanceTimersByTimeAsync(1);
  const result = await pending;
  vi.useRealTimers();
  return result;
}

/** Signs in as far as CIS2's redirect back; `faults` then strike before the callback. */
async function atTheCallback(faults: ForgedCis2Script['faults']) {
  const bff = await startBffWithForgedCis2();
  const browser = bff.browser();
  const { location } = await bff.login(browser, SIGN_IN_QUERY);
  const callbackUrl = bff.forged.authorize(location);
  bff.forged.script.faults = faults;
  return { bff, browser, callback: () => bff.callback(browser, callbackUrl) };
}

describe('CIS2 calls have a 10 s deadline', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is 10 s', () => {
    expect(CIS2_TIMEOUT_MS).toBe(10_000);
  });

  it('the baseline: the same steps with no fault sign in', async () => {
    const { browser, callback } = await atTheCallback({});
    expect((await callback()).location).toBe(FORGED_RETURN_TO);
    expect((await browser.user()).status).toBe(200);
  });

  it.each([
    ['token', /DeadlineError: CIS2 token did not answer within 10000 ms/],
    ['jwks', /DeadlineError: CIS2 JWKS did not answer within 10000 ms/],
    ['userinfo', /DeadlineError: CIS2 userinfo did not answer within 10000 ms/],
  ] as const)(
    'a hanging %s endpoint ends the callback on cis2_unavailable',
    async (endpoint, because) => {
      const { bff, browser, callback } = await atTheCallback({ [endpoint]: 'hang' });
      const result = await atTheDeadline(bff.forged, callback);
      await expectRefused(bff, browser, result, 'cis2_unavailable', because);
    },
  );

  it('a hanging discovery ends the sign-in on cis2_unavailable', async () => {
    const bff = await startBffWithForgedCis2();
    bff.forged.script.faults = { discovery: 'hang' };
    const response = await atTheDeadline(bff.forged, () =>
      bff.browser().request(`/bff/login${SIGN_IN_QUERY}`),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/sign-in-problem?reason=cis2_unavailable');
    expect(JSON.stringify(bff.logs)).toMatch(/CIS2 discovery did not answer within 10000 ms/);
  });

  it('a hanging JWKS ends a back-channel logout token check, refused as jose’s own timeout', async () => {
    const forged = await createForgedCis2();
    const cis2 = createCis2Client({
      issuer: CIS2_INT_ISSUER,
      clientId: 'client',
      redirectUri: 'https://bff.example/bff/callback',
      acrValues: 'AAL2_OR_AAL3_ANY',
      clientAuth: { method: 'client_secret_post', secret: 'secret' },
      allowInsecureHttp: false,
      fetch: forged.fetch,
    });
    await cis2.authorizationServer();
    forged.script.faults = { jwks: 'hang' };
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ sub: 'someone' })
      .setProtectedHeader({ alg: 'RS256', kid: 'any' })
      .sign(privateKey);
    const result = await atTheDeadline(forged, () => cis2.validateLogoutToken(token));
    expect(result).toEqual({ ok: false, reason: 'ERR_JWKS_TIMEOUT' });
  });
});

describe('a CIS2 that is down at the callback', () => {
  it.each([
    ['token', 'network', /Cis2NetworkError: CIS2 could not be reached/],
    ['token', 503, /unexpected HTTP status code/],
    ['jwks', 'network', /Cis2NetworkError: CIS2 could not be reached/],
    ['userinfo', 'network', /Cis2NetworkError: CIS2 could not be reached/],
    ['userinfo', 502, /unexpected HTTP status code/],
  ] as const)('%s answering %s ends on cis2_unavailable', async (endpoint, fault, because) => {
    const { bff, browser, callback } = await atTheCallback({ [endpoint]: fault });
    await expectRefused(bff, browser, await callback(), 'cis2_unavailable', because);
  });

  it('a token endpoint refusing the code (4xx) is still an invalid callback', async () => {
    const { bff, browser, callback } = await atTheCallback({ token: 400 });
    await expectRefused(bff, browser, await callback(), 'invalid_callback');
  });
});
