/**
 * The in-process BFF wired to the forged CIS2 (forged-cis2.ts), with the steps of a sign-in apart
 * so a test can forge what passes between them, and the two outcomes a forged callback can have:
 * signed in, or refused with nothing left behind.
 */
import { expect } from 'vitest';
import type { KeyValueStore } from '../../src/session/store';
import type { Browser } from './browser';
import { SESSION_COOKIE, sessionCookieSet } from './cookies';
import {
  createForgedCis2,
  type AuthorizationResponse,
  type ForgedCis2,
  type ForgedCis2Script,
} from './forged-cis2';
import { startBff, type Callback } from './in-process-bff';

/** Where a round trip asks to return to, and lands when its callback is accepted. */
export const FORGED_RETURN_TO = '/referrals/000000070000';
const SIGN_IN_PROBLEM = '/sign-in-problem';

export type ForgedCis2Bff = Awaited<ReturnType<typeof startBffWithForgedCis2>>;

export async function startBffWithForgedCis2(
  options: {
    config?: Record<string, string | undefined>;
    forged?: ForgedCis2;
    /** Shared with another instance, as Redis would be. */
    store?: KeyValueStore;
    /** The BFF's clock (the forged CIS2 keeps real time). */
    now?: () => number;
  } = {},
) {
  const forged = options.forged ?? (await createForgedCis2());
  const bff = await startBff({
    config: options.config,
    fetch: forged.fetch,
    store: options.store,
    ...(options.now ? { now: options.now } : {}),
  });

  /** Login, the forged CIS2 (answering with `response`), callback: a browser's round trip. */
  async function roundTrip(
    browser: Browser,
    trip: { query?: string; response?: AuthorizationResponse } = {},
  ) {
    const started = await bff.login(browser, trip.query);
    const callbackUrl = forged.authorize(started.location, trip.response);
    return { login: started, callbackUrl, ...(await bff.callback(browser, callbackUrl)) };
  }

  return { ...bff, forged, roundTrip };
}

export type RoundTrip = Awaited<ReturnType<typeof roundTripWith>>;

/** A round trip to FORGED_RETURN_TO in a new browser, `script` changing what CIS2 answers. */
export async function roundTripWith(
  bff: ForgedCis2Bff,
  script: Partial<ForgedCis2Script> = {},
  response: AuthorizationResponse = {},
) {
  Object.assign(bff.forged.script, script);
  const browser = bff.browser();
  const result = await bff.roundTrip(browser, {
    query: `?returnTo=${encodeURIComponent(FORGED_RETURN_TO)}`,
    response,
  });
  return { browser, ...result };
}

export async function expectSignedIn(bff: ForgedCis2Bff, result: RoundTrip) {
  expect(result.location, JSON.stringify(result.logs)).toBe(FORGED_RETURN_TO);
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
export async function expectRefused(
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
