/**
 * The walking skeleton through every layer, over real HTTP: BFF + CIS2 stand-in + APIM/e-RS
 * stand-in. Each step checks what a browser would see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Browser,
  SESSION_COOKIE,
  signIn,
  startLocalEnvironment,
  type LocalEnvironment,
  WITHOUT_RATE_LIMITS,
} from './support/harness';

const CSRF = { 'X-CSRF': '1' };
const SPC = '555032006106';

let env: LocalEnvironment;
beforeAll(async () => {
  env = await startLocalEnvironment({ logLevel: 'silent', ...WITHOUT_RATE_LIMITS });
});
afterAll(async () => {
  await env?.close();
});

describe('sign in, retrieve a referral, sign out', () => {
  const browser = new Browser();

  it('signs in through CIS2 and lands on the page asked for, with an HttpOnly session cookie', async () => {
    const landed = await signIn(browser, env.origin, SPC, { returnTo: '/referrals/000000070000' });
    expect(landed.url).toBe(`${env.origin}/referrals/000000070000`);
    const setCookie = browser.seen
      .flatMap((seen) => seen.headers.getSetCookie())
      .find((line) => line.startsWith(`${SESSION_COOKIE}=`));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/Secure/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Domain=/i);
  });

  it('tells the SPA who is signed in, with role, organisation and acting context', async () => {
    // The acting context is e-RS A030's one pair the CIS2 role suggests, settled on first ask.
    await browser.request(`${env.origin}/api/acting-context`, { headers: CSRF });
    const response = await browser.request(`${env.origin}/bff/user`, { headers: CSRF });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(JSON.parse(response.body)).toMatchObject({
      user: {
        uid: SPC,
        name: 'Dr Priya Shah',
        role: { name: 'Consultant' },
        organisation: { odsCode: 'RCD', name: 'HARROGATE AND DISTRICT NHS FOUNDATION TRUST' },
        actingAs: { odsCode: 'RCD', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' },
      },
    });
  });

  it('retrieves a referral through APIM and e-RS with the acting-context headers', async () => {
    const response = await browser.request(`${env.origin}/api/referrals/000000070000`, {
      headers: CSRF,
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({
      ubrn: '000000070000',
      status: { code: 'NOT_BOOKED' },
      priority: { code: 'ROUTINE', label: 'Routine' },
      specialty: { code: 'CARDIOLOGY', label: 'Cardiology' },
      nhsNumber: '9912003888',
    });
    const sent = env.apimErs.ersRequests.at(-1);
    expect(sent?.path).toBe('/STU3/ReferralRequest/000000070000');
    expect(sent?.headers['nhsd-end-user-organisation-ods']).toBe('RCD');
    expect(sent?.headers['nhsd-ers-business-function']).toBe('SERVICE_PROVIDER_CLINICIAN');
    expect(sent?.headers.authorization).toMatch(/^Bearer .+/);
    expect(sent?.headers['x-correlation-id']).toBe(response.headers.get('x-correlation-id'));
    expect(sent?.headers.cookie).toBeUndefined();
    expect(response.headers.get('x-ers-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown UBRN with a referral_not_found problem carrying both ids', async () => {
    const response = await browser.request(`${env.origin}/api/referrals/123456789012`, {
      headers: CSRF,
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = JSON.parse(response.body);
    expect(problem).toMatchObject({ code: 'referral_not_found', status: 404 });
    expect(problem.correlationId).toBe(response.headers.get('x-correlation-id'));
    expect(problem.ersRequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each(['12345', '1234567890123', 'abcdefghijkl', '00000007000%2F'])(
    'refuses the malformed UBRN %s before any upstream call',
    async (ubrn) => {
      const before = env.apimErs.ersRequests.length;
      const response = await browser.request(`${env.origin}/api/referrals/${ubrn}`, {
        headers: CSRF,
      });
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body)).toMatchObject({ code: 'invalid_ubrn' });
      expect(env.apimErs.ersRequests.length).toBe(before);
    },
  );

  it('refuses API calls without the X-CSRF header', async () => {
    const before = env.apimErs.ersRequests.length;
    const response = await browser.request(`${env.origin}/api/referrals/000000070000`);
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'csrf_required' });
    expect(env.apimErs.ersRequests.length).toBe(before);
  });

  it('refuses a cross-site logout even with the header', async () => {
    const response = await browser.request(`${env.origin}/bff/logout`, {
      method: 'POST',
      headers: { ...CSRF, 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(response.status).toBe(403);
    const user = await browser.request(`${env.origin}/bff/user`, { headers: CSRF });
    expect(user.status).toBe(200);
  });

  it('answers unknown API routes and oversized bodies with problems', async () => {
    const unknown = await browser.request(`${env.origin}/api/nothing-here`, { headers: CSRF });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ code: 'route_not_found' });

    const oversized = await browser.request(`${env.origin}/bff/logout`, {
      method: 'POST',
      headers: { ...CSRF, 'content-type': 'application/json' },
      body: 'x'.repeat(64 * 1024),
    });
    expect(oversized.status).toBe(413);
    expect(JSON.parse(oversized.body)).toMatchObject({ code: 'payload_too_large' });
  });

  it('signs out: the session is gone on the server, not just in the browser', async () => {
    const sessionId = browser.cookie(SESSION_COOKIE);
    expect(sessionId).toBeDefined();
    const response = await browser.request(`${env.origin}/bff/logout`, {
      method: 'POST',
      headers: CSRF,
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ redirectTo: '/signed-out' });
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();

    // Replaying the old cookie must not work either.
    browser.setCookie(SESSION_COOKIE, sessionId!);
    const after = await browser.request(`${env.origin}/bff/user`, { headers: CSRF });
    expect(after.status).toBe(401);
    expect(JSON.parse(after.body)).toMatchObject({ code: 'not_signed_in' });
  });

  it('never showed the browser a token', () => {
    const tokens = env.tokens();
    expect(tokens.length).toBeGreaterThanOrEqual(4);
    const bffResponses = browser.seen.filter((seen) => seen.url.startsWith(env.origin));
    expect(bffResponses.length).toBeGreaterThan(5);
    for (const seen of bffResponses) {
      const visible = `${seen.body}\n${[...seen.headers].map(([name, value]) => `${name}: ${value}`).join('\n')}`;
      for (const token of tokens) expect(visible).not.toContain(token);
    }
  });
});

describe('sign-in refusals', () => {
  it.each([
    ['555031999105', 'low_identity_assurance'],
    ['656005750110', 'low_authentication_assurance'],
    ['555000000003', 'no_roles'],
  ])('persona %s ends on the %s page with no session', async (uid, reason) => {
    const browser = new Browser();
    const landed = await signIn(browser, env.origin, uid);
    expect(landed.url).toBe(`${env.origin}/sign-in-problem?reason=${reason}`);
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
  });

  it('refuses a replayed callback', async () => {
    const browser = new Browser();
    await signIn(browser, env.origin, SPC);
    const callback = browser.seen.find((seen) => seen.url.startsWith(`${env.origin}/bff/callback`));
    expect(callback).toBeDefined();
    const attacker = new Browser();
    const replay = await attacker.request(callback!.url);
    expect(replay.headers.get('location')).toBe('/sign-in-problem?reason=invalid_callback');
    expect(attacker.cookie(SESSION_COOKIE)).toBeUndefined();
  });

  it("keeps each sign-in's own role when one person signs in twice with different roles", async () => {
    const [first, second] = [new Browser(), new Browser()];
    // Interleaved: the first picks a role, the second picks another and finishes, and only then
    // does the first's callback redeem its code.
    const pending = await signIn(first, env.origin, '555073103100', {
      roleId: '555073103100201',
      stopBeforeCallback: true,
    });
    expect(pending.next).toContain('/bff/callback?');
    await signIn(second, env.origin, '555073103100', { roleId: '555073103100202' });
    await first.navigate(pending.next!);
    // Each defaults to the e-RS A030 pair its own CIS2 role suggests.
    const acting = async (browser: Browser) =>
      JSON.parse(
        (await browser.request(`${env.origin}/api/acting-context`, { headers: CSRF })).body,
      ).current;
    expect(await acting(first)).toEqual({
      odsCode: 'D82106',
      businessFunction: 'REFERRING_CLINICIAN',
      onBehalfOf: null,
    });
    expect(await acting(second)).toEqual({
      odsCode: 'R69',
      businessFunction: 'SERVICE_PROVIDER_CLINICIAN',
      onBehalfOf: null,
    });
  });

  it('asks the several-roles persona to pick a role, then acts in it', async () => {
    const browser = new Browser();
    await signIn(browser, env.origin, '555073103100', { roleId: '555073103100202' });
    await browser.request(`${env.origin}/api/acting-context`, { headers: CSRF });
    const user = await browser.request(`${env.origin}/bff/user`, { headers: CSRF });
    expect(JSON.parse(user.body).user.actingAs).toEqual({
      odsCode: 'R69',
      businessFunction: 'SERVICE_PROVIDER_CLINICIAN',
    });
    // The role not signed in with is listed apart, with how to use it.
    expect(JSON.parse(user.body).user.otherRoles).toEqual([
      {
        id: '555073103100201',
        name: 'General Medical Practitioner',
        organisation: { odsCode: 'D82106', name: 'THE GREEN SURGERY' },
        usableForErs: true,
        reason: 'Select this role when you sign in to use it',
      },
    ]);
  });
});
