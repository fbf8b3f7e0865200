/**
 * The A&G patient routes in-process, e-RS and PDS as a MockAgent. The request's banner: the NHS
 * number is the one A024 gave (remembered from the A&G request route, or asked again; shared
 * with a request route asking at the same time), never the browser's; A024's access rule and
 * refusals. The worklist's rows: only rows of an A023 list served to the session (asked again
 * once when this process has none), refused whole before PDS otherwise. Then PDS as the referral
 * side asks it, once per patient per session across them all (gateway-patient.test.ts and
 * gateway-worklist-patients.test.ts cover PDS's answers in depth).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ADVICE_REQUESTS, adviceWorklistList } from '@ers/fixtures/advice-and-guidance';
import { PatientLookupSchema } from '@ers/shared/patient';
import { WorklistPatientsSchema } from '@ers/shared/worklist-patients';
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
const A024 = `/referrals/FHIR/STU3/CommunicationRequest/${UBRN}`;
const PDS_PATH = new URL(PDS_BASE).pathname;

/** The spec's A024 example for the patient `nhsNumber`. */
function adviceRequestFor(nhsNumber: string) {
  const request = specExample('/STU3/CommunicationRequest/{ubrn}', 'get', 'minimal') as {
    subject: { identifier: { value: string } };
  };
  request.subject.identifier.value = nhsNumber;
  return request;
}

let gw: Gateway;
afterEach(async () => {
  await gw?.close();
});

async function start(nhsNumber: string, options: GatewayOptions = {}) {
  gw = await startGateway(options);
  gw.upstream.on('GET', A024, { status: 200, body: adviceRequestFor(nhsNumber) });
  for (const each of [nhsNumber, '9000000009']) {
    gw.upstream.on('GET', `${PDS_BASE}/Patient/${each}`, { status: 200, body: pdsPatient(each) });
  }
  return gw;
}

const pdsCalls = () => gw.upstream.calls.filter((call) => call.path.startsWith(PDS_PATH));
const a024Calls = () => gw.upstream.ersCalls().filter((call) => call.path === A024);
const patient = (query = '') => gw.request(`/api/advice-and-guidance/${UBRN}/patient${query}`);

describe('GET /api/advice-and-guidance/{ubrn}/patient', () => {
  it('asks PDS for the NHS number A024 gives, whatever number the browser sends', async () => {
    await start('9912003888');
    const response = await patient('?nhsNumber=9000000009');
    expect(response.status).toBe(200);
    expect(PatientLookupSchema.parse(await response.json())).toMatchObject({
      status: 'found',
      patient: { nhsNumber: '9912003888', name: { family: 'Smith' } },
    });
    expect(pdsCalls().map((call) => call.path)).toEqual([`${PDS_PATH}/Patient/9912003888`]);
    expect(a024Calls()).toHaveLength(1);
    // One pds_retrieval event for the PDS call, beside the route's A024 retrieval.
    expect(gw.audits.map((event) => [event.audit, event.operation, event.ubrn])).toEqual([
      ['pds_retrieval', 'GET /Patient', UBRN],
      ['ers_retrieval', 'A024', UBRN],
    ]);
    expect(gw.audits[0]).toMatchObject({ outcome: 'ok', result: 'success' });
  });

  it('does not ask e-RS again for an A&G request just shown', async () => {
    await start('9912003888');
    expect((await gw.request(`/api/advice-and-guidance/${UBRN}`)).status).toBe(200);
    expect((await patient()).status).toBe(200);
    expect(a024Calls()).toHaveLength(1);
  });

  it.each([
    ['the request', ['request', 'patient']],
    ['the patient', ['patient', 'request']],
  ])(
    'asks e-RS once for an A&G request and its patient asked for at the same time, %s first',
    async (_, order) => {
      await start('9912003888');
      const ask = (what: string) =>
        what === 'patient' ? patient() : gw.request(`/api/advice-and-guidance/${UBRN}`);
      const responses = await Promise.all(order.map(ask));
      expect(responses.map((response) => response.status)).toEqual([200, 200]);
      expect(a024Calls()).toHaveLength(1);
    },
  );

  it('asks PDS once per patient per session, shared with the referral’s banner', async () => {
    await start('9912003888');
    gw.upstream.on('GET', '/referrals/FHIR/STU3/ReferralRequest/000000070001', {
      status: 200,
      body: (() => {
        const referral = specExample('/STU3/ReferralRequest/{ubrn}', 'get', 'unbooked') as {
          id: string;
          subject: { identifier: { value: string } };
        };
        referral.id = '000000070001';
        referral.subject.identifier.value = '9912003888';
        return referral;
      })(),
    });
    await patient();
    await patient();
    expect((await gw.request('/api/referrals/000000070001/patient')).status).toBe(200);
    expect(pdsCalls()).toHaveLength(1);
  });

  it('refuses an SP admin, as A024 does, without asking e-RS or PDS', async () => {
    await start('9912003888', { session: { businessFunction: 'SERVICE_PROVIDER_ADMIN' } });
    const response = await patient();
    expect(response.status).toBe(403);
    expect(await problemOf(response)).toMatchObject({ code: 'no_access' });
    expect(gw.upstream.calls).toEqual([]);
  });

  it('says a referral UBRN is not an A&G request, as A024 does, without asking PDS', async () => {
    gw = await startGateway();
    gw.upstream.on('GET', A024, {
      status: 422,
      body: {
        resourceType: 'OperationOutcome',
        issue: [
          {
            severity: 'error',
            code: 'business-rule',
            details: { coding: [{ code: 'INVALID_REQUEST_TYPE' }] },
          },
        ],
      },
    });
    const response = await patient();
    expect(response.status).toBe(422);
    expect(await problemOf(response)).toMatchObject({ code: 'advice_unprocessable' });
    expect(pdsCalls()).toEqual([]);
  });
});

describe('GET /api/advice-and-guidance/patients', () => {
  const A023 = '/referrals/FHIR/STU3/CommunicationRequest/$ers.fetchworklist';
  /** RCD's A&G worklist from the shared fixtures: 0000 0009 0000, 0001, 0002 and 0004. */
  const ROWS = ['000000090000', '000000090001', '000000090002', '000000090004'];
  const a023Calls = () => gw.upstream.ersCalls().filter((call) => call.path === A023);
  const rows = (ubrns: string[]) =>
    gw.request(`/api/advice-and-guidance/patients?${ubrns.map((u) => `ubrn=${u}`).join('&')}`);

  async function startAtRcd(options: GatewayOptions = {}) {
    gw = await startGateway({ session: { odsCode: 'RCD' }, ...options });
    gw.upstream.on('POST', A023, { status: 200, body: adviceWorklistList('RCD') });
    for (const each of ['9912003888', '9462979626']) {
      gw.upstream.on('GET', `${PDS_BASE}/Patient/${each}`, {
        status: 200,
        body: pdsPatient(each, each === '9462979626' ? 'R' : 'U'),
      });
    }
  }

  it('names the rows of the A&G worklist served, by the NHS numbers A023 gave, once per patient', async () => {
    await startAtRcd();
    expect((await gw.request('/api/advice-and-guidance')).status).toBe(200);
    const response = await rows(ROWS);
    expect(response.status).toBe(200);
    const { patients } = WorklistPatientsSchema.parse(await response.json());
    expect(patients.map((row) => [row.ubrn, row.status === 'found' && row.restricted])).toEqual([
      ['000000090000', false],
      ['000000090001', false],
      ['000000090002', true],
      ['000000090004', false],
    ]);
    // A023 once (the list itself); two patients, two PDS calls.
    expect(a023Calls()).toHaveLength(1);
    expect(
      pdsCalls()
        .map((call) => call.path)
        .sort(),
    ).toEqual([`${PDS_PATH}/Patient/9462979626`, `${PDS_PATH}/Patient/9912003888`]);
    // One pds_retrieval event per row: the two patients asked for, the others' from the cache.
    const pds = gw.audits.filter((event) => event.audit === 'pds_retrieval');
    expect(pds.map((event) => event.ubrn).sort()).toEqual(ROWS);
    expect(pds.filter((event) => !event.cached).map((event) => event.ubrn)).toContain(
      '000000090002',
    );
    expect(pds.filter((event) => !event.cached)).toHaveLength(2);
    expect(pds.every((event) => event.outcome === 'ok' && event.result === 'success')).toBe(true);
  });

  it('asks PDS once per patient per session across the A&G worklist and the request’s banner', async () => {
    await startAtRcd();
    gw.upstream.on('GET', '/referrals/FHIR/STU3/CommunicationRequest/000000090000', {
      status: 200,
      body: ADVICE_REQUESTS.get('000000090000')!.resource,
    });
    await gw.request('/api/advice-and-guidance');
    await rows(ROWS.slice(0, 2));
    const banner = await gw.request('/api/advice-and-guidance/000000090000/patient');
    expect(await banner.json()).toMatchObject({ status: 'found' });
    expect(pdsCalls()).toHaveLength(1);
    expect(gw.audits.filter((event) => event.audit === 'pds_retrieval').at(-1)).toMatchObject({
      ubrn: '000000090000',
      cached: true,
    });
  });

  it('asks A023 once more when this process has not served the list, then names its rows', async () => {
    await startAtRcd();
    const response = await rows(ROWS.slice(0, 1));
    expect(response.status).toBe(200);
    expect(a023Calls()).toHaveLength(1);
    expect(pdsCalls()).toHaveLength(1);
  });

  it('refuses the whole request before PDS when a row is on no A&G worklist served', async () => {
    await startAtRcd();
    await gw.request('/api/advice-and-guidance');
    // 0000 0009 0003 is another provider's request; 0000 0007 0000 a referral.
    for (const stranger of ['000000090003', '000000070000']) {
      const response = await rows([ROWS[0]!, stranger]);
      expect(response.status).toBe(403);
      expect(await problemOf(response)).toMatchObject({ code: 'no_access' });
    }
    // The list asked for again once per refused request, never PDS.
    expect(a023Calls()).toHaveLength(3);
    expect(pdsCalls()).toEqual([]);
  });

  it('refuses a referring clinician, who has no A&G worklist, without asking e-RS or PDS', async () => {
    await startAtRcd({ session: { odsCode: 'RCD', businessFunction: 'REFERRING_CLINICIAN' } });
    const response = await rows(ROWS.slice(0, 1));
    expect(response.status).toBe(403);
    expect(gw.upstream.calls).toEqual([]);
  });
});
