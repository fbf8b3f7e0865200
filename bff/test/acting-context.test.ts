/**
 * The acting context against the e-RS stand-in: A030 once per session and the only source of
 * the pairs offered (at whichever organisations), the default from the CIS2 role when exactly
 * one pair matches it, the SPC admin choosing the clinician acted for (A040), and changing the
 * context without signing out. The stand-in's A030 comes from each persona's e-RS registration,
 * not from their CIS2 roles (bff/standins/personas.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Browser,
  WITHOUT_RATE_LIMITS,
  signIn,
  startLocalEnvironment,
  type LocalEnvironment,
} from './support/harness';

const CSRF = { 'X-CSRF': '1' };
let env: LocalEnvironment;
beforeAll(async () => {
  env = await startLocalEnvironment({ logLevel: 'silent', ...WITHOUT_RATE_LIMITS });
});
afterAll(async () => {
  await env?.close();
});

const json = (body: string) => JSON.parse(body) as Record<string, unknown>;
const a030Calls = () =>
  env.apimErs.ersRequests.filter((request) => request.path.startsWith('/R4/PractitionerRole'))
    .length;

async function choose(browser: Browser, body: unknown) {
  return browser.request(`${env.origin}/api/acting-context`, {
    method: 'PUT',
    headers: { ...CSRF, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** The e-RS requests made since `from`, as (path, ODS, business function, on-behalf-of). */
const sentSince = (from: number) =>
  env.apimErs.ersRequests.slice(from).map((request) => ({
    path: request.path,
    odsCode: request.headers['nhsd-end-user-organisation-ods'],
    businessFunction: request.headers['nhsd-ers-business-function'],
    onBehalfOf: request.headers['nhsd-ers-on-behalf-of-user-id'],
  }));

const get = (browser: Browser, path: string) =>
  browser.request(`${env.origin}${path}`, { headers: CSRF });

describe('acting context', () => {
  it('offers every A030 pair at every organisation, defaults to the CIS2 role, asks A030 once', async () => {
    const browser = new Browser();
    await signIn(browser, env.origin, '555073103100', { roleId: '555073103100201' });
    const before = a030Calls();
    const first = await get(browser, '/api/acting-context');
    expect(first.status).toBe(200);
    expect(json(first.body)).toEqual({
      current: { odsCode: 'D82106', businessFunction: 'REFERRING_CLINICIAN', onBehalfOf: null },
      organisation: { odsCode: 'D82106', name: 'THE GREEN SURGERY' },
      options: [
        {
          odsCode: 'D82106',
          organisationName: 'THE GREEN SURGERY',
          businessFunction: 'REFERRING_CLINICIAN',
        },
        {
          odsCode: 'R69',
          organisationName: 'THE NORTH MIDLANDS HOSPITALS NHS TRUST',
          businessFunction: 'SERVICE_PROVIDER_CLINICIAN',
        },
      ],
    });
    await get(browser, '/api/acting-context');
    expect(a030Calls() - before).toBe(1);
  });

  it("asks a user whose A030 pairs are all away from the CIS2 role's organisation, and sends nothing else first", async () => {
    const browser = new Browser();
    const before = env.apimErs.ersRequests.length;
    // CIS2 role at RCD; e-RS lists R69 and R68 only, as the spec's A030 example does.
    await signIn(browser, env.origin, '555041000101');
    const refused = await get(browser, '/api/referrals/000000070104');
    expect(refused.status).toBe(403);
    expect(json(refused.body).code).toBe('acting_context_required');
    const offered = json((await get(browser, '/api/acting-context')).body);
    expect(offered.current).toBeNull();
    expect(offered.options).toEqual([
      { odsCode: 'R69', organisationName: null, businessFunction: 'SERVICE_PROVIDER_CLINICIAN' },
      { odsCode: 'R69', organisationName: null, businessFunction: 'SERVICE_PROVIDER_ADMIN' },
      { odsCode: 'R68', organisationName: null, businessFunction: 'REFERRING_CLINICIAN' },
    ]);
    // Only A030 reached e-RS: no pair was guessed from the CIS2 role.
    expect(sentSince(before).map((sent) => sent.path)).toEqual(['/R4/PractitionerRole']);

    const chosen = await choose(browser, {
      odsCode: 'R69',
      businessFunction: 'SERVICE_PROVIDER_CLINICIAN',
    });
    expect(chosen.status).toBe(200);
    const referral = await get(browser, '/api/referrals/000000070104');
    expect(referral.status).toBe(200);
    expect(sentSince(before).at(-1)).toMatchObject({
      odsCode: 'R69',
      businessFunction: 'SERVICE_PROVIDER_CLINICIAN',
    });
  });

  it('lets a user whose CIS2 role has no e-RS activity code work in the pair A030 lists', async () => {
    const browser = new Browser();
    await signIn(browser, env.origin, '555041000103');
    const offered = json((await get(browser, '/api/acting-context')).body);
    // The CIS2 role suggests nothing, so nothing is assumed: she chooses.
    expect(offered.current).toBeNull();
    expect(offered.options).toEqual([
      {
        odsCode: 'RCD',
        organisationName: 'HARROGATE AND DISTRICT NHS FOUNDATION TRUST',
        businessFunction: 'SERVICE_PROVIDER_CLINICIAN',
      },
    ]);
    expect(
      (await choose(browser, { odsCode: 'RCD', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' }))
        .status,
    ).toBe(200);
    expect((await get(browser, '/api/referrals/000000070000')).status).toBe(200);
  });

  it('tells a user A030 lists no pair for that there is nothing to choose, and calls nothing else', async () => {
    const browser = new Browser();
    const before = env.apimErs.ersRequests.length;
    await signIn(browser, env.origin, '555041000104');
    const offered = json((await get(browser, '/api/acting-context')).body);
    expect(offered).toMatchObject({ current: null, options: [] });
    const refused = await get(browser, '/api/referrals/000000070000');
    expect(refused.status).toBe(403);
    expect(json(refused.body).code).toBe('no_ers_roles');
    expect(sentSince(before).map((sent) => sent.path)).toEqual(['/R4/PractitionerRole']);
  });

  it("lets an SPC admin whose A030 pair is at another organisation than the CIS2 role's choose a clinician and work", async () => {
    const browser = new Browser();
    const before = env.apimErs.ersRequests.length;
    await signIn(browser, env.origin, '555041000102');
    const worklist = await get(browser, '/api/worklists/REFERRALS_FOR_REVIEW');
    expect(json(worklist.body).code).toBe('acting_context_required');

    const listed = await get(browser, '/api/on-behalf-of?odsCode=R69');
    expect(listed.status).toBe(200);
    expect(json(listed.body)).toEqual({
      practitioners: [{ userId: '555073103100', name: null }],
    });
    // A040 with the headers the spec lists for it: no on-behalf-of.
    expect(sentSince(before).at(-1)).toEqual({
      path: '/R4/Practitioner',
      odsCode: 'R69',
      businessFunction: 'SERVICE_PROVIDER_CLINICIAN_ADMIN',
      onBehalfOf: undefined,
    });

    const chosen = await choose(browser, {
      odsCode: 'R69',
      businessFunction: 'SERVICE_PROVIDER_CLINICIAN_ADMIN',
      onBehalfOfUserId: '555073103100',
    });
    expect(chosen.status).toBe(200);
    for (const path of ['/api/referrals/000000070104', '/api/reference-data/SPECIALTY']) {
      const response = await get(browser, path);
      expect(response.status, path).toBe(200);
    }
    // Every call after choosing is in the R69 pair, on behalf of the clinician (A004 included,
    // when its answer is not already cached).
    const afterChoosing = sentSince(before).filter((sent) => sent.path.startsWith('/STU3/'));
    expect(afterChoosing.length).toBeGreaterThan(0);
    for (const sent of afterChoosing) {
      expect(sent).toMatchObject({ odsCode: 'R69', onBehalfOf: '555073103100' });
    }
  });

  it('lets an SPC admin choose the clinician acted for, then sends it to e-RS', async () => {
    const browser = new Browser();
    await signIn(browser, env.origin, '555031998104');
    const refused = await browser.request(`${env.origin}/api/referrals/000000070000`, {
      headers: CSRF,
    });
    expect(refused.status).toBe(403);
    expect(json(refused.body).code).toBe('on_behalf_of_required');

    const listed = await browser.request(`${env.origin}/api/on-behalf-of`, { headers: CSRF });
    expect(listed.status).toBe(200);
    expect(JSON.stringify(json(listed.body))).toContain('555032006106');

    const chosen = await choose(browser, {
      odsCode: 'RCD',
      businessFunction: 'SERVICE_PROVIDER_CLINICIAN_ADMIN',
      onBehalfOfUserId: '555032006106',
    });
    expect(chosen.status).toBe(200);
    expect(json(chosen.body).current).toMatchObject({
      businessFunction: 'SERVICE_PROVIDER_CLINICIAN_ADMIN',
      onBehalfOf: { userId: '555032006106' },
    });

    const referral = await browser.request(`${env.origin}/api/referrals/000000070000`, {
      headers: CSRF,
    });
    expect(referral.status).toBe(200);
    const sent = env.apimErs.ersRequests.at(-1)!;
    expect(sent.headers['nhsd-ers-on-behalf-of-user-id']).toBe('555032006106');
    expect(sent.headers['nhsd-ers-business-function']).toBe('SERVICE_PROVIDER_CLINICIAN_ADMIN');

    const user = await browser.request(`${env.origin}/bff/user`, { headers: CSRF });
    expect(json(user.body).user).toMatchObject({
      actingAs: { onBehalfOf: { userId: '555032006106' } },
    });

    // Asked again while acting for someone, A040 still goes without the on-behalf-of header.
    const before = env.apimErs.ersRequests.length;
    expect((await get(browser, '/api/on-behalf-of')).status).toBe(200);
    expect(sentSince(before)).toEqual([
      {
        path: '/R4/Practitioner',
        odsCode: 'RCD',
        businessFunction: 'SERVICE_PROVIDER_CLINICIAN_ADMIN',
        onBehalfOf: undefined,
      },
    ]);
  });

  it('answers an SPC admin without a clinician on_behalf_of_required for reference data, whoever asked first', async () => {
    const admin = new Browser();
    await signIn(admin, env.origin, '555031998104');
    const clinician = new Browser();
    await signIn(clinician, env.origin, '555032006106');
    for (const [browser, status, code] of [
      [admin, 403, 'on_behalf_of_required'],
      // The clinician's answer is cached for everyone...
      [clinician, 200, undefined],
      // ...and still not given to the admin before she chooses a clinician.
      [admin, 403, 'on_behalf_of_required'],
    ] as const) {
      const response = await get(browser, '/api/reference-data/PRIORITY');
      expect(response.status).toBe(status);
      expect(json(response.body).code).toBe(code);
    }
  });

  it.each([
    ['a malformed body', 'not json', 400, 'invalid_request'],
    [
      'an unknown business function',
      { odsCode: 'RCD', businessFunction: 'KING' },
      400,
      'invalid_request',
    ],
    [
      'a pair e-RS does not offer',
      { odsCode: 'RCD', businessFunction: 'REFERRING_CLINICIAN' },
      403,
      'no_access',
    ],
    [
      'another organisation',
      { odsCode: 'R69', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' },
      403,
      'no_access',
    ],
    [
      'on-behalf-of for a clinician role',
      {
        odsCode: 'RCD',
        businessFunction: 'SERVICE_PROVIDER_CLINICIAN',
        onBehalfOfUserId: '555031998104',
      },
      400,
      'invalid_request',
    ],
    [
      'extra fields',
      { odsCode: 'RCD', businessFunction: 'SERVICE_PROVIDER_CLINICIAN', admin: true },
      400,
      'invalid_request',
    ],
  ])('refuses %s and changes nothing', async (_name, body, status, code) => {
    const browser = new Browser();
    await signIn(browser, env.origin, '555032006106');
    await get(browser, '/api/acting-context');
    const response =
      typeof body === 'string'
        ? await browser.request(`${env.origin}/api/acting-context`, {
            method: 'PUT',
            headers: { ...CSRF, 'content-type': 'application/json' },
            body,
          })
        : await choose(browser, body);
    expect(response.status).toBe(status);
    expect(json(response.body).code).toBe(code);
    const user = await browser.request(`${env.origin}/bff/user`, { headers: CSRF });
    expect(json(user.body).user).toMatchObject({
      actingAs: { odsCode: 'RCD', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' },
    });
  });

  it('refuses an SPC admin acting for a clinician e-RS does not list', async () => {
    const browser = new Browser();
    await signIn(browser, env.origin, '555031998104');
    const response = await choose(browser, {
      odsCode: 'RCD',
      businessFunction: 'SERVICE_PROVIDER_CLINICIAN_ADMIN',
      onBehalfOfUserId: '555073103100',
    });
    expect(response.status).toBe(403);
  });

  it('lists the clinicians for an organisation only where A030 offers SPC admin there', async () => {
    const admin = new Browser();
    await signIn(admin, env.origin, '555031998104');
    const listed = await admin.request(`${env.origin}/api/on-behalf-of?odsCode=RCD`, {
      headers: CSRF,
    });
    expect(listed.status).toBe(200);
    expect(listed.body).toContain('555032006106');

    const clinician = new Browser();
    await signIn(clinician, env.origin, '555032006106');
    const before = env.apimErs.ersRequests.length;
    const refused = await clinician.request(`${env.origin}/api/on-behalf-of?odsCode=RCD`, {
      headers: CSRF,
    });
    expect(refused.status).toBe(403);
    const malformed = await clinician.request(`${env.origin}/api/on-behalf-of?odsCode=rcd%20x`, {
      headers: CSRF,
    });
    expect(malformed.status).toBe(400);
    expect(
      env.apimErs.ersRequests
        .slice(before)
        .filter((request) => request.path.startsWith('/R4/Practitioner?')),
    ).toEqual([]);
  });

  it('refuses a change without the CSRF header', async () => {
    const browser = new Browser();
    await signIn(browser, env.origin, '555032006106');
    const response = await browser.request(`${env.origin}/api/acting-context`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ odsCode: 'RCD', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' }),
    });
    expect(response.status).toBe(403);
  });
});
