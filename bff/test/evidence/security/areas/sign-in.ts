/**
 * The sign-in and session side, against the BFF with the forged CIS2: open redirects through
 * `returnTo` in many encodings, session fixation, forged and tampered cookies, callback replay
 * and injection, and Host tricks. The victim signed in before any row must still be signed in,
 * unchanged, after every one.
 */
import { expect } from 'vitest';
import { SIGN_IN_PROBLEM_PATH } from '@ers/shared/bff-contract';
import {
  CIS2_INT_ISSUER,
  LOGIN_COOKIE,
  PUBLIC_ORIGIN,
  SESSION_COOKIE,
  sessionCookieSet,
  type Browser,
  type ForgedCis2Script,
} from '../../../support/harness';
import { bffRow, type AttackRow } from '../attack';
import type { Targets } from '../targets';

const CSRF = { 'X-CSRF': '1' };

async function userStatus(browser: Browser) {
  return (await browser.user(PUBLIC_ORIGIN)).status;
}

/** Where a browser lands, as a browser resolves the Location (WHATWG URL, as Chromium does). */
function expectOnOurOrigin(location: string | null) {
  expect(location).not.toBeNull();
  const resolved = new URL(location!, `${PUBLIC_ORIGIN}/bff/callback`);
  expect(resolved.origin, `Location: ${location}`).toBe(PUBLIC_ORIGIN);
  // The SPA routes to this path: a path that is itself protocol-relative would leave the site.
  expect(resolved.pathname, `Location: ${location}`).not.toMatch(/^\/\/|\\/);
}

/**
 * A whole sign-in asking to return to `query`'s returnTo: refused at /bff/login (4xx) or signed
 * in and sent somewhere on our origin; never to another host at any hop.
 */
async function signInReturningTo(targets: Targets, browser: Browser, query: string) {
  const login = await browser.request(`/bff/login${query}`);
  if (login.status >= 400 && login.status < 500) return;
  expect(login.status).toBe(302);
  const callbackUrl = targets.bff.forged.authorize(login.headers.get('location')!);
  const callback = await browser.request(callbackUrl);
  expect(callback.status).toBe(302);
  expectOnOurOrigin(callback.headers.get('location'));
  expect(callback.headers.get('location')).not.toMatch(/^(\/\/|\/\\|[a-z]+:)/i);
}

const EVIL = 'evil.example';
const returnTos: Array<[string, string]> = [
  ['a protocol-relative URL', `//${EVIL}`],
  ['three slashes', `///${EVIL}`],
  ['four slashes', `////${EVIL}`],
  ['slash backslash', `/\\${EVIL}`],
  ['two backslashes', `\\\\${EVIL}`],
  ['slash backslash slash', `/\\/${EVIL}`],
  ['an absolute https URL', `https://${EVIL}`],
  ['an absolute http URL', `http://${EVIL}`],
  ['a scheme without slashes (https:evil)', `https:${EVIL}`],
  ['a scheme with one slash (https:/evil)', `https:/${EVIL}`],
  ['a scheme with backslashes (http:\\\\evil)', `http:\\\\${EVIL}`],
  ['a tab between the slashes', `/\t/${EVIL}`],
  ['a newline between the slashes', `/\n/${EVIL}`],
  ['a carriage return between the slashes', `/\r/${EVIL}`],
  ['a leading space', ` //${EVIL}`],
  ['a dot segment that collapses to // (/.//evil)', `/.//${EVIL}`],
  ['a parent segment that collapses to // (/a/..//evil)', `/a/..//${EVIL}`],
  ['javascript:', 'javascript:alert(document.cookie)'],
  ['data: HTML', 'data:text/html,<script>alert(1)</script>'],
  ['vbscript:', 'vbscript:msgbox(1)'],
  ['userinfo that looks like our host', `https://ers-client.example.nhs.uk@${EVIL}`],
  ['our host as a prefix of theirs', `https://ers-client.example.nhs.uk.${EVIL}/`],
  ['an encoded second slash (/%2F/evil)', `/%2F/${EVIL}`],
  ['an encoded backslash (/%5Cevil)', `/%5C${EVIL}`],
  ['fullwidth solidi (／／evil)', `\uff0f\uff0f${EVIL}`],
  ['Unicode division slashes (/∕∕evil)', `/\u2215\u2215${EVIL}`],
  ['an ideographic full stop in the host (//evil。example)', '//evil\u3002example'],
  ['a NUL before the slashes', `/\u0000//${EVIL}`],
  ['a 1 MB-long path', `/${'a'.repeat(1024 * 1024)}`],
  ['a path that is really a query to another host (/?next=//evil)', `/?next=//${EVIL}`],
];

const rawQueries: Array<[string, string]> = [
  ['an unencoded //evil in the query', `?returnTo=//${EVIL}`],
  ['a double-encoded //evil (%252F%252F)', `?returnTo=%252F%252F${EVIL}`],
  ['returnTo twice, ours first', `?returnTo=%2Freferrals%2Ffind&returnTo=%2F%2F${EVIL}`],
  ['returnTo twice, theirs first', `?returnTo=%2F%2F${EVIL}&returnTo=%2Freferrals%2Ffind`],
  ['returnTo as an array (returnTo[]=)', `?returnTo%5B%5D=%2F%2F${EVIL}`],
];

const redirects: AttackRow[] = [
  ...returnTos.map(([tries, value]) =>
    bffRow(
      'open redirect',
      `returnTo as ${tries}`,
      (targets, browser) =>
        signInReturningTo(targets, browser, `?returnTo=${encodeURIComponent(value)}`),
      { writes: 'allowed' },
    ),
  ),
  ...rawQueries.map(([tries, query]) =>
    bffRow(
      'open redirect',
      tries,
      (targets, browser) => signInReturningTo(targets, browser, query),
      { writes: 'allowed' },
    ),
  ),
];

const fixation: AttackRow[] = [
  bffRow(
    'session fixation',
    'a session id planted before sign-in is never the one signed in',
    async (targets, browser) => {
      const planted = targets.strangerId();
      browser.setCookie(SESSION_COOKIE, planted);
      await signInReturningTo(targets, browser, '');
      expect(browser.cookie(SESSION_COOKIE)).not.toBe(planted);
      const attacker = targets.bff.browser();
      attacker.setCookie(SESSION_COOKIE, planted);
      expect(await userStatus(attacker)).toBe(401);
    },
    { writes: 'allowed' },
  ),
  bffRow(
    'session fixation',
    "an attacker's own live session id planted before the victim signs in is ended, not upgraded",
    async (targets, browser) => {
      const attacker = targets.bff.browser();
      await signInReturningTo(targets, attacker, '');
      const planted = attacker.cookie(SESSION_COOKIE)!;
      browser.setCookie(SESSION_COOKIE, planted);
      await signInReturningTo(targets, browser, '');
      expect(browser.cookie(SESSION_COOKIE)).not.toBe(planted);
      expect(await userStatus(attacker)).toBe(401);
    },
    { writes: 'allowed' },
  ),
];

/** A fresh browser presenting `cookie` (name and value) is not signed in, and nothing is written. */
function forgedCookie(tries: string, cookie: (targets: Targets) => [string, string]): AttackRow {
  return bffRow('forged cookie', tries, async (targets, browser) => {
    const [name, value] = cookie(targets);
    browser.setCookie(name, value);
    expect(await userStatus(browser)).toBe(401);
  });
}

const victimId = (targets: Targets) => targets.victim.cookie(SESSION_COOKIE)!;
const flip = (value: string) => `${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}`;

const cookies: AttackRow[] = [
  forgedCookie('a random session id', (t) => [SESSION_COOKIE, t.strangerId()]),
  forgedCookie('an empty session id', () => [SESSION_COOKIE, '""']),
  forgedCookie("the victim's id with its last character changed", (t) => [
    SESSION_COOKIE,
    flip(victimId(t)),
  ]),
  forgedCookie("the victim's id with a character added", (t) => [
    SESSION_COOKIE,
    `${victimId(t)}A`,
  ]),
  forgedCookie("the victim's id truncated by one", (t) => [
    SESSION_COOKIE,
    victimId(t).slice(0, -1),
  ]),
  forgedCookie("the victim's id upper-cased", (t) => [SESSION_COOKIE, victimId(t).toUpperCase()]),
  forgedCookie("the victim's id reversed", (t) => [
    SESSION_COOKIE,
    [...victimId(t)].reverse().join(''),
  ]),
  forgedCookie('a path for a session id', () => [SESSION_COOKIE, '../../../etc/passwd']),
  forgedCookie('claims as JSON for a session id', () => [SESSION_COOKIE, '{"sub":"555032006106"}']),
  forgedCookie('claims as base64 JSON', () => [
    SESSION_COOKIE,
    Buffer.from('{"sub":"555032006106"}').toString('base64url'),
  ]),
  forgedCookie('an unsigned JWT for a session id', () => [
    SESSION_COOKIE,
    'eyJhbGciOiJub25lIn0.eyJzdWIiOiI1NTUwMzIwMDYxMDYifQ.',
  ]),
  forgedCookie('a 4 KB session id', () => [SESSION_COOKIE, 'A'.repeat(4096)]),
  forgedCookie("the victim's id under the name without __Host-", (t) => [
    'Http-ers-session',
    victimId(t),
  ]),
  forgedCookie("the victim's id under a __Secure- name", (t) => [
    '__Secure-Http-ers-session',
    victimId(t),
  ]),
  forgedCookie("the victim's id under a lower-cased name", (t) => [
    SESSION_COOKIE.toLowerCase(),
    victimId(t),
  ]),
  forgedCookie("the victim's id as the login cookie", (t) => [LOGIN_COOKIE, victimId(t)]),
  bffRow('forged cookie', "the victim's id in the query string", async (targets, browser) => {
    const response = await browser.request(`/bff/user?session=${victimId(targets)}`, {
      headers: CSRF,
    });
    expect(response.status).toBe(401);
  }),
  bffRow('forged cookie', "the victim's id as a bearer token", async (targets, browser) => {
    const response = await browser.request('/bff/user', {
      headers: { ...CSRF, authorization: `Bearer ${victimId(targets)}` },
    });
    expect(response.status).toBe(401);
  }),
  bffRow(
    'forged cookie',
    'a session id after its user signed out',
    async (targets, browser) => {
      await signInReturningTo(targets, browser, '');
      const id = browser.cookie(SESSION_COOKIE)!;
      const out = await browser.request('/bff/logout', { method: 'POST', headers: CSRF });
      expect(out.status).toBeLessThan(400);
      const replay = targets.bff.browser();
      replay.setCookie(SESSION_COOKIE, id);
      expect(await userStatus(replay)).toBe(401);
    },
    { writes: 'allowed' },
  ),
  bffRow(
    'forged cookie',
    'a forged parked sign-in at session takeover',
    async (_targets, browser) => {
      browser.setCookie(LOGIN_COOKIE, 'parked:forged-id.Ly9ldmlsLmV4YW1wbGU');
      const response = await browser.request('/bff/session/takeover', {
        method: 'POST',
        headers: CSRF,
      });
      expect(response.status).toBe(401);
      expect(sessionCookieSet(response.headers)).toBe(false);
    },
  ),
];

const PROBLEM = `${SIGN_IN_PROBLEM_PATH}?reason=`;

/** A callback delivered to `browser` is refused: the problem page, no session, nothing written. */
async function expectCallbackRefused(targets: Targets, browser: Browser, url: string) {
  const result = await targets.bff.callback(browser, url);
  expect(result.response.status).toBe(302);
  expect(result.location).toMatch(new RegExp(`^${SIGN_IN_PROBLEM_PATH}\\?reason=[a-z_]+$`));
  expect(sessionCookieSet(result.response.headers)).toBe(false);
  expect(result.storeWrites).toEqual([]);
  expect(await userStatus(browser)).toBe(401);
}

/** Starts a sign-in in `browser`; the callback CIS2 would send back, not yet delivered. */
async function startSignIn(targets: Targets, browser: Browser) {
  const { location } = await targets.bff.login(browser);
  return { location, callbackUrl: targets.bff.forged.authorize(location) };
}

const callbackWith = (params: Record<string, string>) =>
  `/bff/callback?${new URLSearchParams(params).toString()}`;

function scripted(tries: string, script: Partial<ForgedCis2Script>): AttackRow {
  return bffRow(
    'callback replay and injection',
    tries,
    async (targets, browser) => {
      const { forged } = targets.bff;
      const saved = structuredClone(forged.script);
      Object.assign(forged.script, script);
      try {
        const { callbackUrl } = await startSignIn(targets, browser);
        await expectCallbackRefused(targets, browser, callbackUrl);
      } finally {
        Object.assign(forged.script, saved);
      }
    },
    { writes: 'allowed' },
  );
}

const now = () => Math.floor(Date.now() / 1000);

const callbacks: AttackRow[] = [
  bffRow(
    'callback replay and injection',
    'a used callback URL replayed in the same browser',
    async (targets, browser) => {
      const { callbackUrl } = await startSignIn(targets, browser);
      const first = await targets.bff.callback(browser, callbackUrl);
      expect(first.location).not.toContain(PROBLEM);
      const replay = targets.bff.browser();
      await expectCallbackRefused(targets, replay, callbackUrl);
    },
    { writes: 'allowed' },
  ),
  bffRow(
    'callback replay and injection',
    "a callback URL stolen from another browser's sign-in",
    async (targets, browser) => {
      const { callbackUrl } = await startSignIn(targets, targets.bff.browser());
      await expectCallbackRefused(targets, browser, callbackUrl);
    },
    { writes: 'allowed' },
  ),
  bffRow(
    'callback replay and injection',
    "the attacker's callback delivered into the victim's sign-in (login CSRF)",
    async (targets, browser) => {
      const attacker = await startSignIn(targets, targets.bff.browser());
      await startSignIn(targets, browser);
      await expectCallbackRefused(targets, browser, attacker.callbackUrl);
    },
    { writes: 'allowed' },
  ),
  bffRow(
    'callback replay and injection',
    "another sign-in's code with this sign-in's state (code injection, PKCE)",
    async (targets, browser) => {
      const other = await startSignIn(targets, targets.bff.browser());
      const { location } = await targets.bff.login(browser);
      const state = new URL(location).searchParams.get('state')!;
      const code = new URL(other.callbackUrl).searchParams.get('code')!;
      await expectCallbackRefused(targets, browser, callbackWith({ code, state }));
    },
    { writes: 'allowed' },
  ),
  ...(
    [
      ['no parameters at all', () => '/bff/callback'],
      ['a state but no code', (s: string) => callbackWith({ state: s })],
      ['a code but no state', () => callbackWith({ code: 'x' })],
      ['an empty state', () => callbackWith({ code: 'x', state: '' })],
      [
        'the state twice, a wrong one first',
        (s: string) => `/bff/callback?code=x&state=wrong&state=${s}`,
      ],
      ['a 64 KB code', (s: string) => callbackWith({ code: 'c'.repeat(64 * 1024), state: s })],
      [
        'access_denied from CIS2',
        (s: string) => callbackWith({ error: 'access_denied', state: s }),
      ],
      [
        'an error with markup in its description',
        (s: string) =>
          callbackWith({
            error: 'server_error',
            error_description: '<script>alert(1)</script>',
            state: s,
          }),
      ],
      [
        'a forged RFC 9207 iss',
        (s: string) => callbackWith({ code: 'x', state: s, iss: 'https://evil.example' }),
      ],
    ] as const
  ).map(([tries, url]) =>
    bffRow(
      'callback replay and injection',
      `a callback with ${tries}`,
      async (targets, browser) => {
        const { location } = await startSignIn(targets, browser);
        const state = new URL(location).searchParams.get('state')!;
        await expectCallbackRefused(targets, browser, url(state));
      },
      { writes: 'allowed' },
    ),
  ),
  bffRow(
    'callback replay and injection',
    'a callback with no sign-in started in this browser',
    async (targets, browser) => {
      await expectCallbackRefused(targets, browser, callbackWith({ code: 'x', state: 'y' }));
    },
  ),
  scripted('an ID token with alg none', { idTokenSigning: 'alg-none' }),
  scripted('an ID token HMAC-signed with the public key (alg confusion)', {
    idTokenSigning: 'hs256-with-op-public-key',
  }),
  scripted('an ID token signed by another key under the published kid', {
    idTokenSigning: 'other-key-same-kid',
  }),
  scripted('an ID token under a kid CIS2 does not publish', { idTokenSigning: 'unknown-kid' }),
  scripted('an ID token for another client', {
    idTokenClaims: { aud: '999999999999.apps.supplier' },
  }),
  scripted('an ID token from another issuer', {
    idTokenClaims: { iss: 'https://evil.example/openam/oauth2/realms/root/realms/oidc' },
  }),
  scripted("an ID token carrying another sign-in's nonce", {
    idTokenClaims: { nonce: 'not-ours' },
  }),
  scripted('an expired ID token', { idTokenClaims: { iat: now() - 400, exp: now() - 100 } }),
  scripted('an ID token whose authentication is older than max_age', {
    idTokenClaims: { auth_time: now() - 400 },
  }),
  scripted('userinfo for another user than the ID token', { userinfo: { sub: '999999999999' } }),
];

const hostTricks: AttackRow[] = (
  [
    ['Host: evil.example', { host: 'evil.example' }],
    ['X-Forwarded-Host: evil.example', { 'x-forwarded-host': 'evil.example' }],
    ['Forwarded: host=evil.example;proto=http', { forwarded: 'host=evil.example;proto=http' }],
    ['X-Forwarded-Proto: http', { 'x-forwarded-proto': 'http' }],
    ['Host with another port', { host: 'ers-client.example.nhs.uk:8443' }],
    ['X-Original-URL: /bff/logout', { 'x-original-url': '/bff/logout' }],
  ] as const
).map(([tries, headers]) =>
  bffRow(
    'Host tricks',
    `sign-in with ${tries}: the redirect_uri is still ours`,
    async (_targets, browser) => {
      const response = await browser.request('/bff/login', { headers });
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get('location')!);
      expect(location.origin).toBe(new URL(CIS2_INT_ISSUER).origin);
      expect(location.searchParams.get('redirect_uri')).toBe(`${PUBLIC_ORIGIN}/bff/callback`);
    },
    { writes: 'allowed' },
  ),
);

hostTricks.push(
  bffRow(
    'Host tricks',
    'sign-in requested for another host (absolute-form request line)',
    async (targets) => {
      const response = await targets.bff.app.request('https://evil.example/bff/login');
      const location = new URL(response.headers.get('location')!);
      expect(location.searchParams.get('redirect_uri')).toBe(`${PUBLIC_ORIGIN}/bff/callback`);
    },
    { writes: 'allowed' },
  ),
  bffRow(
    'Host tricks',
    'sign-out with Host: evil.example goes nowhere but our signed-out page',
    async (targets, browser) => {
      await signInReturningTo(targets, browser, '');
      const response = await browser.request('/bff/logout', {
        method: 'POST',
        headers: {
          host: 'evil.example',
          'sec-fetch-dest': 'document',
          'sec-fetch-site': 'same-origin',
        },
      });
      expect(response.headers.get('location') ?? '').not.toContain('evil');
      expect(response.body).not.toContain('evil.example');
    },
    { writes: 'allowed' },
  ),
);

export const SIGN_IN: AttackRow[] = [
  ...redirects,
  ...fixation,
  ...cookies,
  ...callbacks,
  ...hostTricks,
];
