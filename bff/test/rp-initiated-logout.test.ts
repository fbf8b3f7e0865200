/**
 * Signing out with `CIS2_LOGOUT=cis2`: the sign-out form's answer is a page that POSTs the ID
 * token to CIS2's end-session endpoint (PingAM requires `id_token_hint`), and the CIS2 stand-in
 * ends its session and sends the browser to the signed-out page. Also what the stand-in refuses,
 * as PingAM does, and what signing out does with the default `local`.
 */
import { decodeJwt, importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Browser,
  expectSignedIn,
  roundTripWith,
  SESSION_COOKIE,
  signIn,
  startBffWithForgedCis2,
  startLocalEnvironment,
  type LocalEnvironment,
} from './support/harness';

const SPC = '555032006106';
const CSRF = { 'X-CSRF': '1' };
/** What a browser sends with the sign-out form. */
const FORM_NAVIGATION = {
  'content-type': 'application/x-www-form-urlencoded',
  'sec-fetch-dest': 'document',
  'sec-fetch-mode': 'navigate',
  'sec-fetch-site': 'same-origin',
};

/** The hidden fields and action of the form with this id (the pages are ours and the stand-in's). */
function formIn(html: string, id: string) {
  const form = new RegExp(`<form id="${id}"[^>]*action="([^"]+)"[^>]*>([\\s\\S]*?)</form>`).exec(
    html,
  );
  if (!form) throw new Error(`no form ${id} in: ${html}`);
  const fields = new URLSearchParams();
  for (const input of form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    fields.set(input[1]!, input[2]!.replaceAll('&amp;', '&').replaceAll('&quot;', '"'));
  }
  return { action: form[1]!.replaceAll('&amp;', '&'), fields };
}

describe('CIS2_LOGOUT=cis2', () => {
  let env: LocalEnvironment;
  beforeAll(async () => {
    env = await startLocalEnvironment({ logLevel: 'silent', env: { CIS2_LOGOUT: 'cis2' } });
  });
  afterAll(async () => {
    await env?.close();
  });

  const endSessionUrl = () => `${env.cis2.issuer}/connect/endSession`;

  it('the sign-out form ends our session and answers a page that POSTs the ID token to CIS2', async () => {
    const browser = new Browser();
    await signIn(browser, env.origin, SPC);
    expect(browser.cookie(SESSION_COOKIE)).toBeDefined();

    const page = await browser.request(`${env.origin}/bff/logout`, {
      method: 'POST',
      headers: FORM_NAVIGATION,
      body: '',
    });
    expect(page.status).toBe(200);
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const cis2Origin = new URL(env.cis2.issuer).origin;
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`form-action 'self' ${cis2Origin};`);
    // Its script is our own file, not inline.
    expect([...page.body.matchAll(/<script([^>]*)>/g)].map((match) => match[1])).toEqual([
      ' src="/end-session.js" defer',
    ]);
    const script = await browser.request(`${env.origin}/end-session.js`);
    expect(script.status).toBe(200);
    expect(script.body).toContain('.submit()');

    const form = formIn(page.body, 'cis2-end-session');
    expect(form.action).toBe(endSessionUrl());
    const hint = form.fields.get('id_token_hint') ?? '';
    expect(decodeJwt(hint)).toMatchObject({ iss: env.cis2.issuer, sub: SPC });
    expect(Object.fromEntries(form.fields)).toEqual({
      id_token_hint: hint,
      client_id: env.config.CIS2_CLIENT_ID,
      post_logout_redirect_uri: `${env.origin}/signed-out`,
    });
    // Never in a URL the browser saw (so never in history, a log line or a Referer).
    expect(browser.seen.filter((seen) => seen.url.includes(hint))).toEqual([]);
    expect(browser.seen.filter((seen) => seen.headers.get('location')?.includes(hint))).toEqual([]);

    // What the page's script does: POST the form to CIS2, which ends its session.
    const cis2Page = await browser.request(form.action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.fields.toString(),
    });
    expect(cis2Page.status).toBe(200);
    const confirm = formIn(cis2Page.body, 'op.logoutForm');
    confirm.fields.set('logout', 'yes');
    const ended = await browser.request(new URL(confirm.action, env.cis2.issuer).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: confirm.fields.toString(),
    });
    expect(ended.status).toBe(303);
    expect(ended.headers.get('location')).toBe(`${env.origin}/signed-out`);
  });

  it('a fetch with the CSRF header (the SPA at a session deadline) ends our session only', async () => {
    const browser = new Browser();
    await signIn(browser, env.origin, SPC);
    const response = await browser.request(`${env.origin}/bff/logout`, {
      method: 'POST',
      headers: CSRF,
    });
    expect(JSON.parse(response.body)).toEqual({ redirectTo: '/signed-out' });
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
  });

  it('without a session, the sign-out form goes to the signed-out page', async () => {
    const response = await new Browser().request(`${env.origin}/bff/logout`, {
      method: 'POST',
      headers: FORM_NAVIGATION,
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/signed-out');
  });

  it.each([
    ['from another site', { 'sec-fetch-site': 'cross-site' }],
    ['from a sibling site', { 'sec-fetch-site': 'same-site' }],
    ['as a fetch without the CSRF header', { 'sec-fetch-dest': 'empty', 'sec-fetch-mode': 'cors' }],
  ])('refuses a sign-out POST %s and leaves the session alone', async (_name, headers) => {
    const browser = new Browser();
    await signIn(browser, env.origin, SPC);
    const response = await browser.request(`${env.origin}/bff/logout`, {
      method: 'POST',
      headers: { ...FORM_NAVIGATION, ...headers },
    });
    expect(response.status).toBe(403);
    const user = await browser.request(`${env.origin}/bff/user`, { headers: CSRF });
    expect(user.status).toBe(200);
  });

  describe('the CIS2 stand-in, like PingAM', () => {
    async function endSession(fields: Record<string, string>) {
      return new Browser().request(endSessionUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    }
    const postLogout = () => ({
      client_id: env.config.CIS2_CLIENT_ID,
      post_logout_redirect_uri: `${env.origin}/signed-out`,
    });
    /** An ID token as the stand-in signs them, with these claims. */
    async function idToken(claims: Record<string, unknown>, key = env.cis2.signingJwk) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ sub: SPC, iat: now - 60, exp: now + 600, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: key.kid! })
        .setIssuer(env.cis2.issuer)
        .setAudience(env.config.CIS2_CLIENT_ID)
        .sign(await importJWK(key, 'RS256'));
    }

    it('refuses end-session without id_token_hint', async () => {
      const response = await endSession(postLogout());
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body)).toMatchObject({ error: 'invalid_request' });
      const asGet = await new Browser().request(
        `${endSessionUrl()}?${new URLSearchParams(postLogout())}`,
      );
      expect(asGet.status).toBe(400);
    });

    it('refuses a hint it did not issue', async () => {
      const { privateKey } = await import('node:crypto').then((crypto) =>
        crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }),
      );
      const forged = await idToken(
        {},
        { ...(privateKey.export({ format: 'jwk' }) as Record<string, string>), kid: 'forged' },
      );
      expect((await endSession({ ...postLogout(), id_token_hint: forged })).status).toBe(400);
    });

    it('accepts an expired ID token it issued as the hint', async () => {
      const now = Math.floor(Date.now() / 1000);
      const expired = await idToken({ iat: now - 7200, exp: now - 3600 });
      const response = await endSession({ ...postLogout(), id_token_hint: expired });
      expect(response.status, response.body).toBeLessThan(400);
    });
  });
});

describe('CIS2_LOGOUT=local (the default)', () => {
  let env: LocalEnvironment;
  beforeAll(async () => {
    env = await startLocalEnvironment({ logLevel: 'silent' });
  });
  afterAll(async () => {
    await env?.close();
  });

  it('the sign-out form ends our session and goes to the signed-out page, CIS2 untouched', async () => {
    const browser = new Browser();
    await signIn(browser, env.origin, SPC);
    const response = await browser.request(`${env.origin}/bff/logout`, {
      method: 'POST',
      headers: FORM_NAVIGATION,
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/signed-out');
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
    expect(browser.seen.some((seen) => seen.url.startsWith(env.cis2.issuer + '/connect'))).toBe(
      false,
    );
  });
});

describe('an ID token that has expired since sign-in', () => {
  it('is still sent as id_token_hint (RP-Initiated Logout 1.0 §2 asks providers to accept it)', async () => {
    let later = 0;
    const bff = await startBffWithForgedCis2({
      config: { CIS2_LOGOUT: 'cis2' },
      now: () => Date.now() + later,
    });
    try {
      const signedIn = await roundTripWith(bff);
      await expectSignedIn(bff, signedIn);
      // Ten minutes on: the ID token (5 minutes) has expired, the session (15 idle) has not.
      later = 10 * 60_000;
      const page = await signedIn.browser.request('/bff/logout', {
        method: 'POST',
        headers: FORM_NAVIGATION,
      });
      expect(page.status).toBe(200);
      const hint = formIn(page.body, 'cis2-end-session').fields.get('id_token_hint') ?? '';
      expect(decodeJwt(hint).exp! * 1000).toBeLessThan(Date.now() + later);
    } finally {
      await bff.close();
    }
  });
});
