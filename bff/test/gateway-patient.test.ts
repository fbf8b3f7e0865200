/**
 * The patient route in-process, e-RS and PDS as a MockAgent: what it sends PDS and when it does
 * not ask at all (a number failing Modulus 11, a patient already looked up, no PDS configured),
 * how it reads PDS's answers (a restricted record keeps no location even when PDS sends one, a
 * 401 gets one renewal, a 429 is retried with the same X-Request-ID), PDS's rate limit, and the
 * audit event of each retrieval.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PatientLookupSchema } from '@ers/shared/patient';
import { createTokenBucketLimiter } from '../src/ers/rate-limiter';
import {
  PDS_BASE,
  pdsPatient,
  problemOf,
  specExample,
  startGateway,
  type Gateway,
  type GatewayOptions,
} from './support/harness';

const UBRN = '000000070000';
const A005 = `/referrals/FHIR/STU3/ReferralRequest/${UBRN}`;
const PDS_PATH = new URL(PDS_BASE).pathname;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The spec's A005 example for the patient `nhsNumber`. */
function referralFor(nhsNumber: string) {
  const referral = specExample('/STU3/ReferralRequest/{ubrn}', 'get', 'unbooked') as {
    subject: { identifier: { value: string } };
  };
  referral.subject.identifier.value = nhsNumber;
  return referral;
}

let gw: Gateway;
afterEach(async () => {
  await gw?.close();
});

async function start(nhsNumber: string, options: GatewayOptions = {}) {
  gw = await startGateway(options);
  gw.upstream.on('GET', A005, { status: 200, body: referralFor(nhsNumber) });
  return gw;
}

const pdsCalls = () => gw.upstream.calls.filter((call) => call.path.startsWith(PDS_PATH));
const pdsAudits = () => gw.audits.filter((line) => line.audit === 'pds_retrieval');
const patient = (sessionId?: string) =>
  gw.request(`/api/referrals/${UBRN}/patient`, sessionId ? { sessionId } : {});

describe('GET /api/referrals/{ubrn}/patient', () => {
  it('asks PDS for the referral’s NHS number with PDS’s headers', async () => {
    await start('9912003888');
    gw.upstream.on('GET', `${PDS_BASE}/Patient/9912003888`, {
      status: 200,
      body: pdsPatient('9912003888'),
    });
    const response = await patient();
    expect(response.status).toBe(200);
    expect(PatientLookupSchema.parse(await response.json())).toMatchObject({
      status: 'found',
      patient: { nhsNumber: '9912003888', name: { family: 'Smith' }, gpPracticeOdsCode: 'Y12345' },
    });
    const [sent] = pdsCalls();
    expect(sent!.headers).toMatchObject({
      authorization: 'Bearer apim-token-1',
      accept: 'application/fhir+json',
      'x-request-id': expect.stringMatching(UUID),
      'x-correlation-id': response.headers.get('x-correlation-id'),
      'nhsd-session-urid': '555032008102',
      'nhsd-end-user-organisation-ods': 'R69',
    });
    expect(sent!.headers).not.toHaveProperty('cookie');
  });

  it('does not ask e-RS again for a referral just shown', async () => {
    await start('9912003888');
    gw.upstream.on('GET', `${PDS_BASE}/Patient/9912003888`, {
      status: 200,
      body: pdsPatient('9912003888'),
    });
    expect((await gw.request(`/api/referrals/${UBRN}`)).status).toBe(200);
    expect((await patient()).status).toBe(200);
    expect(gw.upstream.ersCalls().filter((call) => call.path === A005)).toHaveLength(1);
  });

  it.each([
    ['the referral', ['referral', 'patient']],
    ['the patient', ['patient', 'referral']],
  ])(
    'asks e-RS once for a referral and its patient asked for at the same time, %s first',
    async (_, order) => {
      await start('9912003888');
      gw.upstream.on('GET', `${PDS_BASE}/Patient/9912003888`, {
        status: 200,
        body: pdsPatient('9912003888'),
      });
      const ask = (what: string) =>
        what === 'patient' ? patient() : gw.request(`/api/referrals/${UBRN}`);
      const responses = await Promise.all(order.map(ask));
      expect(responses.map((response) => response.status)).toEqual([200, 200]);
      expect(gw.upstream.ersCalls().filter((call) => call.path === A005)).toHaveLength(1);
      // Both audited; the one that waited as served from cache.
      const audited = gw.audits.filter(
        (line) => line.audit === 'ers_retrieval' && line.operation === 'A005',
      );
      expect(audited.map((event) => event.cached ?? false).sort()).toEqual([false, true]);
    },
  );

  it('shows "NHS number not valid" without asking PDS when the number fails Modulus 11', async () => {
    await start('9000000000');
    const response = await patient();
    expect(await response.json()).toEqual({
      status: 'invalid_nhs_number',
      nhsNumber: '9000000000',
      detail: expect.stringMatching(/^NHS number not valid/),
    });
    expect(pdsCalls()).toHaveLength(0);
    expect(pdsAudits()).toEqual([
      expect.objectContaining({ outcome: 'invalid_nhs_number', ubrn: UBRN, result: 'success' }),
    ]);
  });

  it('keeps no address, GP or telephone of a restricted record even when PDS sends them', async () => {
    await start('9912003888');
    gw.upstream.on('GET', `${PDS_BASE}/Patient/9912003888`, {
      status: 200,
      body: pdsPatient('9912003888', 'R'),
    });
    const response = await patient();
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ patient: { restriction: 'restricted' } });
    expect(text).not.toMatch(/LS1 6AE|Trevelyan|Y12345|01632960587/);
    expect(gw.rawLog.join('\n')).not.toMatch(/LS1 6AE|Trevelyan|Y12345|01632960587|9912003888/);
  });

  it('asks PDS once per patient per session, and again for another session', async () => {
    await start('9912003888');
    gw.upstream.on('GET', `${PDS_BASE}/Patient/9912003888`, {
      status: 200,
      body: pdsPatient('9912003888'),
    });
    // Three at once (referrals opened in three tabs), then once more.
    await Promise.all([patient(), patient(), patient()]);
    await patient();
    expect(pdsCalls()).toHaveLength(1);
    await patient(await gw.signIn());
    expect(pdsCalls()).toHaveLength(2);
    expect(pdsAudits().map((event) => event.cached ?? false)).toEqual([
      false,
      true,
      true,
      true,
      false,
    ]);
  });

  it('renews the token once after a 401, then reports a second 401 as refused', async () => {
    await start('9912003888');
    gw.upstream.on('GET', `${PDS_BASE}/Patient/9912003888`, { status: 401 });
    const response = await patient();
    expect(response.status).toBe(502);
    expect(await problemOf(response)).toMatchObject({ code: 'pds_access_refused' });
    expect(pdsCalls().map((call) => call.headers.authorization)).toEqual([
      'Bearer apim-token-1',
      'Bearer apim-token-2',
    ]);
    expect(gw.accessTokens.renewals).toEqual([{ rejected: 'apim-token-1' }]);
  });

  it('retries a 429 with the same X-Request-ID; a new request gets a new one', async () => {
    await start('9912003888');
    gw.upstream.on(
      'GET',
      `${PDS_BASE}/Patient/9912003888`,
      { status: 429 },
      { status: 200, body: pdsPatient('9912003888') },
    );
    expect((await patient()).status).toBe(200);
    await patient(await gw.signIn());
    const ids = pdsCalls().map((call) => call.headers['x-request-id']);
    expect(ids).toHaveLength(3);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('refuses beyond PDS’s rate limit without calling PDS', async () => {
    await start('9912003888', {
      pds: { limiter: createTokenBucketLimiter({ perSecond: 5, burst: 5 }, () => 0) },
    });
    gw.upstream.on('GET', `${PDS_BASE}/Patient/9912003888`, {
      status: 200,
      body: pdsPatient('9912003888'),
    });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await patient(await gw.signIn())).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 503]);
    expect(pdsCalls()).toHaveLength(5);
  });

  it.each([
    ['a 503', { status: 503 }, 503, 'pds_unavailable'],
    [
      'a 400',
      { status: 400, body: { resourceType: 'OperationOutcome', issue: [] } },
      502,
      'pds_access_refused',
    ],
    ['a Bundle', { status: 200, body: { resourceType: 'Bundle' } }, 502, 'pds_unavailable'],
    [
      'a Patient whose identifier is another number',
      {
        status: 200,
        body: {
          ...pdsPatient('9912003888'),
          identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9000000017' }],
        },
      },
      502,
      'pds_unavailable',
    ],
  ])('answers %s from PDS as %s %s, audited as a failure', async (_, reply, status, code) => {
    await start('9912003888');
    gw.upstream.on('GET', `${PDS_BASE}/Patient/9912003888`, reply);
    const response = await patient();
    expect(response.status).toBe(status);
    expect(await problemOf(response)).toMatchObject({ code });
    expect(pdsAudits().at(-1)).toMatchObject({ result: 'failure', problemCode: code });
  });

  it('says plainly that the sandbox’s patients are not PDS sandbox patients', async () => {
    await start('9912003888', { pdsIsSandbox: true });
    gw.upstream.on('GET', `${PDS_BASE}/Patient/9912003888`, {
      status: 404,
      body: {
        resourceType: 'OperationOutcome',
        issue: [{ code: 'not-found', details: { coding: [{ code: 'RESOURCE_NOT_FOUND' }] } }],
      },
    });
    expect(await (await patient()).json()).toEqual({
      status: 'not_found',
      detail: expect.stringMatching(/sandbox.*expected/),
    });
    // PDS's "no record" is remembered for the session too.
    expect(await (await patient()).json()).toMatchObject({ status: 'not_found' });
    expect(pdsCalls()).toHaveLength(1);
  });

  it('says patient details are not available where no PDS is configured', async () => {
    await start('9912003888', { pds: null });
    expect(await (await patient()).json()).toMatchObject({ status: 'not_configured' });
  });
});
