/**
 * The patient banner over real HTTP: BFF + CIS2 stand-in + APIM/e-RS/PDS stand-in, one exchanged
 * APIM token for both NHS APIs. What the browser gets for each kind of PDS record, what PDS was
 * sent, what is audited, and that PDS is asked once per patient per session.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PatientLookupSchema } from '@ers/shared/patient';
import {
  Browser,
  capture,
  signIn,
  startLocalEnvironment,
  type LocalEnvironment,
  WITHOUT_RATE_LIMITS,
} from './support/harness';

const CSRF = { 'X-CSRF': '1' };
const PRIYA = '555032006106';
const PRIYA_ROLE = '555032006106101';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const logs = capture();
let env: LocalEnvironment;
const browser = new Browser();

beforeAll(async () => {
  env = await startLocalEnvironment({
    ...WITHOUT_RATE_LIMITS,
    logLevel: 'info',
    logDestination: logs.destination,
  });
  await signIn(browser, env.origin, PRIYA);
});
afterAll(async () => {
  await env?.close();
});
beforeEach(() => {
  env.apimErs.faults.clear();
});

const patientOf = async (ubrn: string) => {
  const response = await browser.request(`${env.origin}/api/referrals/${ubrn}/patient`, {
    headers: CSRF,
  });
  return { response, json: JSON.parse(response.body) as unknown };
};

const pdsAuditEvents = () =>
  logs.lines.filter((line) => (line as { audit?: string }).audit === 'pds_retrieval');

describe('GET /api/referrals/{ubrn}/patient', () => {
  it('shows the patient PDS holds, asked with the same APIM token as e-RS and PDS’s headers', async () => {
    const { response, json } = await patientOf('000000070000');
    expect(response.status).toBe(200);
    expect(PatientLookupSchema.parse(json)).toMatchObject({
      status: 'found',
      patient: {
        restriction: 'none',
        nhsNumber: '9912003888',
        supersededNhsNumber: null,
        name: { family: 'Smith', given: ['Jane'], prefix: ['Mrs'] },
        birthDate: '2010-10-22',
        gender: 'female',
        gpPracticeOdsCode: 'Y12345',
        homeAddress: { postalCode: 'LS1 6AE' },
      },
    });
    const sent = env.apimErs.pdsRequests.at(-1)!;
    expect(sent.path).toBe('/Patient/9912003888');
    expect(sent.headers.authorization).toBe(env.apimErs.ersRequests.at(-1)!.headers.authorization);
    expect(sent.headers['x-request-id']).toMatch(UUID);
    expect(sent.headers['x-correlation-id']).toBe(response.headers.get('x-correlation-id'));
    expect(sent.headers['nhsd-session-urid']).toBe(PRIYA_ROLE);
    expect(sent.headers['nhsd-end-user-organisation-ods']).toBe('RCD');
    expect(sent.headers.cookie).toBeUndefined();
  });

  it('asks PDS once per patient per session', async () => {
    const before = env.apimErs.pdsRequests.length;
    for (const ubrn of ['000000070000', '000000070001', '000000070002']) {
      expect((await patientOf(ubrn)).response.status).toBe(200);
    }
    expect(env.apimErs.pdsRequests.length).toBe(before);
  });

  it('sends the browser only name, date of birth and NHS number of a restricted patient', async () => {
    const { response, json } = await patientOf('000000070102');
    expect(json).toEqual({
      status: 'found',
      patient: {
        restriction: 'restricted',
        nhsNumber: '9462979626',
        supersededNhsNumber: null,
        nhsNumberVerification: { code: '01', display: 'Number present and verified' },
        name: { prefix: ['Mrs'], given: ['Janet'], family: 'Smythe', suffix: ['MBE'] },
        birthDate: '2010-10-22',
      },
    });
    expect(response.body).not.toMatch(/address|postalCode|generalPractitioner|gpPractice/i);
  });

  it('shows the current NHS number of a superseded one, and says it changed', async () => {
    const { json } = await patientOf('000000070108');
    expect(json).toMatchObject({
      status: 'found',
      patient: { nhsNumber: '9732019395', supersededNhsNumber: '1000000001' },
    });
  });

  it.each([
    ['000000070103', 'not_found', /no record/],
    ['000000070101', 'invalidated', /invalidated/],
  ])('answers %s as %s in plain words', async (ubrn, status, detail) => {
    const { response, json } = await patientOf(ubrn);
    expect(response.status).toBe(200);
    expect(json).toMatchObject({ status, detail: expect.stringMatching(detail) });
  });

  it('is a pds_unavailable problem when PDS is down, the referral still served', async () => {
    // A patient not yet cached in this session, so PDS is asked.
    const fresh = new Browser();
    await signIn(fresh, env.origin, PRIYA);
    env.apimErs.faults.enqueue({ operation: 'PDS', status: 503, times: 3 });
    const response = await fresh.request(`${env.origin}/api/referrals/000000070000/patient`, {
      headers: CSRF,
    });
    expect(response.status).toBe(503);
    expect(JSON.parse(response.body)).toMatchObject({
      code: 'pds_unavailable',
      detail: expect.stringMatching(/could not be reached/),
      correlationId: response.headers.get('x-correlation-id'),
    });
    const referral = await fresh.request(`${env.origin}/api/referrals/000000070000`, {
      headers: CSRF,
    });
    expect(referral.status).toBe(200);
  }, 15_000);

  it('audits each PDS retrieval with its operation, UBRN and outcome, never the patient', async () => {
    const events = pdsAuditEvents();
    expect(events.length).toBeGreaterThan(0);
    expect(events).toContainEqual(
      expect.objectContaining({
        operation: 'GET /Patient',
        ubrn: '000000070102',
        outcome: 'ok',
        result: 'success',
        roleId: PRIYA_ROLE,
        pdsRequestId: expect.stringMatching(UUID),
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ ubrn: '000000070001', outcome: 'ok', cached: true }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ ubrn: '000000070000', outcome: 'unavailable', result: 'failure' }),
    );
    const text = logs.raw.join('\n');
    for (const secret of ['9912003888', '9462979626', 'Smythe', 'LS1 6AE', 'Trevelyan']) {
      expect(text).not.toContain(secret);
    }
  });
});
