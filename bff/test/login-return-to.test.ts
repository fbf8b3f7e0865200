/**
 * `returnTo` on `/bff/login` ends up in the Location header after the callback, so it is an open
 * redirector unless only same-origin paths survive (RFC 9700 §4.11.1). Each value is sent
 * URL-encoded as a browser would send it, goes through a complete sign-in through the CIS2
 * stand-in's pages, and the callback's Location is checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Browser,
  capture,
  sessionCookieSet,
  signIn,
  startLocalEnvironment,
  type LocalEnvironment,
} from './support/harness';

const DEFAULT_RETURN_TO = '/referrals/find';
const SPC = '555032006106';

const logged = capture();
let env: LocalEnvironment;
beforeAll(async () => {
  env = await startLocalEnvironment({ logLevel: 'info', logDestination: logged.destination });
});
afterAll(async () => {
  await env?.close();
});

/** Signs in with `?returnTo=<query>` (sent as is) and returns the callback's Location. */
async function landingFor(query: string) {
  const browser = new Browser();
  const pending = await signIn(browser, env.origin, SPC, {
    query: `?returnTo=${query}`,
    stopBeforeCallback: true,
  });
  const logsBefore = logged.lines.length;
  const callback = await browser.request(pending.next ?? '');
  expect(callback.status).toBe(302);
  expect(sessionCookieSet(callback.headers), JSON.stringify(logged.lines.slice(logsBefore))).toBe(
    true,
  );
  return callback.headers.get('location') ?? '';
}

/** What a browser would do with the Location: it must stay on our origin, as a plain path. */
function expectSameOriginPath(location: string) {
  expect(location).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
  expect(location.startsWith('//')).toBe(false);
  expect(location.startsWith('/\\')).toBe(false);
  expect(location.startsWith('/')).toBe(true);
  // eslint-disable-next-line no-control-regex -- browsers strip these inside URLs
  expect(location).not.toMatch(/[\u0000-\u001f\u007f\\]/);
  expect(new URL(location, env.origin).origin).toBe(env.origin);
}

describe('returnTo: only a same-origin path survives the sign-in', () => {
  it.each([
    ['a path', '%2Freferrals%2F000000070000', '/referrals/000000070000'],
    ['a path sent unencoded', '/referrals/000000070000', '/referrals/000000070000'],
    [
      'a path with a query and fragment',
      '%2Freferrals%2Ffind%3Fubrn%3D000000070000%23results',
      '/referrals/find?ubrn=000000070000#results',
    ],
    ['the root', '%2F', '/'],
  ])('keeps %s (%s)', async (_label, query, expected) => {
    const location = await landingFor(query);
    expect(location).toBe(expected);
    expectSameOriginPath(location);
  });

  it.each([
    ['protocol-relative', '//evil.example'],
    ['protocol-relative, encoded', '%2F%2Fevil.example'],
    ['three slashes, encoded', '%2F%2F%2Fevil.example'],
    ['absolute https', 'https://evil.example'],
    ['absolute https, encoded', 'https%3A%2F%2Fevil.example'],
    ['absolute http, encoded, with a path', 'http%3A%2F%2Fevil.example%2Freferrals'],
    ['slash-backslash', '/\\evil.example'],
    ['slash-backslash, encoded', '%2F%5Cevil.example'],
    ['two backslashes, encoded', '%5C%5Cevil.example'],
    ['slash-tab-slash, encoded', '%2F%09%2Fevil.example'],
    ['slash-newline-slash, encoded', '%2F%0A%2Fevil.example'],
    ['slash-CR-slash, encoded', '%2F%0D%2Fevil.example'],
    ['leading tab before //, encoded', '%09%2F%2Fevil.example'],
    ['leading space before //, encoded', '%20%2F%2Fevil.example'],
    ['javascript:, encoded', 'javascript%3Aalert(1)'],
    ['a bare host', 'evil.example'],
    ['empty', ''],
    // The URL parser's dot-segment removal turns these into `//evil.example`.
    ['dot segment then //', '%2F.%2F%2Fevil.example'],
    ['dot-dot segment then //', '%2F..%2F%2Fevil.example'],
    ['a path, dot-dot, then //', '%2Freferrals%2F..%2F%2Fevil.example'],
    ['an encoded dot segment then //', '%2F%252e%2F%2Fevil.example'],
  ])('replaces %s (%s) with the default page', async (_label, query) => {
    const location = await landingFor(query);
    expect(location).toBe(DEFAULT_RETURN_TO);
    expectSameOriginPath(location);
  });
});

describe('returnTo after "Change role"', () => {
  // The page it was chosen on belongs to the old role: a worklist the new role may not have.
  it.each([
    ['a worklist', '%2Fworklists%2FREFERRALS_FOR_REVIEW'],
    ['a referral', '%2Freferrals%2F000000070000'],
  ])('lands on the start page, not on %s of the old role', async (_label, query) => {
    const location = await landingFor(`${query}&changeRole=true`);
    expect(location).toBe('/');
    expectSameOriginPath(location);
  });
});
