/**
 * The acting context against the e-RS stand-in: A030 once per session, the pairs at the CIS2
 * role's organisation, the SPC admin choosing the clinician acted for (A040), and changing the
 * context without signing out.
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

describe('acting context', () => {
  it('offers the pairs at the signed-in role organisation, asking e-RS (A030) once per session', async () => {
    const browser = new Browser();
    await signIn(browser, env.origin, '555073103100', { roleId: '555073103100201' });
    const before = a030Calls();
    const first = await browser.request(`${env.origin}/api/acting-context`, { headers: CSRF });
    expect(first.status).toBe(200);
    expect(json(first.body)).toEqual({
      current: { odsCode: 'D82106', businessFunction: 'REFERRING_CLINICIAN', onBehalfOf: null },
      organisation: { odsCode: 'D82106', name: 'THE GREEN SURGERY' },
      options: [{ odsCode: 'D82106', businessFunction: 'REFERRING_CLINICIAN' }],
    });
    await browser.request(`${env.origin}/api/acting-context`, { headers: CSRF });
    expect(a030Calls() - before).toBe(1);
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
