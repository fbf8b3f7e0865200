/**
 * The worklist's patients route in-process, e-RS and PDS as a MockAgent: names and dates of birth
 * for rows of a worklist the session was served, looked up by the NHS numbers A008 gave (never
 * ones the browser sends), each state of a PDS record per row, PDS's rate limit, the session
 * cache shared with the banner, and one audit event per row looked up.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { WorklistPatientsSchema } from '@ers/shared/worklist-patients';
import { createTokenBucketLimiter } from '../src/ers/rate-limiter';
import {
  PDS_BASE,
  problemOf,
  specExample,
  startGateway,
  type Gateway,
  type GatewayOptions,
} from './support/harness';

const A008 = '/referrals/FHIR/STU3/ReferralRequest/$ers.fetchworklist';
const PDS_PATH = new URL(PDS_BASE).pathname;
const NHS_NUMBER_SYSTEM_STU3 = 'http://fhir.nhs.net/Id/nhs-number';

/** Valid (Modulus 11) NHS numbers, one per row. */
const NUMBERS = [
  '9912003888',
  '9462979626',
  '9000000009',
  '9000000017',
  '9000000025',
  '9000000033',
  '9000000041',
  '9000000068',
  '9000000076',
  '9000000084',
];
const ubrnOf = (index: number) => `00000008${String(index).padStart(4, '0')}`;

type Entry = { item: { reference: string }; extension: { extension: { url: string }[] }[] };
type List = { entry: Entry[]; contained: { id: string }[] };

/** The spec's referrals-for-review example with one row per NHS number (null: no patient). */
function worklistOf(nhsNumbers: (string | null)[]) {
  const list = specExample(
    '/STU3/ReferralRequest/$ers.fetchworklist',
    'post',
    'referrals-for-review',
  ) as List;
  const template = list.entry[0]!;
  list.contained = list.contained.filter((resource) => !resource.id.startsWith('Patient-'));
  list.entry = nhsNumbers.map((nhsNumber, index) => {
    const entry = structuredClone(template);
    entry.item.reference = `ReferralRequest/${ubrnOf(index)}`;
    const fields = entry.extension[0]!.extension;
    const patient = fields.find((field) => field.url === 'patient') as unknown as {
      valueReference: { reference: string };
    };
    if (nhsNumber === null) {
      entry.extension[0]!.extension = fields.filter((field) => field.url !== 'patient');
    } else {
      patient.valueReference.reference = `#Patient-${index}`;
      list.contained.push({
        id: `Patient-${index}`,
        resourceType: 'Patient',
        identifier: [{ system: NHS_NUMBER_SYSTEM_STU3, value: nhsNumber }],
      } as { id: string });
    }
    return entry;
  });
  return list;
}

function pdsPatient(id: string, security = 'U', family = 'Smith') {
  return {
    resourceType: 'Patient',
    id,
    identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: id }],
    meta: { versionId: '2', security: [{ code: security }] },
    name: [{ use: 'usual', given: ['Jane', 'Anne'], family, prefix: ['Mrs'] }],
    gender: 'female',
    birthDate: '2010-10-22',
    address: [{ use: 'home', line: ['1 Trevelyan Square'], postalCode: 'LS1 6AE' }],
    telecom: [{ system: 'phone', value: '01632960587' }],
    generalPractitioner: [
      { identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'Y12345' } },
    ],
  };
}

const pdsError = (status: number, code: string) => ({
  status,
  body: {
    resourceType: 'OperationOutcome',
    issue: [{ code: 'not-found', details: { coding: [{ code }] } }],
  },
});

let gw: Gateway;
afterEach(async () => {
  await gw?.close();
});

/** A gateway whose e-RS lists `nhsNumbers` and whose PDS knows each as an ordinary patient. */
async function start(nhsNumbers: (string | null)[], options: GatewayOptions = {}) {
  gw = await startGateway(options);
  // The list asked for; any other list type is empty.
  gw.upstream.on('POST', A008, (call) => ({
    status: 200,
    body: worklistOf(call.body?.includes('"REFERRALS_FOR_REVIEW"') ? nhsNumbers : []),
  }));
  gw.upstream.on('GET', new RegExp(`^${PDS_PATH}/Patient/(\\d{10})$`), (call) => ({
    status: 200,
    body: pdsPatient(call.path.slice(-10)),
  }));
  return gw;
}

const pdsCalls = () => gw.upstream.calls.filter((call) => call.path.startsWith(PDS_PATH));
const pdsAudits = () => gw.audits.filter((line) => line.audit === 'pds_retrieval');
const worklist = (sessionId?: string, listType = 'REFERRALS_FOR_REVIEW') =>
  gw.request(`/api/worklists/${listType}`, sessionId ? { sessionId } : {});
const patients = (
  ubrns: string[],
  { sessionId, listType = 'REFERRALS_FOR_REVIEW' }: { sessionId?: string; listType?: string } = {},
) =>
  gw.request(
    `/api/worklists/${listType}/patients?${ubrns.map((ubrn) => `ubrn=${ubrn}`).join('&')}`,
    sessionId ? { sessionId } : {},
  );
const patientsOf = async (ubrns: string[], sessionId?: string) => {
  const response = await patients(ubrns, sessionId ? { sessionId } : {});
  expect(response.status).toBe(200);
  return WorklistPatientsSchema.parse(await response.json()).patients;
};

describe('GET /api/worklists/{listType}/patients', () => {
  it('names the rows of the worklist served, from PDS, by the NHS numbers A008 gave', async () => {
    await start(NUMBERS.slice(0, 3));
    expect((await worklist()).status).toBe(200);
    const response = await patients([ubrnOf(0), ubrnOf(1), ubrnOf(2)]);
    const text = await response.text();
    expect(WorklistPatientsSchema.parse(JSON.parse(text)).patients).toEqual(
      [0, 1, 2].map((index) => ({
        status: 'found',
        ubrn: ubrnOf(index),
        name: { prefix: ['Mrs'], given: ['Jane', 'Anne'], family: 'Smith', suffix: [] },
        birthDate: '2010-10-22',
        restricted: false,
        currentNhsNumber: null,
      })),
    );
    // A row has room for a name and a date of birth: nothing else of the record is sent.
    expect(text).not.toMatch(/LS1 6AE|Trevelyan|Y12345|01632960587|female/);
    expect(pdsCalls().map((call) => call.path)).toEqual(
      NUMBERS.slice(0, 3).map((nhsNumber) => `${PDS_PATH}/Patient/${nhsNumber}`),
    );
    expect(pdsCalls()[0]!.headers).toMatchObject({
      authorization: 'Bearer apim-token-1',
      'nhsd-session-urid': '555032008102',
      'nhsd-end-user-organisation-ods': 'R69',
    });
    // e-RS is not asked again, and each row looked up has its own audit event (no NHS number).
    expect(gw.upstream.ersCalls().filter((call) => call.path === A008)).toHaveLength(1);
    expect(pdsAudits()).toEqual(
      [0, 1, 2].map((index) =>
        expect.objectContaining({ ubrn: ubrnOf(index), outcome: 'ok', result: 'success' }),
      ),
    );
    expect(gw.rawLog.join('\n')).not.toMatch(/9912003888|9462979626|Smith|2010-10-22/);
  });

  it.each([
    ['a UBRN on no worklist', () => patients([ubrnOf(0), '000000099999'])],
    [
      'a row of another list type',
      () => patients([ubrnOf(0)], { listType: 'APPOINTMENT_SLOT_ISSUES' }),
    ],
  ])('refuses %s without asking PDS', async (_, ask) => {
    await start(NUMBERS.slice(0, 1));
    expect((await worklist()).status).toBe(200);
    const response = await ask();
    expect(response.status).toBe(403);
    expect(await problemOf(response)).toMatchObject({ code: 'no_access' });
    expect(pdsCalls()).toHaveLength(0);
    expect(pdsAudits()).toHaveLength(0);
  });

  it('asks A008 again for a list this process did not serve (another instance did), then refuses what is not on it', async () => {
    await start(NUMBERS.slice(0, 2));
    expect(await patientsOf([ubrnOf(0), ubrnOf(1)])).toEqual([
      expect.objectContaining({ status: 'found', ubrn: ubrnOf(0) }),
      expect.objectContaining({ status: 'found', ubrn: ubrnOf(1) }),
    ]);
    const a008 = () => gw.upstream.ersCalls().filter((call) => call.path === A008);
    expect(a008()).toHaveLength(1);
    // Unfiltered: a filtered list's rows are among them.
    expect(JSON.parse(a008()[0]!.body!)).toMatchObject({ parameter: [{ name: 'listType' }] });
    expect(JSON.parse(a008()[0]!.body!).parameter).toHaveLength(1);
    // Remembered now: no A008 for the next rows.
    await patientsOf([ubrnOf(1)]);
    expect(a008()).toHaveLength(1);
    // A UBRN on no list: A008 asked once more, and PDS not at all.
    const response = await patients(['000000099999']);
    expect(response.status).toBe(403);
    expect(a008()).toHaveLength(2);
    expect(pdsCalls()).toHaveLength(2);
  });

  it.each([
    ['no UBRN', '/api/worklists/REFERRALS_FOR_REVIEW/patients'],
    ['a malformed UBRN', '/api/worklists/REFERRALS_FOR_REVIEW/patients?ubrn=12345'],
    [
      'more than five rows',
      `/api/worklists/REFERRALS_FOR_REVIEW/patients?${[0, 1, 2, 3, 4, 5].map((index) => `ubrn=${ubrnOf(index)}`).join('&')}`,
    ],
  ])('refuses %s as a bad request', async (_, path) => {
    await start(NUMBERS.slice(0, 6));
    await worklist();
    const response = await gw.request(path);
    expect(response.status).toBe(400);
    expect(pdsCalls()).toHaveLength(0);
  });

  it('refuses a list the role may not see, as the worklist does', async () => {
    await start(NUMBERS.slice(0, 1));
    const response = await patients([ubrnOf(0)], { listType: 'AWAITING_BOOKING' });
    expect(response.status).toBe(403);
    expect(pdsCalls()).toHaveLength(0);
  });

  it('shows each kind of record as a row should: restricted, very restricted, superseded, none', async () => {
    const [unrestricted, restricted, veryRestricted, merged, unknown, invalidated, down] = NUMBERS;
    await start([
      unrestricted!,
      restricted!,
      veryRestricted!,
      merged!,
      unknown!,
      invalidated!,
      down!,
      '9000000000',
      null,
    ]);
    const on = (nhsNumber: string, reply: Parameters<Gateway['upstream']['on']>[2]) =>
      gw.upstream.on('GET', `${PDS_BASE}/Patient/${nhsNumber}`, reply);
    on(restricted!, { status: 200, body: pdsPatient(restricted!, 'R', 'Restricted') });
    on(veryRestricted!, { status: 200, body: pdsPatient(veryRestricted!, 'V', 'Hidden') });
    on(merged!, { status: 200, body: pdsPatient('9462979626', 'U', 'Current') });
    on(unknown!, pdsError(404, 'RESOURCE_NOT_FOUND'));
    on(invalidated!, pdsError(404, 'INVALIDATED_RESOURCE'));
    on(down!, { status: 503 });
    await worklist();
    const ubrns = [0, 1, 2, 3, 4, 5, 6, 7, 8].map(ubrnOf);
    const response = await patients(ubrns.slice(0, 5));
    const text = await response.text();
    const rows = [
      ...WorklistPatientsSchema.parse(JSON.parse(text)).patients,
      ...(await patientsOf(ubrns.slice(5))),
    ];
    expect(rows).toEqual([
      expect.objectContaining({ status: 'found', restricted: false }),
      expect.objectContaining({
        status: 'found',
        restricted: true,
        name: expect.objectContaining({ family: 'Restricted' }),
        birthDate: '2010-10-22',
      }),
      { status: 'not_shown', ubrn: ubrns[2], reason: 'restricted' },
      expect.objectContaining({
        status: 'found',
        name: expect.objectContaining({ family: 'Current' }),
        currentNhsNumber: '9462979626',
      }),
      { status: 'not_shown', ubrn: ubrns[4], reason: 'not_found' },
      { status: 'not_shown', ubrn: ubrns[5], reason: 'invalidated' },
      { status: 'not_shown', ubrn: ubrns[6], reason: 'unavailable' },
      { status: 'not_shown', ubrn: ubrns[7], reason: 'invalid_nhs_number' },
      { status: 'not_shown', ubrn: ubrns[8], reason: 'no_nhs_number' },
    ]);
    expect(text).not.toMatch(/Hidden|LS1 6AE|Trevelyan|Y12345/);
    // The number failing Modulus 11 and the row without one were never sent to PDS.
    expect(pdsCalls().map((call) => call.path.slice(-10))).not.toContain('9000000000');
    expect(pdsCalls()).toHaveLength(7 + 2); // PDS's 503 is retried twice within the limit
    // Rows are looked up together, so their events come in the order PDS answered.
    const audited = pdsAudits().map((event) => [event.ubrn, event.outcome, event.result]);
    expect(audited.sort()).toEqual([
      [ubrns[0], 'ok', 'success'],
      [ubrns[1], 'ok', 'success'],
      [ubrns[2], 'ok', 'success'],
      [ubrns[3], 'ok', 'success'],
      [ubrns[4], 'not_found', 'success'],
      [ubrns[5], 'invalidated', 'success'],
      [ubrns[6], 'unavailable', 'failure'],
      [ubrns[7], 'invalid_nhs_number', 'success'],
    ]);
  });

  it('asks PDS once per patient per session: again, on another list, or after the banner', async () => {
    await start([NUMBERS[0]!, NUMBERS[1]!, NUMBERS[0]!]);
    gw.upstream.on('GET', /\/ReferralRequest\/\d{12}$/, (call) => {
      const referral = specExample('/STU3/ReferralRequest/{ubrn}', 'get', 'unbooked') as {
        id: string;
        subject: { identifier: { value: string } };
      };
      referral.id = call.path.slice(-12);
      referral.subject.identifier.value = NUMBERS[call.path.endsWith('0') ? 0 : 1]!;
      return { status: 200, body: referral };
    });
    // The banner of the first row's referral first.
    expect((await gw.request(`/api/referrals/${ubrnOf(0)}/patient`)).status).toBe(200);
    await worklist();
    await patientsOf([ubrnOf(0), ubrnOf(1), ubrnOf(2)]);
    await patientsOf([ubrnOf(0), ubrnOf(1), ubrnOf(2)]);
    expect(pdsCalls()).toHaveLength(2);
    // One event per row served (and the banner's): PDS asked for the banner and for row 1 only.
    expect(pdsAudits()).toHaveLength(7);
    expect(pdsAudits().filter((event) => !event.cached)).toEqual([
      expect.objectContaining({ ubrn: ubrnOf(0) }),
      expect.objectContaining({ ubrn: ubrnOf(1) }),
    ]);
    // Another session asks for itself.
    const other = await gw.signIn();
    await worklist(other);
    await patientsOf([ubrnOf(0)], other);
    expect(pdsCalls()).toHaveLength(3);
  });

  it('keeps to PDS’s limit: ten patients are ten calls, at most five a second', async () => {
    await start(NUMBERS, {
      pds: {
        limiter: createTokenBucketLimiter({ perSecond: 5, burst: 5 }),
        sleep: (ms) => delay(ms),
      },
    });
    const times: number[] = [];
    gw.upstream.on('GET', new RegExp(`^${PDS_PATH}/Patient/(\\d{10})$`), (call) => {
      times.push(performance.now());
      return { status: 200, body: pdsPatient(call.path.slice(-10)) };
    });
    await worklist();
    // As the SPA asks, five rows a request, here both at once.
    const [first, second] = await Promise.all([
      patientsOf([0, 1, 2, 3, 4].map(ubrnOf)),
      patientsOf([5, 6, 7, 8, 9].map(ubrnOf)),
    ]);
    expect([...first, ...second].every((row) => row.status === 'found')).toBe(true);
    expect(times).toHaveLength(10);
    // A bucket of five, refilled at five a second: call k (from 0) no sooner than (k - 4) / 5 s.
    for (const [k, at] of times.entries()) {
      expect(at - times[0]!).toBeGreaterThanOrEqual(Math.max(0, k - 4) * 200 - 15);
    }
  });

  it('says so in every row where no PDS is configured', async () => {
    await start(NUMBERS.slice(0, 2), { pds: null });
    await worklist();
    expect(await patientsOf([ubrnOf(0), ubrnOf(1)])).toEqual([
      { status: 'not_shown', ubrn: ubrnOf(0), reason: 'not_configured' },
      { status: 'not_shown', ubrn: ubrnOf(1), reason: 'not_configured' },
    ]);
  });
});
