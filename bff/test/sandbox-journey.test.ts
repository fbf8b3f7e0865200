/**
 * `npm start -- --sandbox`, end to end: the BFF with ERS_ENV=sandbox, signed in through the CIS2
 * stand-in alone (no APIM, no e-RS stand-in), against a local fake of NHS's public e-RS sandbox
 * that answers with the specification's own examples (support/fake-sandbox.ts). The sandbox
 * persona is the user those examples describe, so each step a clinician takes gets the
 * sandbox's answer rather than its SANDBOX_ERROR.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxEnvironment, type SandboxEnvironment } from '../local/sandbox-environment';
import { SANDBOX_PERSONAS } from '../standins/sandbox-personas';
import { Browser, signIn } from './support/browser';
import { startFakeSandbox } from './support/fake-sandbox';

let sandbox: Awaited<ReturnType<typeof startFakeSandbox>>;
let env: SandboxEnvironment;
const ROBIN = SANDBOX_PERSONAS[0]!;
const [AT_R69, AT_R68] = ROBIN.roles;

beforeAll(async () => {
  sandbox = await startFakeSandbox();
  env = await startSandboxEnvironment({ logLevel: 'silent', ersBaseUrl: sandbox.url });
});
afterAll(async () => {
  await env?.close();
  await sandbox?.close();
});

async function signedIn(roleId: string) {
  const browser = new Browser();
  await signIn(browser, env.origin, ROBIN.uid, { roleId });
  const api = async (path: string, init: RequestInit = {}) => {
    const response = await browser.request(`${env.origin}${path}`, {
      ...init,
      headers: { 'X-CSRF': '1', 'Content-Type': 'application/json' },
    });
    return {
      status: response.status,
      json: () => JSON.parse(response.body) as Record<string, unknown>,
    };
  };
  return api;
}

describe('the sandbox, signed in through the CIS2 stand-in alone', () => {
  it('offers only the sandbox persona, the user of the A030 example', async () => {
    const picker = await new Browser().navigate(`${env.origin}/bff/login`);
    expect(picker.body).toContain(ROBIN.uid);
    expect(picker.body).not.toContain('555032006106');
  });

  it('as the provider clinician at R69: acting context, referral and attachment, worklist, reference data, PDF', async () => {
    const api = await signedIn(AT_R69!.personRoleId);

    // The R69 role's activity codes suggest two of the pairs A030 lists there, so the user is
    // asked rather than given one.
    const context = await api('/api/acting-context');
    expect(context.status).toBe(200);
    expect(context.json()).toMatchObject({ current: null });
    expect(context.json().options).toContainEqual(
      expect.objectContaining({ odsCode: 'R69', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' }),
    );
    const chosen = await api('/api/acting-context', {
      method: 'PUT',
      body: JSON.stringify({ odsCode: 'R69', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' }),
    });
    expect(chosen.status).toBe(200);

    const referral = await api('/api/referrals/000000070000');
    expect(referral.status).toBe(200);
    expect(referral.json()).toMatchObject({ ubrn: '000000070000' });
    const [attachment] = referral.json().attachments as Array<{ id: string }>;
    const file = await api(`/api/referrals/000000070000/attachments/${attachment!.id}`);
    expect(file.status).toBe(200);

    const worklist = await api('/api/worklists/REFERRALS_FOR_REVIEW');
    expect(worklist.status).toBe(200);

    const specialty = await api('/api/reference-data/SPECIALTY');
    expect(specialty.status).toBe(200);

    const pdf = await api('/api/referrals/000000070000/clinical-information');
    expect(pdf.status).toBe(200);

    const sent = sandbox.requests.filter((request) => request.path.includes('/STU3/'));
    expect(sent.length).toBeGreaterThanOrEqual(4);
    for (const request of sent) {
      expect(request.headers.authorization).toBeUndefined();
      expect(request.headers['nhsd-end-user-organisation-ods']).toBe('R69');
      expect(request.headers['nhsd-ers-business-function']).toBe('SERVICE_PROVIDER_CLINICIAN');
    }
  });

  it('as the referring clinician at R68: the referrer worklists and referrals', async () => {
    const api = await signedIn(AT_R68!.personRoleId);
    const context = await api('/api/acting-context');
    expect(context.json()).toMatchObject({
      current: { odsCode: 'R68', businessFunction: 'REFERRING_CLINICIAN' },
    });
    expect(context.json().options).toContainEqual(
      expect.objectContaining({ odsCode: 'R68', businessFunction: 'REFERRING_CLINICIAN' }),
    );
    expect((await api('/api/referrals/000000070001')).status).toBe(200);
    expect((await api('/api/worklists/AWAITING_BOOKING')).status).toBe(200);
  });
});
