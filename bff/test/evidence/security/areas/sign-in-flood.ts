/**
 * Sign-in flood bounds, against the BFF with the forged CIS2. `/bff/login` answers anyone without
 * credentials, so what it keeps per pending sign-in is what a flood costs: it keeps nothing, and
 * the sign-in rides sealed in the login cookie, whose `returnTo` is capped so the cookie stays
 * within what browsers keep. The cookie is then the only thing the callback trusts: one that was
 * tampered with, is too old, or was sealed by another deployment or for another use is refused
 * before CIS2's token endpoint or the store is touched.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { SIGN_IN_PROBLEM_PATH } from '@ers/shared/bff-contract';
import { DEFAULT_RETURN_TO, MAX_RETURN_TO_LENGTH } from '../../../../src/auth/return-to';
import { LOGIN_TRANSACTION_TTL_MS } from '../../../../src/session/one-time-values';
import { createSessionCrypto } from '../../../../src/session/session-crypto';
import { LOGIN_COOKIE, sessionCookieSet, type Browser } from '../../../support/harness';
import { bffRow, type AttackRow } from '../attack';
import type { Targets } from '../targets';

const AREA = 'sign-in flood bounds';
/** Browsers keep a cookie's name and value up to 4096 bytes (RFC 6265 §6.1). */
const COOKIE_LIMIT_BYTES = 4096;
/** The AAD the BFF seals a login transaction under (one-time-values.ts). */
const LOGIN_PURPOSE = 'login-transaction v1';

/** A whole sign-in asking for `returnTo`; where the callback sends the browser. */
async function landingFor(targets: Targets, browser: Browser, returnTo: string) {
  const { location, response } = await targets.bff.login(
    browser,
    `?returnTo=${encodeURIComponent(returnTo)}`,
  );
  expect(response.status).toBe(302);
  const cookie = `${LOGIN_COOKIE}=${browser.cookie(LOGIN_COOKIE) ?? ''}`;
  expect(
    Buffer.byteLength(cookie),
    'the login cookie outgrew what browsers keep',
  ).toBeLessThanOrEqual(COOKIE_LIMIT_BYTES);
  const callback = await targets.bff.callback(browser, targets.bff.forged.authorize(location));
  expect(callback.response.status).toBe(302);
  return callback.location;
}

/** The BFF's own sealing, with which a row can make a login cookie only the BFF could make. */
function bffCrypto(targets: Targets) {
  const key = targets.bff.config.SESSION_ENCRYPTION_KEY;
  if (!key) throw new Error('the test BFF has no SESSION_ENCRYPTION_KEY');
  return createSessionCrypto(Buffer.from(key, 'base64url'));
}

/**
 * Starts a sign-in in `browser`, lets `forge` replace its login cookie, then delivers the genuine
 * callback CIS2 would send: it must be refused as a callback without a sign-in, with no session,
 * nothing written and nothing asked of APIM (the last two, bffRow's).
 */
function forgedLoginCookie(tries: string, forge: (cookie: string, targets: Targets) => string) {
  return bffRow(
    AREA,
    `a login cookie ${tries} is refused at the callback`,
    async (targets, browser) => {
      const { location } = await targets.bff.login(browser);
      const genuine = browser.cookie(LOGIN_COOKIE);
      expect(genuine).toBeTruthy();
      browser.setCookie(LOGIN_COOKIE, forge(genuine!, targets));
      const tokenRequests = targets.bff.forged.tokenRequests().length;
      const callback = await targets.bff.callback(browser, targets.bff.forged.authorize(location));
      expect(callback.location).toBe(`${SIGN_IN_PROBLEM_PATH}?reason=invalid_callback`);
      expect(sessionCookieSet(callback.response.headers)).toBe(false);
      expect(callback.storeWrites).toEqual([]);
      expect(targets.bff.forged.tokenRequests(), 'the code was redeemed').toHaveLength(
        tokenRequests,
      );
      expect(JSON.stringify(callback.logs)).toContain('no_transaction');
    },
  );
}

/** The transaction `cookie` carries, changed by `change` and sealed again (by default as the BFF would). */
function resealed(
  targets: Targets,
  cookie: string,
  change: (transaction: { createdAt: number }) => void,
  options: { key?: Buffer; purpose?: string } = {},
) {
  const opened = bffCrypto(targets).openFromBrowser(LOGIN_PURPOSE, cookie);
  expect(opened, 'the login cookie did not open with the BFF key').not.toBeNull();
  const transaction = JSON.parse(opened!) as { createdAt: number };
  change(transaction);
  const crypto = options.key ? createSessionCrypto(options.key) : bffCrypto(targets);
  return crypto.sealForBrowser(options.purpose ?? LOGIN_PURPOSE, JSON.stringify(transaction));
}

const flip = (value: string, at: number) =>
  `${value.slice(0, at)}${value[at] === 'A' ? 'B' : 'A'}${value.slice(at + 1)}`;

export const SIGN_IN_FLOOD_BOUNDS: AttackRow[] = [
  bffRow(
    AREA,
    'a returnTo one character over 2 KB is dropped for the default (2 KB exactly is kept)',
    async (targets, browser) => {
      const longest = `/referrals/find?q=${'a'.repeat(MAX_RETURN_TO_LENGTH - 18)}`;
      expect(longest).toHaveLength(MAX_RETURN_TO_LENGTH);
      expect(await landingFor(targets, browser, longest)).toBe(longest);
      const over = `${longest}a`;
      expect(await landingFor(targets, targets.bff.browser(), over)).toBe(DEFAULT_RETURN_TO);
    },
    { writes: 'allowed' },
  ),
  bffRow(
    AREA,
    'a returnTo under 2 KB that percent-encoding grows past it is dropped',
    async (targets, browser) => {
      // 401 characters as sent; each `é` becomes `%C3%A9` in the path the BFF would redirect to.
      const growing = `/${'é'.repeat(400)}`;
      expect(growing.length).toBeLessThan(MAX_RETURN_TO_LENGTH);
      expect(await landingFor(targets, browser, growing)).toBe(DEFAULT_RETURN_TO);
    },
    { writes: 'allowed' },
  ),
  bffRow(
    AREA,
    '/bff/login called 200 times, from one browser and from many, writes nothing to the store',
    async (targets, browser) => {
      const returnTo = `?returnTo=${encodeURIComponent(`/referrals/find?q=${'a'.repeat(2000)}`)}`;
      for (let i = 0; i < 100; i += 1) {
        await targets.bff.login(browser, returnTo);
        await targets.bff.login(targets.bff.browser(), returnTo);
      }
      // bffRow asserts that none of these wrote to the store.
    },
  ),
  forgedLoginCookie('with one character of its ciphertext changed', (cookie) =>
    flip(cookie, Math.floor(cookie.length / 2)),
  ),
  forgedLoginCookie('cut short by its last character', (cookie) => cookie.slice(0, -1)),
  forgedLoginCookie('past the sign-in lifetime (sealed by us, 10 minutes old)', (cookie, targets) =>
    resealed(targets, cookie, (transaction) => {
      transaction.createdAt = Date.now() - LOGIN_TRANSACTION_TTL_MS;
    }),
  ),
  forgedLoginCookie('sealed by another deployment (its own key)', (cookie, targets) =>
    resealed(targets, cookie, () => undefined, { key: randomBytes(32) }),
  ),
  forgedLoginCookie('sealed by us for another purpose', (cookie, targets) =>
    resealed(targets, cookie, () => undefined, { purpose: 'parked-sign-in v1' }),
  ),
];
